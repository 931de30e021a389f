package dev.nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.nnc.interp.Interpreter;
import dev.nnc.interp.Tensor;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Shape;
import dev.nnc.runtime.GeneratedModel;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rows of broadcasting loops computed with the Vector API give the interpreter's bits for every
 * op that has a lanewise form, on data full of the awkward values: NaN, ±0, ±∞, subnormals.
 */
class VectorRowsTest {
    private static final double[] SPECIAL = {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.MIN_VALUE, -Double.MIN_VALUE, 1e-310, 1.0, -1.0, 2.5, -3.75, 1e300, -1e300};

    @ParameterizedTest
    @EnumSource(value = Op.class, names = {"ADD", "SUB", "MUL", "DIV", "NEG", "MAX", "MIN", "RELU", "STEP", "ABS", "SQRT",
        "LT", "LE", "GT", "GE", "EQ", "NE"})
    void everyLanewiseOpIsTheScalarOneBitForBit(Op op) {
        Graph g = new Graph();
        Node a = g.input("a", Shape.of(3, 41));
        Node b = g.input("b", Shape.of(41));
        Node c = g.input("c", Shape.of(3, 1));
        Node y = op.kind == Op.Kind.BINARY ? g.binary(op, a, b) : g.unary(op, g.sub(a, b));
        Node z = op.kind == Op.Kind.BINARY ? g.binary(op, c, g.mul(a, b)) : g.unary(op, g.mul(c, b));
        Plan plan = Harness.plan(List.of(), List.of(a, b, c), List.of(y, z), List.of());
        for (Precision precision : Precision.values()) {
            JavaFile file = JavaEmitter.emit(plan, precision);
            assertTrue(file.toString().contains("intoArray"), "rows of 41 go through vectors:\n" + file);
            GeneratedModel model = JaninoCompiler.load(file);
            SplittableRandom random = new SplittableRandom(op.ordinal());
            Map<Node, Tensor> leaves = new IdentityHashMap<>();
            List<Node> inputs = plan.inputs();
            for (int i = 0; i < inputs.size(); i++) {
                double[] x = model.inputs()[i];
                for (int j = 0; j < x.length; j++) {
                    double v = random.nextInt(3) == 0 ? random.nextDouble(-4, 4) : SPECIAL[random.nextInt(SPECIAL.length)];
                    x[j] = precision == Precision.FLOAT32 ? (float) v : v;
                }
                leaves.put(inputs.get(i), new Tensor(inputs.get(i).shape(), x.clone()));
            }
            model.forward();
            if (precision == Precision.FLOAT64) {
                Map<Node, Tensor> expected = Interpreter.evaluate(List.of(y, z), leaves::get);
                Harness.assertArray(expected.get(y).data(), model.values()[0], op + " value 0", file, true);
                Harness.assertArray(expected.get(z).data(), model.values()[1], op + " value 1", file, true);
            } else {
                // float: the same class with scalar rows (whose float arithmetic the float tests check) is the reference
                GeneratedModel scalar;
                System.setProperty("nnc.scalarRows", "true");
                try {
                    JavaFile plain = JavaEmitter.emit(plan, precision);
                    assertTrue(!plain.toString().contains("intoArray"), plain.toString());
                    scalar = JaninoCompiler.load(plain);
                } finally {
                    System.clearProperty("nnc.scalarRows");
                }
                for (int i = 0; i < inputs.size(); i++) System.arraycopy(model.inputs()[i], 0, scalar.inputs()[i], 0, model.inputs()[i].length);
                scalar.forward();
                Harness.assertArray(scalar.values()[0], model.values()[0], op + " float value 0", file, true);
                Harness.assertArray(scalar.values()[1], model.values()[1], op + " float value 1", file, true);
            }
        }
    }
}
