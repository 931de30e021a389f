package dev.nnc.cli;

import dev.nnc.api.CompiledModel;
import dev.nnc.codegen.Plan;
import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.Source;
import dev.nnc.interp.Provenance;
import dev.nnc.interp.Tensor;
import dev.nnc.ir.Dag;
import dev.nnc.ir.Node;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * After `nnc grad` has evaluated a model: when a value or a gradient is NaN or infinite, a
 * positioned warning names the op and line where the first non-finite number appeared and why
 * (`L = log(w - 2)` at w = 1: "log of a negative number gives NaN"). The answer is still printed.
 */
final class NonFinite {
    private NonFinite() {}

    static void warn(CompiledModel m, Source source, PrintWriter err) {
        Plan plan = m.compilation().plan();
        List<Node> values = new ArrayList<>(), all = new ArrayList<>();
        for (Plan.Named v : plan.values()) values.add(v.node());
        all.addAll(values);
        for (Plan.Named g : plan.gradients()) all.add(g.node());
        boolean finite = true;
        for (double[] a : m.runtime().values()) finite &= finite(a);
        for (double[] a : m.runtime().gradients()) finite &= finite(a);
        if (finite) return;
        Map<String, Tensor> leaves = new java.util.HashMap<>();
        for (int i = 0; i < plan.params().size(); i++) {
            Node p = plan.params().get(i);
            leaves.put(p.leafName(), new Tensor(p.shape(), m.runtime().params()[i].clone()));
        }
        for (int i = 0; i < plan.inputs().size(); i++) {
            Node in = plan.inputs().get(i);
            leaves.put(in.leafName(), new Tensor(in.shape(), m.runtime().inputs()[i].clone()));
        }
        Provenance.Culprit c = Provenance.firstNonFinite(all, n -> leaves.get(n.leafName()));
        if (c == null) return;
        Map<Node, Boolean> forward = new IdentityHashMap<>();
        for (Node n : Dag.topo(values)) forward.put(n, true);
        String where = forward.containsKey(c.node()) ? "" : " in the gradient";
        String message = "the first non-finite value" + where + ": " + c.reason() + " (op '" + c.node().op().symbol + "'"
                + (c.node().span().isKnown() ? " on line " + c.node().span().line() : "") + ")";
        if (c.node().span().isKnown()) err.print(source.render(new Diagnostic(c.node().span(), message), "warning"));
        else err.println(source.name() + ": warning: " + message);
        err.flush();
    }

    private static boolean finite(double[] a) {
        for (double v : a) if (!Double.isFinite(v)) return false;
        return true;
    }
}
