package dev.nnc.codegen;

import com.palantir.javapoet.JavaFile;
import dev.nnc.runtime.GeneratedModel;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.janino.SimpleCompiler;

/** Compiles a generated class in memory with Janino and instantiates it. */
public final class JaninoCompiler {
    private JaninoCompiler() {}

    /** A fresh instance of the class {@code file} declares; its own class loader per call. */
    public static GeneratedModel load(JavaFile file) {
        String source = file.toString();
        String name = file.packageName() + "." + file.typeSpec().name();
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
        try {
            Class<?> type = compiler.getClassLoader().loadClass(name);
            return (GeneratedModel) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            throw new InternalCompilerError("the generated class did not load: " + e, source, e);
        }
    }
}
