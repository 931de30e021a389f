package dev.nnc.explain;

import dev.nnc.ir.Formula;

import dev.nnc.api.Compilation;
import dev.nnc.ir.Dag;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.lower.Model;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the backward pass keeps of the forward pass: every forward value (other than params,
 * inputs and constants, which exist anyway) that some gradient node reads, with its shape and
 * bytes, in forward order.
 */
public final class Memory {
    private Memory() {}

    /** One kept value: its formula in the file's names, shape, bytes, and `.nn` line. */
    public record Saved(String what, String shape, long bytes, int line) {}

    public static List<Saved> saved(Compilation c, int bytesPerElement) {
        List<Node> forward = Dag.topo(c.model().namedNodes());
        Set<Node> forwardSet = new HashSet<>(forward);
        Set<Node> kept = new LinkedHashSet<>();
        for (Node n : Dag.topo(c.gradients().values())) {
            if (forwardSet.contains(n)) continue;
            for (Node in : n.inputs()) if (forwardSet.contains(in) && in.op().kind != Op.Kind.LEAF) kept.add(in);
        }
        for (Node g : c.gradients().values()) if (forwardSet.contains(g) && g.op().kind != Op.Kind.LEAF) kept.add(g);
        Map<Node, String> names = c.model().nodeNames();
        Formula f = new Formula(names);
        List<Saved> out = new ArrayList<>();
        for (Node n : forward) {
            if (!kept.contains(n)) continue;
            String what = names.containsKey(n) ? names.get(n) + " = " + f.of(n) : f.of(n);
            out.add(new Saved(what, n.shape().toString(), n.shape().sizeLong() * bytesPerElement, n.span().line()));
        }
        return out;
    }

    /** The report `explain --memory` prints. */
    public static String text(Compilation c, int bytesPerElement) {
        List<Saved> saved = saved(c, bytesPerElement);
        StringBuilder b = new StringBuilder("Saved for the backward pass (" + (bytesPerElement == 4 ? "float32" : "float64") + "):\n");
        long total = 0;
        for (Saved s : saved) {
            b.append(String.format("   %-44s %-12s %,12d bytes   line %d%n", clip(s.what()), s.shape(), s.bytes(), s.line()));
            total += s.bytes();
        }
        b.append(String.format("   %d values, %,d bytes kept between forward() and backward()%n", saved.size(), total));
        return b.toString();
    }

    private static String clip(String s) {
        return s.length() > 44 ? s.substring(0, 43) + "…" : s;
    }
}
