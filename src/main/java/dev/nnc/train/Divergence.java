package dev.nnc.train;

import dev.nnc.data.SplitData;
import dev.nnc.diag.Span;
import dev.nnc.interp.Tensor;
import dev.nnc.ir.Node;
import dev.nnc.lower.Model;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds where a NaN or infinity first appeared: replays the epoch from its snapshot up to the
 * failing step, then evaluates that step's forward pass with the reference interpreter and
 * names the first op whose result is not finite although its operands are.
 */
final class Divergence {
    private Divergence() {}

    static DivergenceError explain(Variant failing, Variant step, double loss, long epoch, long batchIndex, long done,
                                   Trainer.Snapshot snapshot, int[] order, SplitData train, int batch, Model.Training t) {
        snapshot.restore(step);
        for (long k = 0; k < batchIndex; k++) {
            int from = (int) (k * batch);
            if (train != null) train.gather(order, from, from + batch, step.inputArrays);
            step.runtime.step();
        }
        failing.takeStateFrom(step);
        if (train != null) {
            int from = (int) (batchIndex * batch);
            train.gather(order, from, Math.min(train.rows(), from + batch), failing.inputArrays);
        }
        Model model = failing.model.model();
        Map<String, Tensor> leaves = new HashMap<>();
        for (int i = 0; i < model.params().size(); i++) {
            leaves.put(model.params().get(i).name(), new Tensor(model.params().get(i).node().shape(), failing.runtime.params()[i].clone()));
        }
        for (int i = 0; i < model.inputs().size(); i++) {
            leaves.put(model.inputs().get(i).name(), new Tensor(model.inputs().get(i).node().shape(), failing.runtime.inputs()[i].clone()));
        }
        Node objective = t.node();
        dev.nnc.interp.Provenance.Culprit found = dev.nnc.interp.Provenance.firstNonFinite(List.of(t.node()), n -> leaves.get(n.leafName()));
        Node culprit = found == null ? null : found.node();
        String what = Double.isNaN(loss) ? "NaN" : loss > 0 ? "+infinity" : "-infinity";
        StringBuilder m = new StringBuilder("the objective '" + t.objective() + "' became " + what + " at epoch " + (epoch + 1)
                + ", step " + (batchIndex + 1) + " of the epoch (" + (done + 1) + " overall)");
        Span span = Span.NONE;
        if (culprit != null) {
            span = culprit.span();
            m.append("; the first non-finite value comes from '").append(culprit.op().symbol).append("'");
            if (culprit.op().kind == dev.nnc.ir.Op.Kind.LEAF) m.append(" ('").append(culprit.leafName()).append("')");
            if (span.isKnown()) m.append(" on line ").append(span.line());
            m.append(": ").append(found.reason());
        }
        if (!t.optimizer().hostSide()) {
            m.append(". Is the learning rate (").append(t.optimizer().lr()).append(") too large? Try a smaller one with --lr.");
        }
        return new DivergenceError(span, m.toString());
    }

}
