package dev.nnc.api;

import dev.nnc.codegen.Plan;
import dev.nnc.ir.Node;
import dev.nnc.ir.Shape;
import dev.nnc.lower.Model;
import dev.nnc.runtime.GeneratedModel;
import java.util.List;
import java.util.Map;

/**
 * A compiled model: its params and inputs to set, values and gradients to read, and a training
 * step. Params start at the file's initial values and inputs at their declared defaults.
 * Arrays passed in are copied; arrays returned are copies.
 */
public final class CompiledModel {
    private final Compilation compilation;
    private final GeneratedModel runtime;
    private final String javaSource;
    private final Options options;

    CompiledModel(Compilation compilation, GeneratedModel runtime, String javaSource, Options options) {
        this.compilation = compilation;
        this.runtime = runtime;
        this.javaSource = javaSource;
        this.options = options;
        Plan plan = compilation.plan();
        for (int i = 0; i < plan.params().size(); i++) {
            System.arraycopy(model().params().get(i).value().data(), 0, runtime.params()[i], 0, runtime.params()[i].length);
        }
        for (int i = 0; i < plan.inputs().size(); i++) {
            var v = model().inputs().get(i).value();
            if (v != null) System.arraycopy(v.data(), 0, runtime.inputs()[i], 0, runtime.inputs()[i].length);
        }
    }

    /** The lowered, simplified model: names, shapes, initial values. */
    public Model model() { return compilation.model(); }

    /** Every pass's result, for printers and tests. */
    public Compilation compilation() { return compilation; }

    /** The generated Java source (null for the interpreted backend). */
    public String javaSource() { return javaSource; }

    /** The scalar differentiated, or null when the file has none and none was asked for. */
    public String objective() { return compilation.objective(); }

    /** Names of the values {@link #value} can read, in source order. */
    public List<String> valueNames() {
        return compilation.plan().values().stream().map(Plan.Named::name).filter(n -> !n.contains("#")).toList();
    }

    /** Names of the gradients {@link #gradient} can read (params first, then any extra --wrt). */
    public List<String> gradientNames() { return compilation.plan().gradients().stream().map(Plan.Named::name).toList(); }

    /** Compile time per stage in nanoseconds, in pipeline order. */
    public Map<String, Long> stageNanos() { return compilation.stageNanos(); }

    public void setParam(String name, double... values) { set(runtime.params(), compilation.plan().params(), name, values); }

    public void setInput(String name, double... values) { set(runtime.inputs(), compilation.plan().inputs(), name, values); }

    public double[] param(String name) { return runtime.params()[leafIndex(compilation.plan().params(), name)].clone(); }

    public double[] input(String name) { return runtime.inputs()[leafIndex(compilation.plan().inputs(), name)].clone(); }

    /** A named value, as computed by the last {@link #forward()}. */
    public double[] value(String name) { return runtime.values()[namedIndex(compilation.plan().values(), name)].clone(); }

    /** A gradient of the objective, as computed by the last {@link #backward()}. */
    public double[] gradient(String name) { return runtime.gradients()[namedIndex(compilation.plan().gradients(), name)].clone(); }

    public Shape shapeOf(String name) {
        for (Plan.Named n : compilation.plan().values()) if (n.name().equals(name)) return n.node().shape();
        for (Node n : compilation.plan().params()) if (name.equals(n.leafName())) return n.shape();
        for (Node n : compilation.plan().inputs()) if (name.equals(n.leafName())) return n.shape();
        throw new IllegalArgumentException("no value named '" + name + "'");
    }

    public void forward() {
        try {
            runtime.forward();
        } catch (RuntimeException e) {
            throw located(e);
        }
    }

    public void backward() {
        try {
            runtime.backward();
        } catch (RuntimeException e) {
            throw located(e);
        }
    }

    /** forward, backward and one optimizer update; a no-op update when the file names no optimizer. */
    public void step() {
        try {
            runtime.step();
        } catch (RuntimeException e) {
            throw located(e);
        }
    }

    /** A fault inside generated code, placed at the `.nn` line its statement came from. */
    public RuntimeException located(RuntimeException e) {
        if (javaSource == null) return e;
        String className = "dev.nnc.generated." + compilation.plan().className();
        int line = dev.nnc.codegen.SourceMap.of(javaSource).nnLine(e, className);
        if (line == 0) return e;
        return new GeneratedCodeFault(compilation.model().source().name() + ":" + line, e);
    }

    /** A fault inside generated code (a bug of nnc's), with the `.nn` position of the statement. */
    public static final class GeneratedCodeFault extends RuntimeException {
        GeneratedCodeFault(String position, RuntimeException cause) {
            super("in the code generated for " + position + ": " + cause, cause);
        }
    }

    /** Whether {@link #step()} changes the params (the file names an optimizer for this objective). */
    public boolean hasUpdate() { return compilation.plan().update() != null; }

    /**
     * Checks a hand-derived gradient, written as {@code "dL/dw = EXPRESSION"} in the `.nn`
     * language, against this model's: see {@link Verification}.
     */
    public Verification.Result verify(String claim) {
        return Verification.verify(compilation.model().source(), options, claim);
    }

    /** The generated (or interpreted) object itself, for benchmarks. */
    public GeneratedModel runtime() { return runtime; }

    private static void set(double[][] storage, List<Node> leaves, String name, double[] values) {
        int i = leafIndex(leaves, name);
        if (values.length != storage[i].length) {
            throw new IllegalArgumentException("'" + name + "' holds " + storage[i].length + " values, got " + values.length);
        }
        System.arraycopy(values, 0, storage[i], 0, values.length);
    }

    private static int leafIndex(List<Node> leaves, String name) {
        for (int i = 0; i < leaves.size(); i++) if (name.equals(leaves.get(i).leafName())) return i;
        throw new IllegalArgumentException("no such param or input: '" + name + "'");
    }

    private static int namedIndex(List<Plan.Named> list, String name) {
        for (int i = 0; i < list.size(); i++) if (list.get(i).name().equals(name)) return i;
        throw new IllegalArgumentException("no value or gradient named '" + name + "'");
    }
}
