package dev.nnc.codegen;

import com.palantir.javapoet.JavaFile;
import dev.nnc.runtime.GeneratedModel;
import java.util.Map;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.janino.SimpleCompiler;

/** Compiles a generated class in memory with Janino and instantiates it. */
public final class JaninoCompiler {
    private JaninoCompiler() {}

    /** A fresh instance of the class {@code file} declares; its own class loader per call. */
    public static GeneratedModel load(JavaFile file) {
        String source = file.toString();
        return instantiate(className(file), compile(className(file), source), source);
    }

    /** The binary name of the class {@code file} declares. */
    public static String className(JavaFile file) {
        return file.packageName() + "." + file.typeSpec().name();
    }

    /**
     * The class files Janino makes of a generated source: binary name → bytes (the class and
     * any nested ones). A compile cache keeps these, so that the next run skips Janino.
     */
    public static Map<String, byte[]> compile(String name, String source) {
        SimpleCompiler compiler = new SimpleCompiler();
        compiler.setParentClassLoader(GeneratedModel.class.getClassLoader());
        compiler.setDebuggingInformation(true, true, false); // file and line numbers: faults map back to the .nn line
        try {
            compiler.cook(name.replace('.', '/') + ".java", new java.io.StringReader(source));
        } catch (CompileException e) {
            throw new InternalCompilerError("Janino rejected the generated class: " + e.getMessage(), source, e);
        } catch (java.io.IOException e) {
            throw new InternalCompilerError("could not read the generated source: " + e.getMessage(), source, e);
        }
        return Map.copyOf(compiler.getBytecodes());
    }

    /** A fresh instance of class {@code name}, defined from {@code classes} in a class loader of its own. */
    public static GeneratedModel instantiate(String name, Map<String, byte[]> classes, String source) {
        try {
            Class<?> type = new BytesLoader(classes).loadClass(name);
            return (GeneratedModel) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            throw new InternalCompilerError("the generated class did not load: " + e, source, e);
        }
    }

    /** Defines the generated classes from their bytes; everything else comes from nnc's own loader. */
    private static final class BytesLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        BytesLoader(Map<String, byte[]> classes) {
            super(GeneratedModel.class.getClassLoader());
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name);
            if (bytes == null) throw new ClassNotFoundException(name);
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
