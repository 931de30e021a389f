package dev.nnc.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.codegen.JaninoCompiler;
import dev.nnc.codegen.JavaEmitter;
import dev.nnc.codegen.Plan;
import dev.nnc.codegen.Precision;
import dev.nnc.diag.Source;
import dev.nnc.ir.Dag;
import dev.nnc.ir.Node;
import dev.nnc.runtime.GeneratedModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated graphs of 10² and 10³ terms, and a chain of 10⁴ (every family at 10⁴ and 10⁵ with
 * {@code -Dnnc.scaling.large=true}: {@code mvn test -Dtest=ScalingTest -Dnnc.scaling.large=true}) compile
 * from text to a loaded class: no stack overflow, no method over the JVM's 64 KB of bytecode,
 * generated source at most {@link #BYTES_PER_NODE} bytes per IR node, and the gradient right.
 *
 * <p>The flat forms (a chain of statements, a deep MLP) run the whole pipeline on a thread with
 * the JVM's default 1 MB stack, not on {@link BigStack}: their IR is as deep as the nested forms'
 * (the chain's DAG is N levels deep), so this proves every pass after parsing iterative. The
 * nested forms (one N-deep expression, a long sum) need BigStack for the parser and the AST
 * builder only, which recurse along the nesting of the text.
 *
 * <p>Each case prints one line of numbers (stage times, source and class bytes): BENCHMARKS.md
 * "Scaling" comes from them. Times are reported, never asserted.
 */
class ScalingTest {
    /** A sum of N params costs two nodes a param but a field, table entries and an update loop: about 430 bytes a node. */
    static final int BYTES_PER_NODE = 600;
    private static final long SMALL_STACK = 1L << 20;

    /** A family of generated models: the text for N terms, and whether its text nests N deep. */
    enum Shape {
        CHAIN(false, ScalingTest::chain), NESTED(true, ScalingTest::nested), MLP(false, ScalingTest::mlp), SUM(true, ScalingTest::sum);

        final boolean nestedText;
        final IntFunction<String> text;

        Shape(boolean nestedText, IntFunction<String> text) {
            this.nestedText = nestedText;
            this.text = text;
        }
    }

    static Stream<Arguments> cases() {
        boolean large = Boolean.getBoolean("nnc.scaling.large");
        String only = System.getProperty("nnc.scaling.only", ""); // one case, e.g. CHAIN:100000
        List<Arguments> out = new ArrayList<>();
        for (Shape s : Shape.values()) {
            List<Integer> sizes = new ArrayList<>(List.of(100, 1_000));
            // the language nests brackets at most 256 deep; SUM is the deep form past that. MLP 10³ is 13,000
            // nodes and 9 s of Janino: it runs with the large cases
            if (s == Shape.NESTED || s == Shape.MLP && !large) sizes.set(1, 256);
            if (s == Shape.CHAIN || large) sizes.add(10_000); // the chain: a DAG 10⁴ deep on a 1 MB stack, in the default run
            // 10⁵ terms; the MLP's 10⁵-node case is 10⁴ layers (13 nodes a layer)
            if (large && s == Shape.SUM) sizes.add(50_000); // 10⁵ nodes: two per term
            if (large && s != Shape.NESTED && s != Shape.MLP) sizes.add(100_000);
            for (int n : sizes) if (only.isEmpty() || only.equals(s + ":" + n)) out.add(Arguments.of(s, n));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void compilesLinearlyWithoutOverflowOrHugeMethods(Shape shape, int n) throws Exception {
        Source source = new Source(shape.name().toLowerCase() + n + ".nn", shape.text.apply(n));
        Options options = Options.defaults().withClassName("Scale" + n + "Model");
        Map<String, Long> nanos = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        Compilation c = shape.nestedText ? Nnc.analyse(source, options) : onSmallStack(() -> Pipeline.run(source, options));
        nanos.putAll(c.stageNanos());
        Plan plan = c.plan();
        AtomicReference<String> java = new AtomicReference<>();
        AtomicReference<Map<String, byte[]>> classes = new AtomicReference<>();
        Runnable generate = () -> {
            long e0 = System.nanoTime();
            java.set(JavaEmitter.emit(plan, Precision.FLOAT64).toString());
            long e1 = System.nanoTime();
            classes.set(JaninoCompiler.compile("dev.nnc.generated." + plan.className(), java.get()));
            nanos.put("emit", e1 - e0);
            nanos.put("janino", System.nanoTime() - e1);
        };
        if (shape.nestedText) BigStack.call(() -> { generate.run(); return null; });
        else onSmallStack(() -> { generate.run(); return null; });
        GeneratedModel model = JaninoCompiler.instantiate("dev.nnc.generated." + plan.className(), classes.get(), java.get());
        long total = System.nanoTime() - t0;

        List<Node> roots = new ArrayList<>();
        plan.values().forEach(v -> roots.add(v.node()));
        plan.gradients().forEach(g -> roots.add(g.node()));
        int nodes = Dag.topo(roots).size();
        int classBytes = classes.get().values().stream().mapToInt(b -> b.length).sum();
        int largestMethod = classes.get().values().stream().mapToInt(ClassFiles::largestMethod).max().orElse(0);
        System.out.printf("scaling %-6s N=%-6d nodes=%-7d java=%-9d class=%-8d largest-method=%-6d total=%.0f ms %s%n",
                shape, n, nodes, java.get().length(), classBytes, largestMethod, total / 1e6, millis(nanos));

        assertTrue(largestMethod < 65_536, "a method of " + largestMethod + " bytes");
        assertTrue(java.get().length() <= (long) BYTES_PER_NODE * nodes,
                java.get().length() + " bytes of Java for " + nodes + " nodes");
        CompiledModel compiled = new CompiledModel(c, model, java.get(), options); // the file's initial values
        compiled.step();
        checkGradient(shape, n, model);
    }

    /** The gradient of each family is known in closed form at its initial values. */
    private static void checkGradient(Shape shape, int n, GeneratedModel model) {
        double[] g = model.gradients()[0];
        switch (shape) {
            case SUM -> {
                for (double[] each : model.gradients()) assertEquals(1.0, each[0], 0.0);
            }
            case CHAIN, NESTED -> {
                // d tanh^n(x)/dx = Π (1 − y_k²) along the chain, from x = 0.5
                double y = 0.5, d = 1;
                for (int k = 0; k < n; k++) {
                    y = Math.tanh(y);
                    d *= 1 - y * y;
                }
                assertEquals(d, g[0], 1e-12 + 1e-9 * Math.abs(d));
            }
            case MLP -> assertTrue(Double.isFinite(g[0]), "a finite gradient");
        }
    }

    private static String millis(Map<String, Long> nanos) {
        StringBuilder b = new StringBuilder();
        nanos.forEach((k, v) -> b.append(k).append('=').append(String.format("%.1f", v / 1e6)).append(' '));
        return b.toString().trim();
    }

    private static <T> T onSmallStack(java.util.concurrent.Callable<T> work) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(work.call());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small-stack", SMALL_STACK);
        t.start();
        t.join();
        if (failure.get() instanceof Exception e) throw e;
        if (failure.get() instanceof Error e) throw e;
        return result.get();
    }

    /** {@code y1 = tanh(x)}, {@code y2 = tanh(y1)}, … one statement each. */
    static String chain(int n) {
        StringBuilder b = new StringBuilder("param x = 0.5\ny1 = tanh(x)\n");
        for (int i = 2; i <= n; i++) b.append('y').append(i).append(" = tanh(y").append(i - 1).append(")\n");
        return b.append("minimize y").append(n).append(" by sgd(lr = 0.1) for 1 steps\n").toString();
    }

    /** {@code L = tanh(tanh(… tanh(x) …))}, N deep in one expression. */
    static String nested(int n) {
        StringBuilder b = new StringBuilder("param x = 0.5\nL = ");
        b.append("tanh(".repeat(n)).append('x').append(")".repeat(n)).append('\n');
        return b.append("minimize L by sgd(lr = 0.1) for 1 steps\n").toString();
    }

    /** N tanh layers of width 4 over a 2 × 4 input. */
    static String mlp(int n) {
        StringBuilder b = new StringBuilder("input X[2, 4] = [[0.1, -0.2, 0.3, 0.4], [0.5, 0.6, -0.7, 0.8]]\nh0 = X\n");
        for (int i = 1; i <= n; i++) {
            b.append("param W").append(i).append("[4, 4] = glorot\nparam b").append(i).append("[4] = zeros\n");
            b.append('h').append(i).append(" = tanh(h").append(i - 1).append(" @ W").append(i).append(" + b").append(i).append(")\n");
        }
        return b.append("L = sum(h").append(n).append(" * h").append(n).append(")\nminimize L by sgd(lr = 0.01) for 1 steps\n").toString();
    }

    /** {@code L = x1 + x2 + … + xN} over N scalar params. */
    static String sum(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) b.append("param x").append(i).append(" = ").append(i % 7).append('\n');
        b.append("L = x1");
        for (int i = 2; i <= n; i++) b.append(" + x").append(i);
        return b.append("\nminimize L by sgd(lr = 0.1) for 1 steps\n").toString();
    }
}
