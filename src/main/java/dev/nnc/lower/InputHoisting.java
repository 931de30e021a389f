package dev.nnc.lower;

import dev.nnc.ir.Dag;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loop-invariant code motion over the data: a definition computed from one data-fed input alone,
 * element by element with constants ({@code x = X / 255}), is the same for a row in every epoch,
 * so the trainer computes it once per split and feeds it as an input of its own, and the step
 * starts from it. The peers do the same by hand: they divide the images once, when they load them.
 *
 * <p>Only negation, {@code +}, {@code -}, {@code *} and {@code /} with constants qualify: the trainer
 * then evaluates the definition exactly as the generated step would (IEEE operations in double,
 * or in float for a float32 class, see {@link Hoisted#apply}), so training sees the same bits.
 * The input must feed nothing else, or the split would hold both.
 */
public final class InputHoisting {
    private InputHoisting() {}

    /**
     * A definition the trainer computes once per split.
     *
     * @param input the data-fed input it reads (its rows in the split are replaced)
     * @param name  the definition's name, now an input's: its rows in the split
     * @param node  the definition's node, over {@code input}'s leaf
     */
    public record Hoisted(String input, String name, Node node) {
        /**
         * The definition on every element of {@code values} (the input's elements), as the generated
         * step computes it: in double, or with every operand and result rounded to float in a
         * float32 class (each operation on floats, done in double and rounded once, gives the float
         * operation's result: 53 ≥ 2 · 24 + 2 bits, so the double rounding is innocuous).
         */
        public double[] apply(double[] values, boolean float32) {
            return evaluate(node, values, float32, new HashMap<>());
        }

        private static double[] evaluate(Node n, double[] leaf, boolean float32, Map<Node, double[]> done) {
            double[] known = done.get(n);
            if (known != null) return known;
            if (n.op() == Op.INPUT && !float32) return leaf;   // read, never written: the split's own array
            double[] out = new double[leaf.length];
            if (n.op() == Op.INPUT) {
                for (int i = 0; i < out.length; i++) out[i] = round(leaf[i], float32);
            } else if (n.op() == Op.NEG) {
                double[] a = evaluate(n.input(0), leaf, float32, done);
                for (int i = 0; i < out.length; i++) out[i] = -a[i];
            } else {
                Node l = n.input(0), r = n.input(1);
                var f = n.op().binary;
                if (l.isConst()) {
                    double c = round(((dev.nnc.ir.Attr.Data) l.attr()).values()[0], float32);
                    double[] b = evaluate(r, leaf, float32, done);
                    for (int i = 0; i < out.length; i++) out[i] = round(f.applyAsDouble(c, b[i]), float32);
                } else if (r.isConst()) {
                    double[] a = evaluate(l, leaf, float32, done);
                    double c = round(((dev.nnc.ir.Attr.Data) r.attr()).values()[0], float32);
                    for (int i = 0; i < out.length; i++) out[i] = round(f.applyAsDouble(a[i], c), float32);
                } else {
                    double[] a = evaluate(l, leaf, float32, done), b = evaluate(r, leaf, float32, done);
                    for (int i = 0; i < out.length; i++) out[i] = round(f.applyAsDouble(a[i], b[i]), float32);
                }
            }
            done.put(n, out);
            return out;
        }

        private static double round(double v, boolean float32) {
            return float32 ? (double) (float) v : v;
        }
    }

    /** The model with its hoisted definitions replaced by inputs, and what they were. */
    public record Result(Model model, List<Hoisted> hoisted) {}

    /**
     * Every definition over one of {@code dataInputs} alone that qualifies becomes an input of the
     * same name; the model is unchanged (and the list empty) when none does.
     */
    public static Result hoist(Model model, Set<String> dataInputs) {
        List<Hoisted> hoisted = new ArrayList<>();
        Map<Node, Node> sources = sources(model);
        Model m = model;
        for (Model.Definition d : model.definitions().values()) {
            if (d.node().op().kind == Op.Kind.LEAF || sources.get(d.node()) == null) continue;
            // a candidate: checked again on the model as it is now (an earlier hoist may have changed it)
            Model.Definition current = m.definitions().get(d.name());
            Node x = qualifyingInput(current.node(), m, dataInputs);
            if (x == null || usedElsewhere(x, current, m)) continue;
            hoisted.add(new Hoisted(x.leafName(), d.name(), current.node()));
            m = replaced(m, current, x);
        }
        return new Result(m, List.copyOf(hoisted));
    }

    /**
     * For every node of the model that qualifies, the one input leaf it computes from element by
     * element with constants (one pass, so that a model of 10⁵ definitions is not walked 10⁵ times).
     */
    private static Map<Node, Node> sources(Model model) {
        Map<Node, Node> sources = new HashMap<>();
        for (Node n : Dag.topo(model.namedNodes())) {
            if (n.op() == Op.INPUT) {
                sources.put(n, n);
            } else if (n.op() == Op.NEG || n.op() == Op.ADD || n.op() == Op.SUB || n.op() == Op.MUL || n.op() == Op.DIV) {
                Node source = null;
                boolean ok = true;
                for (Node in : n.inputs()) {
                    if (in.isConst()) {
                        ok &= ((dev.nnc.ir.Attr.Data) in.attr()).isSplat();
                        continue;
                    }
                    Node s = sources.get(in);
                    ok &= s != null && (source == null || source == s) && in.shape().equals(n.shape());
                    source = s;
                }
                if (ok && source != null) sources.put(n, source);
            }
        }
        return sources;
    }

    /** The one data-fed input leaf {@code n} computes from, element by element with constants; else null. */
    private static Node qualifyingInput(Node n, Model m, Set<String> dataInputs) {
        if (n.op().kind == Op.Kind.LEAF) return null;
        Node input = null;
        for (Node k : Dag.topo(List.of(n))) {
            if (k.isConst()) {
                if (!((dev.nnc.ir.Attr.Data) k.attr()).isSplat()) return null;   // one value for every element
                continue;
            }
            if (!k.shape().equals(n.shape())) return null;   // no broadcasting of the input itself
            if (k.op() == Op.INPUT) {
                if (input != null && input != k) return null;
                input = k;
            } else if (k.op() != Op.NEG && k.op() != Op.ADD && k.op() != Op.SUB && k.op() != Op.MUL && k.op() != Op.DIV) {
                return null;
            }
        }
        if (input == null || !dataInputs.contains(input.leafName())) return null;
        Model.Leaf leaf = m.input(input.leafName());
        return leaf != null && leaf.value() == null && leaf.node() == input ? input : null;
    }

    /** Whether anything but {@code d} reads {@code x}: the rows would then be needed as they are too. */
    private static boolean usedElsewhere(Node x, Model.Definition d, Model m) {
        List<Node> roots = new ArrayList<>(m.namedNodes());
        roots.removeIf(r -> r == d.node());
        return Dag.topo(roots, n -> n == d.node()).contains(x);
    }

    private static Model replaced(Model m, Model.Definition d, Node x) {
        Graph g = m.graph();
        Node leaf = g.input(d.name(), x.shape());
        Node target = d.node();
        Map<Node, Node> map = new HashMap<>();
        for (Node n : Dag.topo(m.namedNodes())) {
            if (n == target) {
                map.put(n, leaf);
                continue;
            }
            if (n.inputs().isEmpty()) {
                map.put(n, n);
                continue;
            }
            List<Node> in = new ArrayList<>(n.inputs().size());
            for (Node i : n.inputs()) in.add(map.get(i));
            map.put(n, g.rebuild(n, in));
        }
        Model mapped = m.mapNodes(map::get);
        Map<String, Model.Definition> defs = new LinkedHashMap<>(mapped.definitions());
        defs.remove(d.name());   // its rows are an input now: not a value the step computes (or copies)
        List<Model.Leaf> inputs = new ArrayList<>();
        for (Model.Leaf l : m.inputs()) inputs.add(l.node() == x ? new Model.Leaf(d.name(), leaf, null, d.span()) : l);
        return new Model(mapped.source(), g, mapped.dims(), mapped.params(), inputs, defs, mapped.reports(), mapped.data(),
                mapped.training(), mapped.batchnorms(), mapped.hidden());
    }
}
