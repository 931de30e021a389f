package dev.nnc.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.nnc.ir.Attr;
import dev.nnc.ir.Node;
import dev.nnc.runtime.ConstantData;
import dev.nnc.runtime.GeneratedModel;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Modifier;

/**
 * The code generator: one {@link Plan} → one Java class in {@value #PACKAGE} implementing
 * {@link GeneratedModel}. Every tensor is a {@code final double[]} field of static size (a
 * {@code float[]} one in {@link Precision#FLOAT32}, behind {@code double[]} mirrors, see
 * {@link Boundary}); forward, backward and update are straight-line loop nests with constant
 * bounds and allocate nothing. The output depends only on the plan and the precision (no hash
 * order reaches it).
 */
public final class JavaEmitter {
    public static final String PACKAGE = "dev.nnc.generated";

    /** Constants with more elements than this are stored packed instead of as array literals. */
    static final int LITERAL_CONSTANT_LIMIT = 32;

    /** Past this many arrays the constructor allocates them in parts of {@link #PART} (the 64 KB method limit). */
    static final int INLINE_LIMIT = 2000;
    static final int PART = 500;

    /** Each array is a field, and a class's constant pool (65,535 entries) holds about three entries per field. */
    static final int MAX_ARRAYS = 15_000;

    private static final TypeName TABLE = ArrayTypeName.of(double[].class);

    private JavaEmitter() {}

    /**
     * The bytes of every array the class of {@code plan} allocates (params, inputs, buffers,
     * copies handed out, constants), and the largest array's node, so that a caller can check
     * them against the heap before the class is built.
     */
    public record Footprint(long bytes, Node largest) {}

    public static Footprint footprint(Plan plan, Precision precision) {
        ScalarType scalar = ScalarType.of(precision);
        Schedule schedule = new Schedule(plan);
        Storage storage = new Storage(plan, schedule, new Names(), scalar);
        long elements = 0;
        Node largest = null;
        List<Node> arrays = new ArrayList<>(plan.params());
        arrays.addAll(plan.inputs());
        arrays.addAll(storage.buffers());
        arrays.addAll(storage.constants());
        for (Node n : arrays) {
            elements += n.shape().sizeLong();
            if (largest == null || n.shape().sizeLong() > largest.shape().sizeLong()) largest = n;
        }
        for (int i = 0; i < plan.values().size(); i++) {
            if (storage.valueCopied(i)) elements += plan.values().get(i).node().shape().sizeLong();
        }
        for (int i = 0; i < plan.gradients().size(); i++) {
            if (storage.gradientCopied(i)) elements += plan.gradients().get(i).node().shape().sizeLong();
        }
        // optimizer state: up to two arrays per param
        for (Node p : plan.params()) elements += plan.update() == null ? 0 : 2 * p.shape().sizeLong();
        return new Footprint(elements * (scalar.isFloat() ? 4 : 8), largest);
    }

    /** The float64 class of {@code plan}. */
    public static JavaFile emit(Plan plan) {
        return emit(plan, Precision.FLOAT64);
    }

