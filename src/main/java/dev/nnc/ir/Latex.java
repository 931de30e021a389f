package dev.nnc.ir;

import java.util.Map;

/** The LaTeX spelling of {@link Formula}'s output: operators, functions, names with subscripts. */
final class Latex {
    private Latex() {}

    private static final Map<String, String> FUNCTIONS = Map.of(
            "sin", "\\sin", "cos", "\\cos", "tan", "\\tan", "exp", "\\exp", "log", "\\log", "tanh", "\\tanh",
            "sqrt", "\\sqrt", "max", "\\max", "min", "\\min");

    private static final Map<Character, String> GREEK = Map.ofEntries(
            Map.entry('α', "\\alpha"), Map.entry('β', "\\beta"), Map.entry('γ', "\\gamma"), Map.entry('δ', "\\delta"),
            Map.entry('ε', "\\varepsilon"), Map.entry('θ', "\\theta"), Map.entry('λ', "\\lambda"), Map.entry('μ', "\\mu"),
            Map.entry('π', "\\pi"), Map.entry('σ', "\\sigma"), Map.entry('τ', "\\tau"), Map.entry('φ', "\\phi"),
            Map.entry('ω', "\\omega"), Map.entry('∂', "\\partial "));

    /** `u₁` → `u_{1}`, `∂L/∂w` → `\frac{\partial L}{\partial w}`, `W1` → `W_{1}`, `x_val` → `\mathit{x\_val}`. */
    static String name(String name) {
        if (name.startsWith("∂") && name.contains("/∂")) {
            String[] parts = name.substring(1).split("/∂", 2);
            return "\\frac{\\partial " + name(parts[0]) + "}{\\partial " + name(parts[1]) + "}";
        }
        StringBuilder base = new StringBuilder(), sub = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (c >= '₀' && c <= '₉') sub.append((char) ('0' + (c - '₀')));
            else if (Character.isDigit(c) && base.length() > 0) sub.append(c);
            else if (sub.length() > 0) { base.append('_').append(sub); sub.setLength(0); base.append(c); }
            else base.append(c);
        }
        String b = base.toString();
        StringBuilder out = new StringBuilder();
        for (char c : b.toCharArray()) {
            if (GREEK.containsKey(c)) out.append(GREEK.get(c)).append(' ');
            else if (c == '_') out.append("\\_");
            else out.append(c);
        }
        String head = out.toString().trim();
        if (head.length() > 1 && !head.startsWith("\\")) head = "\\mathit{" + head + "}";
        return sub.length() == 0 ? head : head + "_{" + sub + "}";
    }

    static String leaf(Node n) {
        if (n.op() == Op.CONST) {
            Attr.Data d = (Attr.Data) n.attr();
            if (!d.isSplat()) return "c" + "_{" + n.id() + "}";
            double v = d.at(0);
            String t = v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
            return v < 0 ? "(" + t + ")" : t;
        }
        return n.leafName() == null ? "v_{" + n.id() + "}" : name(n.leafName());
    }

    static String write(Node n, Formula f, Map<Node, String> text) {
        String a = n.inputs().isEmpty() ? "" : f.named(n.input(0), text);
        String b = n.inputs().size() < 2 ? "" : f.named(n.input(1), text);
        return switch (n.op()) {
            case ADD -> f.operand(n, n.input(0), text, false) + " + " + f.operand(n, n.input(1), text, true);
            case SUB -> f.operand(n, n.input(0), text, false) + " - " + f.operand(n, n.input(1), text, true);
            case MUL -> f.operand(n, n.input(0), text, false)
                    + (n.input(0).shape().isScalar() || n.input(1).shape().isScalar() ? " \\cdot " : " \\odot ")
                    + f.operand(n, n.input(1), text, true);
            case DIV -> "\\frac{" + a + "}{" + b + "}";
            case POW -> f.operand(n, n.input(0), text, false) + "^{" + b + "}";
            case MATMUL -> f.operand(n, n.input(0), text, false) + (n.input(0).shape().rank() == 1 && n.input(1).shape().rank() == 1
                    ? " \\cdot " : " \\, ") + f.operand(n, n.input(1), text, true);
            case NEG -> "-" + f.operand(n, n.input(0), text, false);
            case TRANSPOSE -> "{" + f.operand(n, n.input(0), text, false) + "}^{\\top}";
            case SQRT -> "\\sqrt{" + a + "}";
            case ABS -> "\\left|" + a + "\\right|";
            case LT, LE, GT, GE, EQ, NE -> "[" + f.operand(n, n.input(0), text, false) + " " + relation(n.op()) + " "
                    + f.operand(n, n.input(1), text, true) + "]";
            case STEP -> "[" + f.operand(n, n.input(0), text, false) + " > 0]";
            case SUM -> "\\sum " + f.operand(n, n.input(0), text, false);
            default -> {
                String fn = FUNCTIONS.getOrDefault(n.op().symbol, "\\operatorname{" + n.op().symbol.replace("_", "\\_") + "}");
                StringBuilder args = new StringBuilder();
                for (int i = 0; i < n.inputs().size(); i++) args.append(i == 0 ? "" : ", ").append(f.named(n.input(i), text));
                yield fn + "\\left(" + args + "\\right)";
            }
        };
    }

    private static String relation(Op op) {
        return switch (op) {
            case LT -> "<";
            case LE -> "\\le";
            case GT -> ">";
            case GE -> "\\ge";
            case EQ -> "=";
            default -> "\\ne";
        };
    }
}
