package dev.nnc.interp;

import dev.nnc.ir.Dag;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where a NaN or an infinity first appears: the reference interpreter evaluates the DAG and,
 * in topological order, the first op whose result is not finite although its operands are is
 * the culprit. Its span points at the `.nn` text it came from; {@link Culprit#reason()} says in
 * words what went wrong (log of a negative number, division by zero, …).
 */
public final class Provenance {
    private Provenance() {}

    /** The op, its operands' values and its value, where the first non-finite number appeared. */
    public record Culprit(Node node, List<Tensor> operands, Tensor value) {
        /** "log of a negative number gives NaN", "division by zero gives +infinity", …. */
        public String reason() {
            String result = describe(value);
            Op op = node.op();
            if (op.kind == Op.Kind.LEAF) return "'" + node.leafName() + "' holds " + result;
            String name = "'" + op.symbol + "'";
            if (operands.size() == 1) {
                Tensor x = operands.get(0);
                switch (op) {
                    case LOG: return "log of " + (any(x, v -> v < 0) ? "a negative number" : "0") + " gives " + result;
                    case SQRT: return "sqrt of a negative number gives " + result;
                    case EXP: return "exp overflows: its argument is too large (" + extreme(x) + ") and gives " + result;
                    default: return name + " gives " + result + " from finite operands";
                }
            }
            if (op == Op.DIV && operands.size() == 2 && any(operands.get(1), v -> v == 0)) {
                return "division by zero gives " + result;
            }
            if (op == Op.POW) return "a power gives " + result + " (a negative base with a fractional exponent, 0 to a negative power, or overflow)";
            return name + " gives " + result + " from finite operands" + (op == Op.MUL || op == Op.ADD || op == Op.SUB ? " (overflow)" : "");
        }
    }

    /** The first non-finite value among {@code roots} and everything they depend on, or null when all are finite. */
    public static Culprit firstNonFinite(Collection<Node> roots, Function<Node, Tensor> leaves) {
        Map<Node, Tensor> values = Interpreter.evaluate(roots, leaves);
        for (Node n : Dag.topo(roots)) {
            Tensor v = values.get(n);
            if (finite(v)) continue;
            boolean operandsFinite = true;
            for (Node in : n.inputs()) operandsFinite &= finite(values.get(in));
            if (operandsFinite) return new Culprit(n, n.inputs().stream().map(values::get).toList(), v);
        }
        return null;
    }

    public static boolean finite(Tensor t) {
        if (t == null) return true;
        for (double v : t.data()) if (!Double.isFinite(v)) return false;
        return true;
    }

    private static String describe(Tensor t) {
        boolean nan = any(t, Double::isNaN), pos = any(t, v -> v == Double.POSITIVE_INFINITY);
        return nan ? "NaN" : pos ? "+infinity" : "-infinity";
    }

    private static String extreme(Tensor t) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : t.data()) m = Math.max(m, v);
        return Double.toString(m);
    }

    private static boolean any(Tensor t, java.util.function.DoublePredicate p) {
        for (double v : t.data()) if (p.test(v)) return true;
        return false;
    }
}
