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
import dev.nnc.runtime.Float32Model;
import dev.nnc.runtime.GeneratedModel;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Modifier;

/**
 * The code generator: one {@link Plan} → one Java class in {@value #PACKAGE} implementing
 * {@link GeneratedModel}. Every tensor is a {@code final double[]} field of static size (a
 * {@code float[]} one in {@link Precision#FLOAT32}, behind {@code double[]} mirrors, see
 * {@link Boundary}; in a class of thousands of tensors, an element of a table, see {@link Slots}); forward, backward and update are straight-line loop nests with constant
 * bounds and allocate nothing. The output depends only on the plan and the precision (no hash
 * order reaches it).
 */
public final class JavaEmitter {
    public static final String PACKAGE = "dev.nnc.generated";

    /** Constants with more elements than this are stored packed instead of as array literals. */
    static final int LITERAL_CONSTANT_LIMIT = 32;

    /** Above this many arrays, a class keeps them in {@link Slots} instead of fields. */
    static final int FIELDS_IN_CONSTRUCTOR = 2_000;

    /** Statements per constructor helper of a large class: about 10 KB of bytecode. */
    static final int STATEMENTS_PER_INIT_METHOD = 1_000;

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
        for (Storage.Scratch t : storage.scratch()) elements += t.size();
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
        return emit(plan, precision, FIELDS_IN_CONSTRUCTOR);
    }

    /** With the threshold above which arrays live in {@link Slots} instead of fields (tests lower it). */
    static JavaFile emit(Plan plan, Precision precision, int fieldsInConstructor) {
        String className = plan.className();
        if (className == null || !SourceVersion.isName(className) || className.contains(".")) {
            throw new IllegalArgumentException("not a Java class name: " + className);
        }
        ScalarType scalar = ScalarType.of(precision);
        Schedule schedule = new Schedule(plan);
        Names names = new Names();
        Storage storage = new Storage(plan, schedule, names, scalar);
        Bodies bodies = new Bodies(plan, storage);
        UpdateEmitter update = new UpdateEmitter(plan, storage, bodies.parts());
        Boundary boundary = new Boundary(plan, storage, update, bodies.parts());

        // a float class with an update also shows its float arrays (Float32Model), for loops that skip the mirrors
        boolean floatModel = boundary.mirrored() && plan.update() != null;
        TypeSpec.Builder type = TypeSpec.classBuilder(className)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(floatModel ? Float32Model.class : GeneratedModel.class)
                .addJavadoc("A model compiled by nnc: forward values, gradients and one optimizer step.\n");
        if (scalar.isFloat()) {
            type.addJavadoc("Computes in float32; the arrays it hands out are float64 mirrors, read and written at every call"
                    + (plan.update() != null ? " (Float32Model: its float arrays, and a step without the mirrors).\n" : ".\n"));
        }
        for (Node c : storage.constants()) type.addField(constantField(c, storage.array(c), scalar));
        for (Node f : storage.schedule().argmaxKept()) {
            type.addField(FieldSpec.builder(int[].class, storage.argmaxArray(f), Modifier.PRIVATE, Modifier.FINAL)
                    .initializer("new int[$L]", f.shape().size()).build());
        }
        List<FieldSpec> arrays = new ArrayList<>();
        for (Node p : plan.params()) arrays.add(arrayField(storage.array(p), p.shape().size(), scalar));
        for (Node in : plan.inputs()) arrays.add(arrayField(storage.array(in), in.shape().size(), scalar));
        for (Node n : storage.buffers()) arrays.add(arrayField(storage.array(n), n.shape().size(), scalar));
        for (Storage.Scratch t : storage.scratch()) arrays.add(arrayField(t.name(), t.size(), scalar));
        for (int i = 0; i < plan.values().size(); i++) {
            if (storage.valueCopied(i)) {
                arrays.add(arrayField(storage.valueArray(i), plan.values().get(i).node().shape().size(), scalar));
            }
        }
        for (int i = 0; i < plan.gradients().size(); i++) {
            if (storage.gradientCopied(i)) {
                arrays.add(arrayField(storage.gradientArray(i), plan.gradients().get(i).node().shape().size(), scalar));
            }
        }
        arrays.addAll(update.fields());
        arrays.addAll(boundary.fields());
        // a large class keeps its arrays in tables (see Slots): as fields, their initializers would all
        // compile into the constructor, past the JVM's 64 KB a method (about 7,000 arrays), and their
        // constants past the class file's 65,535 (about 20,000 arrays)
        Slots slots = arrays.size() > fieldsInConstructor ? new Slots(names) : null;
        for (FieldSpec f : arrays) {
            if (slots != null && Slots.fits(f)) slots.add(f);
            else type.addField(f);
        }
        if (slots != null) type.addFields(slots.tableFields());

        List<String> params = new ArrayList<>(), inputs = new ArrayList<>(), values = new ArrayList<>(), grads = new ArrayList<>();
        List<String> state = new ArrayList<>();
        for (Node p : plan.params()) params.add(boundary.outside(storage.array(p)));
        for (Node in : plan.inputs()) inputs.add(boundary.outside(storage.array(in)));
        for (int i = 0; i < plan.values().size(); i++) values.add(boundary.outside(storage.valueArray(i)));
        for (int i = 0; i < plan.gradients().size(); i++) grads.add(boundary.outside(storage.gradientArray(i)));
        for (String s : update.stateArrays()) state.add(boundary.outside(s));
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC);
        if (slots != null) chunked(type, constructor, names.allocate("", "allocate", "method:allocate"), slots.allocations());
        table(type, constructor, names.get("field:params"), "params", params, slots, names, TypeName.DOUBLE);
        table(type, constructor, names.get("field:inputs"), "inputs", inputs, slots, names, TypeName.DOUBLE);
        table(type, constructor, names.get("field:values"), "values", values, slots, names, TypeName.DOUBLE);
        table(type, constructor, names.get("field:gradients"), "gradients", grads, slots, names, TypeName.DOUBLE);
        if (floatModel) {
            List<String> fp = new ArrayList<>(), fi = new ArrayList<>(), fv = new ArrayList<>(), fg = new ArrayList<>();
            for (Node p : plan.params()) fp.add(storage.array(p));
            for (Node in : plan.inputs()) fi.add(storage.array(in));
            for (int i = 0; i < plan.values().size(); i++) fv.add(storage.valueArray(i));
            for (int i = 0; i < plan.gradients().size(); i++) fg.add(storage.gradientArray(i));
            table(type, constructor, names.allocate("", "floatParams", "field:floatParams"), "floatParams", fp, slots, names, TypeName.FLOAT);
            table(type, constructor, names.allocate("", "floatInputs", "field:floatInputs"), "floatInputs", fi, slots, names, TypeName.FLOAT);
            table(type, constructor, names.allocate("", "floatValues", "field:floatValues"), "floatValues", fv, slots, names, TypeName.FLOAT);
            table(type, constructor, names.allocate("", "floatGradients", "field:floatGradients"), "floatGradients", fg, slots, names, TypeName.FLOAT);
            table(type, constructor, names.allocate("", "floatState", "field:floatState"), "floatOptimizerState",
                    update.stateArrays(), slots, names, TypeName.FLOAT);
        }
        if (plan.update() != null) {
            table(type, constructor, names.allocate("", "state", "field:state"), "optimizerState", state, slots, names, TypeName.DOUBLE);
            String t = names.get("field:t");
            type.addMethod(MethodSpec.methodBuilder("updates").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                    .returns(long.class).addStatement("return $N", t).build());
            type.addMethod(MethodSpec.methodBuilder("updates").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                    .addParameter(long.class, "count").addStatement("$N = count", t).build());
        }
        type.addMethod(constructor.build());

        List<Statements.Stmt> forward = bodies.forward(), backward = bodies.backward();
        if (floatModel) {
            // a float class with an update: the computing statements in methods of their own, so that
            // step() can run all three phases with one round of conversions, and floatStep() with none
            // (BENCHMARKS.md, "float32")
            String forwardBody = names.allocate("", "forwardBody", "method:forwardBody");
            String backwardBody = names.allocate("", "backwardBody", "method:backwardBody");
            String updateBody = names.allocate("", "updateBody", "method:updateBody");
            phase(type, forwardBody, false, CodeBlock.of(""), Statements.chunks(forward, plan.sourceLines()), slots);
            phase(type, backwardBody, false, CodeBlock.of(""), Statements.chunks(backward, plan.sourceLines()), slots);
            phase(type, updateBody, false, update.prologue(), Statements.chunks(update.perParam(), plan.sourceLines()), slots);
            List<Statements.Stmt> f = call(forwardBody), b = call(backwardBody), u = call(updateBody);
            phase(type, "forward", true, CodeBlock.of(""), Statements.chunks(boundary.forward(f), plan.sourceLines()), slots);
            phase(type, "backward", true, CodeBlock.of(""), Statements.chunks(boundary.backward(b), plan.sourceLines()), slots);
            phase(type, "update", true, CodeBlock.of(""), Statements.chunks(boundary.update(u), plan.sourceLines()), slots);
            phase(type, "step", true, CodeBlock.of(""), Statements.chunks(boundary.step(f, b, u), plan.sourceLines()), slots);
            List<Statements.Stmt> fbu = new ArrayList<>(f);
            fbu.addAll(b);
            fbu.addAll(u);
            phase(type, "floatStep", true, CodeBlock.of(""), Statements.chunks(fbu, plan.sourceLines()), slots);
            phase(type, "narrowMirrors", true, CodeBlock.of(""), Statements.chunks(boundary.narrowAll(), plan.sourceLines()), slots);
            phase(type, "widenMirrors", true, CodeBlock.of(""), Statements.chunks(boundary.widenAll(), plan.sourceLines()), slots);
        } else {
            phase(type, "forward", true, CodeBlock.of(""), Statements.chunks(boundary.forward(forward), plan.sourceLines()), slots);
            phase(type, "backward", true, CodeBlock.of(""), Statements.chunks(boundary.backward(backward), plan.sourceLines()), slots);
            phase(type, "update", true, update.prologue(), Statements.chunks(boundary.update(update.perParam()), plan.sourceLines()), slots);
        }

        List<CodeBlock> shared = bodies.parts().bodies();
        if (!shared.isEmpty()) {
            // loops two threads share: Parts.Shared.run calls part(k, lo, hi) on each thread
            type.addSuperinterface(dev.nnc.runtime.Parts.class);
            MethodSpec.Builder dispatch = MethodSpec.methodBuilder("part").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                    .addParameter(int.class, "k").addParameter(int.class, "lo").addParameter(int.class, "hi");
            dispatch.beginControlFlow("switch (k)");
            for (int k = 0; k < shared.size(); k++) {
                String name = names.allocate("", "part" + k, "method:part" + k);
                // the last part as the default: k comes only from this class, and a throw would allocate
                if (k < shared.size() - 1) dispatch.addStatement("case $L: $N(lo, hi); return", k, name);
                else dispatch.addStatement("default: $N(lo, hi)", name);
                type.addMethod(MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE)
                        .addParameter(int.class, "lo").addParameter(int.class, "hi")
                        .addComment("iterations [lo, hi) of the loop that Parts.Shared.run(this, $L, …) shares", k)
                        .addCode(slots == null ? shared.get(k) : slots.withLocals(shared.get(k))).build());
            }
            dispatch.endControlFlow();
            type.addMethod(dispatch.build());
        }

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

    /**
     * A {@code double[][]} field built once in the constructor, and its accessor. In a large class
     * (with {@code slots}) the constructor only allocates it, and methods of their own fill it (an
     * element costs about ten bytes of bytecode).
     */
    private static void table(TypeSpec.Builder type, MethodSpec.Builder constructor, String field, String method,
                              List<String> arrays, Slots slots, Names names, TypeName element) {
        TypeName tableType = ArrayTypeName.of(ArrayTypeName.of(element));
        type.addField(FieldSpec.builder(tableType, field, Modifier.PRIVATE, Modifier.FINAL).build());
        if (slots != null) {
            constructor.addStatement("$N = new $T[$L][]", field, element, arrays.size());
            // each helper indexes from a base of its own: an index past 32,767 would be a constant of its own
            String fill = names.allocate("", "fill_" + method, "method:fill:" + method);
            for (int from = 0, part = 0; from < arrays.size(); from += STATEMENTS_PER_INIT_METHOD, part++) {
                MethodSpec.Builder m = MethodSpec.methodBuilder(fill + part).addModifiers(Modifier.PRIVATE)
                        .addStatement("final int base = $L", from);
                for (int i = from; i < Math.min(arrays.size(), from + STATEMENTS_PER_INIT_METHOD); i++) {
                    m.addStatement("$N[base + $L] = $L", field, i - from, slots.ref(arrays.get(i)));
                }
                type.addMethod(m.build());
                constructor.addStatement("$N()", fill + part);
            }
        } else {
            List<CodeBlock> items = new ArrayList<>();
            for (String a : arrays) items.add(CodeBlock.of("$N", a));
            constructor.addStatement("$N = new $T[][] {$L}", field, element, CodeBlock.join(items, ", "));
        }
        type.addMethod(MethodSpec.methodBuilder(method)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(tableType)
                .addStatement("return $N", field)
                .build());
    }

    /** Statements run by the constructor through private methods {@code name0()}, {@code name1()}, … of a bounded size each. */
    private static void chunked(TypeSpec.Builder type, MethodSpec.Builder constructor, String name, List<CodeBlock> statements) {
        for (int from = 0, part = 0; from < statements.size(); from += STATEMENTS_PER_INIT_METHOD, part++) {
            MethodSpec.Builder m = MethodSpec.methodBuilder(name + part).addModifiers(Modifier.PRIVATE);
            for (CodeBlock c : statements.subList(from, Math.min(statements.size(), from + STATEMENTS_PER_INIT_METHOD))) m.addCode(c);
            type.addMethod(m.build());
            constructor.addStatement("$N()", name + part);
        }
    }

    /**
     * {@code name()} running the chunks, inline when there is one, else via {@code name0()},
     * {@code name1()}, …; with {@code slots}, each method first reads the arrays it names.
     */
    /** One statement calling a method of the class. */
    private static List<Statements.Stmt> call(String method) {
        return List.of(new Statements.Stmt(dev.nnc.diag.Span.NONE, CodeBlock.builder().addStatement("$N()", method).build(), 1));
    }

    private static void phase(TypeSpec.Builder type, String name, boolean overrides, CodeBlock prologue, List<CodeBlock> chunks, Slots slots) {
        java.util.function.UnaryOperator<CodeBlock> body = slots == null ? c -> c : slots::withLocals;
        MethodSpec.Builder main = MethodSpec.methodBuilder(name);
        if (overrides) main.addAnnotation(Override.class).addModifiers(Modifier.PUBLIC);
        else main.addModifiers(Modifier.PRIVATE);
        List<MethodSpec> parts = new ArrayList<>();
        if (chunks.size() == 1) {
            main.addCode(body.apply(CodeBlock.builder().add(prologue).add(chunks.get(0)).build()));
        } else {
            CodeBlock.Builder calls = CodeBlock.builder().add(prologue);
            for (int i = 0; i < chunks.size(); i++) {
                String part = name + i;
                calls.addStatement("$N()", part);
                parts.add(MethodSpec.methodBuilder(part).addModifiers(Modifier.PRIVATE).addCode(body.apply(chunks.get(i))).build());
            }
            main.addCode(body.apply(calls.build()));
        }
        type.addMethod(main.build());
        type.addMethods(parts);
    }
}