    /** The class of {@code plan} computing in {@code precision}. */
    public static JavaFile emit(Plan plan, Precision precision) {
        String className = plan.className();
        if (className == null || !SourceVersion.isName(className) || className.contains(".")) {
            throw new IllegalArgumentException("not a Java class name: " + className);
        }
        ScalarType scalar = ScalarType.of(precision);
        Schedule schedule = new Schedule(plan);
        Names names = new Names();
        Storage storage = new Storage(plan, schedule, names, scalar);
        Bodies bodies = new Bodies(plan, storage);
        UpdateEmitter update = new UpdateEmitter(plan, storage);
        Boundary boundary = new Boundary(plan, storage, update);

        TypeSpec.Builder type = TypeSpec.classBuilder(className)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(GeneratedModel.class)
                .addJavadoc("A model compiled by nnc: forward values, gradients and one optimizer step.\n");
        if (scalar.isFloat()) {
            type.addJavadoc("Computes in float32; the arrays it hands out are float64 mirrors, read and written at every call.\n");
        }
        for (Node c : storage.constants()) type.addField(constantField(c, storage.array(c), scalar));
        List<String> arrayNames = new ArrayList<>();
        List<Integer> arraySizes = new ArrayList<>();
        for (Node p : plan.params()) { arrayNames.add(storage.array(p)); arraySizes.add(p.shape().size()); }
        for (Node in : plan.inputs()) { arrayNames.add(storage.array(in)); arraySizes.add(in.shape().size()); }
        for (Node n : storage.buffers()) { arrayNames.add(storage.array(n)); arraySizes.add(n.shape().size()); }
        for (int i = 0; i < plan.values().size(); i++) {
            if (storage.valueCopied(i)) { arrayNames.add(storage.valueArray(i)); arraySizes.add(plan.values().get(i).node().shape().size()); }
        }
        for (int i = 0; i < plan.gradients().size(); i++) {
            if (storage.gradientCopied(i)) {
                arrayNames.add(storage.gradientArray(i));
                arraySizes.add(plan.gradients().get(i).node().shape().size());
            }
        }
        if (arrayNames.size() + storage.constants().size() > MAX_ARRAYS) {
            throw new dev.nnc.diag.CompileError(dev.nnc.diag.Span.START, "the model needs "
                    + (arrayNames.size() + storage.constants().size()) + " arrays in generated code, more than one Java class can hold ("
                    + MAX_ARRAYS + "); evaluate it with the reference interpreter instead (--reference)");
        }
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC);
        if (arrayNames.size() <= INLINE_LIMIT) {
            for (int i = 0; i < arrayNames.size(); i++) type.addField(arrayField(arrayNames.get(i), arraySizes.get(i), scalar));
        } else {
            // a constructor allocating thousands of arrays outgrows the JVM's 64 KB method limit: allocate in parts
            MethodSpec.Builder part = null;
            for (int i = 0; i < arrayNames.size(); i++) {
                type.addField(FieldSpec.builder(scalar.array(), arrayNames.get(i), Modifier.PRIVATE).build());
                if (i % PART == 0) {
                    if (part != null) type.addMethod(part.build());
                    String method = "allocate" + (i / PART);
                    constructor.addStatement("$N()", method);
                    part = MethodSpec.methodBuilder(method).addModifiers(Modifier.PRIVATE);
                }
                part.addStatement("$N = new $T[$L]", arrayNames.get(i), scalar.type(), arraySizes.get(i));
            }
            type.addMethod(part.build());
        }
        type.addFields(update.fields());
        type.addFields(boundary.fields());

        List<String> params = new ArrayList<>(), inputs = new ArrayList<>(), values = new ArrayList<>(), grads = new ArrayList<>();
        List<String> state = new ArrayList<>();
        for (Node p : plan.params()) params.add(boundary.outside(storage.array(p)));
        for (Node in : plan.inputs()) inputs.add(boundary.outside(storage.array(in)));
        for (int i = 0; i < plan.values().size(); i++) values.add(boundary.outside(storage.valueArray(i)));
        for (int i = 0; i < plan.gradients().size(); i++) grads.add(boundary.outside(storage.gradientArray(i)));
        for (String s : update.stateArrays()) state.add(boundary.outside(s));
        table(type, constructor, names.get("field:params"), "params", params);
        table(type, constructor, names.get("field:inputs"), "inputs", inputs);
        table(type, constructor, names.get("field:values"), "values", values);
        table(type, constructor, names.get("field:gradients"), "gradients", grads);
        if (plan.update() != null) {
            table(type, constructor, names.allocate("", "state", "field:state"), "optimizerState", state);
            String t = names.get("field:t");
            type.addMethod(MethodSpec.methodBuilder("updates").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                    .returns(long.class).addStatement("return $N", t).build());
            type.addMethod(MethodSpec.methodBuilder("updates").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                    .addParameter(long.class, "count").addStatement("$N = count", t).build());
        }
        type.addMethod(constructor.build());

        phase(type, "forward", CodeBlock.of(""), Statements.chunks(boundary.forward(bodies.forward()), plan.sourceLines()));
        phase(type, "backward", CodeBlock.of(""), Statements.chunks(boundary.backward(bodies.backward()), plan.sourceLines()));
        phase(type, "update", update.prologue(), Statements.chunks(boundary.update(update.perParam()), plan.sourceLines()));

