package dev.nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.nnc.diag.Span;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Shape;
import dev.nnc.runtime.GeneratedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.element.Modifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Properties of the generated source: fusion, determinism, method splitting, safe names. */
class EmitterTest {

    private static Plan sinOfProductPlusOne(Graph g) {
        Node x = g.param("x", Shape.of(5));
        Node y = g.input("y", Shape.of(5));
        Node out = g.add(g.unary(Op.SIN, g.mul(x, y)), g.scalar(1));
        return Harness.plan(List.of(x), List.of(y), List.of(out), List.of());
    }

    private static String forwardBody(String source) {
        int at = source.indexOf("public void forward()");
        return source.substring(at, source.indexOf("public void backward()"));
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) n++;
        return n;
    }

    @Test
    void elementwiseChainIsOneLoopWithoutIntermediateBuffers() {
        Graph g = new Graph();
        Plan plan = sinOfProductPlusOne(g);
        Node product = g.mul(plan.params().get(0), plan.inputs().get(0));
        String source = JavaEmitter.emit(plan).toString();
        String forward = forwardBody(source);
        assertEquals(1, count(forward, "for ("), forward);
        assertFalse(source.contains("v" + product.id() + " "), source);
        assertFalse(source.contains("v" + product.id() + "["), source);
        assertEquals(1, count(source, "new double[5];") - 2, source);   // x, y, and the result only
        assertTrue(forward.contains("Math.sin(p_x[i] * in_y[i]) + 1.0"), forward);
        Harness.exact(plan, 7, false);
    }

    @Test
    void emittingTwiceGivesIdenticalText() {
        Plan a = sinOfProductPlusOne(new Graph());
        Plan b = sinOfProductPlusOne(new Graph());
        assertEquals(JavaEmitter.emit(a).toString(), JavaEmitter.emit(a).toString());
        assertEquals(JavaEmitter.emit(a).toString(), JavaEmitter.emit(b).toString());
        Plan c = RandomGraphs.build(List.of(5, 17, 3, 99, 1234, 42, 8, 8, 8, 77, 300, 12, 6, 0, 9, 31, 64, 2, 5, 11));
        Plan d = RandomGraphs.build(List.of(5, 17, 3, 99, 1234, 42, 8, 8, 8, 77, 300, 12, 6, 0, 9, 31, 64, 2, 5, 11));
        assertEquals(JavaEmitter.emit(c).toString(), JavaEmitter.emit(d).toString());
    }

    @Test
    void sourceLinesBecomeGroupedComments() {
        Graph g = new Graph();
        g.at(new Span(2, 1, 1));
        Node x = g.param("x", Shape.of(3));
        Node h = g.unary(Op.TANH, x);
        Node s1 = g.sumAll(h);
        Node s2 = g.sum(g.mul(h, h), new int[] {0}, true);
        g.at(new Span(3, 1, 1));
        Node out = g.add(s1, g.reshape(s2, Shape.SCALAR));
        Plan plan = new Plan("Commented", "model.nn", List.of("param x[3]", "  h = tanh(x) \\u000a throw new Error();  ", "out = 1"),
                List.of(x), List.of(), List.of(new Plan.Named("out", out), new Plan.Named("h", h)), List.of(), null);
        String forward = forwardBody(JavaEmitter.emit(plan).toString());
        assertEquals(1, count(forward, "// line 2: h = tanh(x) \\\\u000a throw new Error();\n"), forward);
        assertEquals(1, count(forward, "// line 3: out = 1\n"), forward);
        assertTrue(forward.indexOf("// line 2") < forward.indexOf("// line 3"), forward);
        Harness.exact(plan, 3, false);
    }

    @Test
    void longSourceLinesAreEchoedCut() {
        // 199 characters, then a backslash-u escape across the cut at 200: the cut keeps one
        // backslash, which is still doubled, so the comment cannot be ended by an escape
        String line = "L = " + "x".repeat(195) + "\\u000a throw new Error(); " + "+ y".repeat(100);
        String echoed = Statements.sourceText(List.of(line), 1);
        assertEquals("L = " + "x".repeat(195) + "\\\\ …", echoed);
        assertEquals("out = 1", Statements.sourceText(List.of("  out = 1  "), 1));
        String exact = "y".repeat(Statements.MAX_ECHO);
        assertEquals(exact, Statements.sourceText(List.of(exact), 1));
    }

    @Test
    void longChainsAreSplitIntoMethodsUnder64Kb() {
        Graph g = new Graph();
        Node x = g.param("x", Shape.of(4));
        Node h = x;
        for (int i = 0; i < 20_000; i++) {
            h = switch (i % 4) {
                case 0 -> g.unary(Op.TANH, h);
                case 1 -> g.mul(h, g.scalar(0.75));
                case 2 -> g.add(h, x);
                default -> g.unary(Op.SIN, h);
            };
        }
        Plan plan = Harness.plan(List.of(x), List.of(), List.of(h), List.of(h));
        JavaFile file = JavaEmitter.emit(plan);
        String source = file.toString();
        assertTrue(source.contains("private void forward0()"), "forward was not split");
        Matcher m = Pattern.compile("private void forward(\\d+)\\(\\)").matcher(source);
        int parts = 0;
        while (m.find()) parts++;
        assertTrue(parts > 1 && parts < 200, parts + " parts");
        GeneratedModel model = Harness.exact(plan, 5, false);
        assertTrue(Double.isFinite(model.values()[0][0]));
    }

    @Test
    void namesFromTheSourceCannotBreakOrHijackTheClass() {
        Graph g = new Graph();
        g.at(new Span(1, 1, 1));
        String[] names = {"class", "System", "Math", "null", "int", "\"); System.exit(1); //", "Kernels", "i", "s", "params",
            "p_class", "x y", "\u00e9t\u00e9", "\uD83D\uDE00", "", "v3", "forward"};
        List<Node> params = new ArrayList<>();
        Node acc = g.scalar(0.5);
        for (String name : names) {
            Node p = g.param(name, Shape.of(2));
            params.add(p);
            acc = g.add(g.mul(acc, g.unary(Op.SIGMOID, p)), p);
        }
        Node in = g.input("Math", Shape.of(2));
        Node out = g.mul(acc, in);
        List<Plan.Named> values = List.of(new Plan.Named("class", out), new Plan.Named("System", params.get(1)),
                new Plan.Named("\"); System.exit(1); //", g.unary(Op.EXP, out)));
        List<Plan.Named> grads = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) grads.add(new Plan.Named(names[i], params.get((i + 1) % params.size())));
        Plan plan = new Plan("Model", "\"); System.exit(1); //\n*/ x.nn", List.of("int class = null; \\u000a throw new Error(\"injected\");"),
                params, List.of(in), values, grads, null);
        String source = JavaEmitter.emit(plan).toString();
        String code = source.lines().filter(line -> !line.strip().startsWith("//")).reduce("", (a, b) -> a + b + "\n");
        assertFalse(code.contains("System.exit"), source);
        assertTrue(source.contains("// line 1: int class = null; \\\\u000a throw new Error(\"injected\");"), source);
        assertFalse(source.contains("double[] class"), source);
        Harness.exact(plan, 11, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Math", "Double", "System", "Arrays", "Kernels", "GeneratedModel", "Override", "String"})
    void classNamesThatShadowWhatTheCodeUses(String className) {
        Graph g = new Graph();
        Node x = g.param("x", Shape.of(2, 3));
        Node y = g.unary(Op.SIGMOID, g.unary(Op.SIN, x));
        Plan plan = Harness.plan(className, List.of(x), List.of(), List.of(g.logSoftmax(y, 1), g.onehot(g.argmax(x, 0), 3), x),
                List.of(g.unary(Op.COS, x)), new Plan.Update(dev.nnc.ir.Optimizer.adam(0.1, 0.9, 0.999, 1e-8), false,
                        new int[] {0}));
        Harness.exact(plan, 2, false).step();   // JavaPoet qualifies whatever the class name shadows
    }

    @Test
    void rejectedSourceIsAnInternalErrorWithNumberedSource() {
        TypeSpec broken = TypeSpec.classBuilder("Broken").addModifiers(Modifier.PUBLIC)
                .addMethod(MethodSpec.methodBuilder("f").addStatement("int x = $S", "not an int").build())
                .build();
        JavaFile file = JavaFile.builder(JavaEmitter.PACKAGE, broken).build();
        InternalCompilerError e = assertThrows(InternalCompilerError.class, () -> JaninoCompiler.load(file));
        assertTrue(e.getMessage().contains("Janino rejected"), e.getMessage());
        assertTrue(e.getMessage().contains("Line 5"), e.getMessage());
        assertTrue(e.getMessage().contains("5 |     int x = \"not an int\";"), e.getMessage());
        assertTrue(e.getMessage().contains("1 | package dev.nnc.generated;"), e.getMessage());
        JavaFile notAModel = JavaFile.builder(JavaEmitter.PACKAGE, TypeSpec.classBuilder("Plain").addModifiers(Modifier.PUBLIC).build()).build();
        assertThrows(InternalCompilerError.class, () -> JaninoCompiler.load(notAModel));
        assertTrue(ClassName.get(JavaEmitter.PACKAGE, "Broken").canonicalName().startsWith("dev.nnc.generated"));
    }

    @Test
    void gradientOfTheWrongShapeForAParamIsRejected() {
        Graph g = new Graph();
        Node x = g.param("x", Shape.of(2, 3));
        Plan plan = Harness.plan("M", List.of(x), List.of(), List.of(x), List.of(g.fill(Shape.of(2), 0)),
                new Plan.Update(dev.nnc.ir.Optimizer.sgd(0.1, 0), false, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> JavaEmitter.emit(plan));
    }

    @Test
    void undeclaredLeavesAndBadClassNamesAreRejected() {
        Graph g = new Graph();
        Node x = g.param("x", Shape.of(2));
        assertThrows(IllegalArgumentException.class,
                () -> JavaEmitter.emit(Harness.plan(List.of(), List.of(), List.of(g.unary(Op.EXP, x)), List.of())));
        assertThrows(IllegalArgumentException.class,
                () -> JavaEmitter.emit(Harness.plan("class", List.of(x), List.of(), List.of(x), List.of(), null)));
    }
}
