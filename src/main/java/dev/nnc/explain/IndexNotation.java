package dev.nnc.explain;

import dev.nnc.ir.Attr;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tensor formula element by element, as the UvA sheet writes it: the result's element
 * [k, l] in terms of its operands' elements, with a Σ and a fresh index for every contraction
 * (∂(bᵀXc)/∂X[k, l] = b[k] c[l]). Covers elementwise ops with broadcasting, reshapes that add or
 * drop size-1 axes, transposes, matrix products and sums; anything else is written whole.
 */
final class IndexNotation {
    private final Map<Node, String> names;
    private int fresh;

    private IndexNotation(Map<Node, String> names) {
        this.names = names;
    }

    static final String[] OUTER = {"k", "l", "m", "n"};
    static final String[] INNER = {"p", "q", "r", "s", "j", "i"};

    /** The element of {@code root} at indices k, l, … (one per axis). */
    static String of(Node root, Map<Node, String> names) {
        List<String> idx = new ArrayList<>();
        for (int a = 0; a < root.shape().rank(); a++) idx.add(OUTER[Math.min(a, OUTER.length - 1)] + (a >= OUTER.length ? a : ""));
        return new IndexNotation(names).element(root, idx, true);
    }

    static String lhsIndices(Node root) {
        List<String> idx = new ArrayList<>();
        for (int a = 0; a < root.shape().rank(); a++) idx.add(OUTER[Math.min(a, OUTER.length - 1)]);
        return idx.isEmpty() ? "" : "[" + String.join(", ", idx) + "]";
    }

    private String element(Node n, List<String> idx, boolean top) {
        String name = top ? null : names.get(n);
        if (name != null || n.op() == Op.PARAM || n.op() == Op.INPUT) {
            String base = name != null ? name : n.leafName();
            return idx.isEmpty() ? base : base + "[" + String.join(", ", idx) + "]";
        }
        switch (n.op()) {
            case CONST -> {
                Attr.Data d = (Attr.Data) n.attr();
                return d.isSplat() ? dev.nnc.lower.Values.format(d.at(0)) : "c" + idx;
            }
            case NEG -> { return "-" + wrap(element(n.input(0), idx, false)); }
            case ADD, SUB, MUL, DIV, POW -> {
                String a = element(n.input(0), aligned(n.input(0), idx), false);
                String b = element(n.input(1), aligned(n.input(1), idx), false);
                return switch (n.op()) {
                    case ADD -> a + " + " + b;
                    case SUB -> a + " - " + wrap(b);
                    case MUL -> wrap(a) + " " + wrap(b);
                    case DIV -> wrap(a) + " / " + wrap(b);
                    default -> wrap(a) + "^" + wrap(b);
                };
            }
            case RESHAPE -> {
                // only reshapes that add or drop size-1 axes keep indices readable
                List<String> kept = new ArrayList<>();
                for (int a = 0; a < n.shape().rank(); a++) if (n.shape().dim(a) != 1) kept.add(idx.get(a));
                int nonUnit = 0;
                for (int d : n.input(0).shape().dims()) if (d != 1) nonUnit++;
                if (nonUnit != kept.size()) break;
                List<String> inner = new ArrayList<>();
                int j = 0;
                for (int d : n.input(0).shape().dims()) inner.add(d == 1 ? "0" : kept.get(j++));
                return element(n.input(0), inner, false);
            }
            case TRANSPOSE -> {
                int[] perm = ((Attr.Perm) n.attr()).perm();
                String[] inner = new String[perm.length];
                for (int a = 0; a < perm.length; a++) inner[perm[a]] = idx.get(a);
                return element(n.input(0), List.of(inner), false);
            }
            case MATMUL -> {
                String p = INNER[fresh++ % INNER.length];
                Node a = n.input(0), b = n.input(1);
                List<String> ia = new ArrayList<>(), ib = new ArrayList<>();
                int o = 0;
                if (a.shape().rank() == 2) ia.add(idx.get(o++));
                ia.add(p);
                ib.add(p);
                if (b.shape().rank() == 2) ib.add(idx.get(o));
                return "Σ_" + p + " " + wrap(element(a, ia, false)) + " " + wrap(element(b, ib, false));
            }
            case SUM -> {
                int[] axes = ((Attr.Axes) n.attr()).axes();
                boolean keep = ((Attr.Axes) n.attr()).keepDims();
                List<String> inner = new ArrayList<>();
                List<String> sums = new ArrayList<>();
                int o = 0;
                for (int a = 0; a < n.input(0).shape().rank(); a++) {
                    if (java.util.Arrays.binarySearch(axes, a) >= 0) {
                        String p = INNER[fresh++ % INNER.length];
                        inner.add(p);
                        sums.add(p);
                        if (keep) o++;
                    } else {
                        inner.add(idx.get(o++));
                    }
                }
                return "Σ_" + String.join(",", sums) + " " + wrap(element(n.input(0), inner, false));
            }
            default -> {
                if (n.op().kind == Op.Kind.UNARY) return n.op().symbol + "(" + element(n.input(0), idx, false) + ")";
            }
        }
        return "(" + new dev.nnc.ir.Formula(names).of(n) + ")" + (idx.isEmpty() ? "" : "[" + String.join(", ", idx) + "]");
    }

    /** The indices of an operand broadcast onto the result: leading axes dropped, size-1 axes at 0. */
    private static List<String> aligned(Node operand, List<String> idx) {
        int lead = idx.size() - operand.shape().rank();
        List<String> out = new ArrayList<>();
        for (int a = 0; a < operand.shape().rank(); a++) out.add(operand.shape().dim(a) == 1 ? "0" : idx.get(lead + a));
        return out;
    }

    private static String wrap(String s) {
        boolean simple = s.matches("-?[\\w.]+(\\[[^\\]]*\\])?");
        return simple ? s : "(" + s + ")";
    }
}