        return JavaFile.builder(PACKAGE, type.build())
                .addFileComment(scalar.isFloat() ? "Generated by nnc from $L, computing in float32. Do not edit."
                        : "Generated by nnc from $L. Do not edit.", fileName(plan.sourceName()))
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }

    private static String fileName(String name) {
        String text = Statements.commentText(name);
        return text.isEmpty() ? "an unnamed source" : text;
    }

    private static FieldSpec arrayField(String name, int size, ScalarType scalar) {
        return FieldSpec.builder(scalar.array(), name, Modifier.PRIVATE, Modifier.FINAL)
                .initializer("new $T[$L]", scalar.type(), size)
                .build();
    }

    /**
     * Small constants as array literals, large ones packed (a literal array would overflow
     * {@code <clinit>}); a float class rounds each element to float.
     */
    private static FieldSpec constantField(Node c, String name, ScalarType scalar) {
        double[] v = ((Attr.Data) c.attr()).values();
        CodeBlock init;
        if (v.length <= LITERAL_CONSTANT_LIMIT) {
            List<CodeBlock> items = new ArrayList<>();
            for (double x : v) items.add(scalar.literal(x).code());
            init = CodeBlock.of("{$L}", CodeBlock.join(items, ", "));
        } else if (scalar.isFloat()) {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
            List<CodeBlock> chunks = new ArrayList<>();
            for (String s : ConstantData.packFloats(f, 4096)) chunks.add(CodeBlock.of("$S", s));
            init = CodeBlock.of("$T.unpackFloats(new String[] {$L})", ConstantData.class, CodeBlock.join(chunks, ", "));
        } else {
            List<CodeBlock> chunks = new ArrayList<>();
            for (String s : ConstantData.pack(v, 2048)) chunks.add(CodeBlock.of("$S", s));
            init = CodeBlock.of("$T.unpack(new String[] {$L})", ConstantData.class, CodeBlock.join(chunks, ", "));
        }
        return FieldSpec.builder(scalar.array(), name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer(init)
                .build();
    }

    /** A {@code double[][]} field built once in the constructor, and its accessor. */
    private static void table(TypeSpec.Builder type, MethodSpec.Builder constructor, String field, String method,
                              List<String> arrays) {
        type.addField(FieldSpec.builder(TABLE, field, Modifier.PRIVATE, Modifier.FINAL).build());
        if (arrays.size() <= INLINE_LIMIT) {
            List<CodeBlock> items = new ArrayList<>();
            for (String a : arrays) items.add(CodeBlock.of("$N", a));
            constructor.addStatement("$N = new double[][] {$L}", field, CodeBlock.join(items, ", "));
        } else {
            constructor.addStatement("$N = new double[$L][]", field, arrays.size());
            for (int from = 0; from < arrays.size(); from += PART) {
                String fill = method + "Part" + (from / PART);
                constructor.addStatement("$N()", fill);
                MethodSpec.Builder part = MethodSpec.methodBuilder(fill).addModifiers(Modifier.PRIVATE);
                for (int i = from; i < Math.min(arrays.size(), from + PART); i++) part.addStatement("$N[$L] = $N", field, i, arrays.get(i));
                type.addMethod(part.build());
            }
        }
        type.addMethod(MethodSpec.methodBuilder(method)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(TABLE)
                .addStatement("return $N", field)
                .build());
    }

    /** {@code name()} running the chunks, inline when there is one, else via {@code name0()}, {@code name1()}, …. */
    private static void phase(TypeSpec.Builder type, String name, CodeBlock prologue, List<CodeBlock> chunks) {
        MethodSpec.Builder main = MethodSpec.methodBuilder(name)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addCode(prologue);
        List<MethodSpec> parts = new ArrayList<>();
        if (chunks.size() == 1) {
            main.addCode(chunks.get(0));
        } else {
            for (int i = 0; i < chunks.size(); i++) {
                String part = name + i;
                main.addStatement("$N()", part);
                parts.add(MethodSpec.methodBuilder(part).addModifiers(Modifier.PRIVATE).addCode(chunks.get(i)).build());
            }
        }
        type.addMethod(main.build());
        type.addMethods(parts);
    }
}
