package dev.nnc.ir;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * An IR node written back as a formula in the `.nn` language: infix operators with only the
 * parentheses precedence needs, leaves by their names, named definitions by their names (so a
 * formula reads in the file's own terms). Deep graphs are written iteratively.
 */
public final class Formula {
    private final Map<Node, String> names;
    private final boolean latex;

    public Formula(Map<Node, String> names) {
        this(names, false);
    }

    /** @param latex write LaTeX math (\\frac, \\cdot, \\sin …) instead of `.nn` text */
    public Formula(Map<Node, String> names, boolean latex) {
        this.latex = latex;
        if (!latex) {
            this.names = names;
        } else {
            Map<Node, String> converted = new HashMap<>();
            names.forEach((n, name) -> converted.put(n, Latex.name(name)));
            this.names = converted;
        }
    }

    private static int precedence(Node n) {
        return switch (n.op()) {
            case ADD, SUB -> 1;
            case MUL, DIV, MATMUL -> 2;
            case NEG -> 3;
            case POW -> 4;
            case LT, LE, GT, GE, EQ, NE, STEP -> 0;
            default -> 5;
        };
    }

    public String of(Node root) {
        Map<Node, String> text = new HashMap<>();
        ArrayDeque<Node> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Node n = stack.peek();
            if (text.containsKey(n)) { stack.pop(); continue; }
            String named = n != root ? names.get(n) : null;
            if (named != null || n.inputs().isEmpty()) { text.put(n, named != null ? named : leaf(n)); stack.pop(); continue; }
            boolean ready = true;
            for (Node in : n.inputs()) if (!text.containsKey(in) && names.get(in) == null) { stack.push(in); ready = false; }
            if (!ready) continue;
            stack.pop();
            text.put(n, write(n, text));
        }
        return text.get(root);
    }

    String operand(Node parent, Node child, Map<Node, String> text, boolean right) {
        String t = names.containsKey(child) ? names.get(child) : text.get(child);
        if (names.containsKey(child) || child.inputs().isEmpty()) return t;
        int p = precedence(parent), q = precedence(child);
        boolean paren = q < p || (q == p && right && (parent.op() == Op.SUB || parent.op() == Op.DIV || parent.op() == Op.MATMUL))
                || (q == p && !right && parent.op() == Op.POW);
        return paren ? "(" + t + ")" : t;
    }

    /** u[m] reshaped to a column times v[n] reshaped to a row: the outer product u vᵀ. */
    static boolean isOuter(Node n) {
        if (n.op() != Op.MUL || n.shape().rank() != 2) return false;
        Node a = n.input(0), b = n.input(1);
        return a.op() == Op.RESHAPE && b.op() == Op.RESHAPE && a.input(0).shape().rank() == 1 && b.input(0).shape().rank() == 1
                && a.shape().dim(1) == 1 && b.shape().dim(0) == 1;
    }

    private String write(Node n, Map<Node, String> text) {
        if (isOuter(n)) {
            Node u = n.input(0).input(0), v = n.input(1).input(0);
            String us = named(u, text), vs = named(v, text);
            boolean simpleU = names.containsKey(u) || u.inputs().isEmpty(), simpleV = names.containsKey(v) || v.inputs().isEmpty();
            if (!simpleU) us = "(" + us + ")";
            if (!simpleV) vs = "(" + vs + ")";
            return latex ? us + " \\, {" + vs + "}^{\\top}" : us + " " + vs + "ᵀ";
        }
        if (latex) return Latex.write(n, this, text);
        if (n.op().isInfix()) {
            String sym = n.op() == Op.MATMUL && n.input(0).shape().rank() == 1 && n.input(1).shape().rank() == 1 ? "·" : n.op().symbol;
            String sep = n.op() == Op.POW ? sym : " " + sym + " ";
            return operand(n, n.input(0), text, false) + sep + operand(n, n.input(1), text, true);
        }
        if (n.op() == Op.NEG) return "-" + operand(n, n.input(0), text, false);
        if (n.op() == Op.STEP) return operand(n, n.input(0), text, false) + " > 0";
        StringBuilder b = new StringBuilder(callName(n)).append('(');
        for (int i = 0; i < n.inputs().size(); i++) {
            Node in = n.input(i);
            b.append(i == 0 ? "" : ", ").append(names.containsKey(in) ? names.get(in) : text.get(in));
        }
        String attr = switch (n.op()) {
            case SUM, LOGSUMEXP -> ((Attr.Axes) n.attr()).axes().length == n.input(0).shape().rank() ? "" : ", axis = " + axes(n);
            case SOFTMAX, LOG_SOFTMAX, ARGMAX -> ", axis = " + ((Attr.Axis) n.attr()).axis();
            case RESHAPE, BROADCAST -> ", " + n.shape();
            case SLICE -> ", " + n.attr();
            default -> "";
        };
        return b.append(attr).append(')').toString();
    }

    private static String axes(Node n) {
        int[] a = ((Attr.Axes) n.attr()).axes();
        return a.length == 1 ? Integer.toString(a[0]) : java.util.Arrays.toString(a);
    }

    private static String callName(Node n) {
        return switch (n.op()) {
            case GT -> "step";
            default -> n.op().symbol;
        };
    }

    /** A name as LaTeX writes it: `u₁` → `u_{1}`, `∂L/∂w` → `\\frac{\\partial L}{\\partial w}`. */
    public static String latexName(String name) {
        return Latex.name(name);
    }

    String named(Node n, Map<Node, String> text) {
        return names.containsKey(n) ? names.get(n) : text.get(n);
    }

    private String leaf(Node n) {
        if (latex) return Latex.leaf(n);
        if (n.op() == Op.CONST) {
            Attr.Data d = (Attr.Data) n.attr();
            if (d.isSplat()) {
                double v = d.at(0);
                return v < 0 ? "(" + number(v) + ")" : number(v);
            }
            return "const" + n.shape();
        }
        return n.leafName() == null ? "%" + n.id() : n.leafName();
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
