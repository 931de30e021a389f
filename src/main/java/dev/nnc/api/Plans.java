package dev.nnc.api;

import dev.nnc.codegen.Plan;
import dev.nnc.ir.Node;
import dev.nnc.lower.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The code generator's view of a compiled model. */
final class Plans {
    private Plans() {}

    static Plan of(Model model, Map<String, Node> gradients, String className, boolean trainsObjective) {
        List<Node> params = model.params().stream().map(Model.Leaf::node).toList();
        List<Node> inputs = model.inputs().stream().map(Model.Leaf::node).toList();
        List<Plan.Named> values = new ArrayList<>();
        model.definitions().values().forEach(d -> values.add(new Plan.Named(d.name(), d.node())));
        model.reports().values().forEach(d -> values.add(new Plan.Named(d.name(), d.node())));
        model.hidden().forEach((name, node) -> values.add(new Plan.Named(name, node)));
        List<Plan.Named> grads = new ArrayList<>();
        gradients.forEach((name, node) -> grads.add(new Plan.Named(name, node)));
        Plan.Update update = null;
        // newton and lbfgs are run by the trainer, so the generated class has no update of its own
        if (trainsObjective && !model.training().optimizer().hostSide()) {
            int[] index = new int[params.size()];
            Map<String, Integer> byName = new java.util.HashMap<>(); // not a scan per param: 10⁵ params are 10¹⁰ comparisons
            for (int i = grads.size() - 1; i >= 0; i--) byName.put(grads.get(i).name(), i);
            boolean complete = true;
            for (int p = 0; p < params.size(); p++) {
                String name = model.params().get(p).name();
                index[p] = byName.getOrDefault(name, -1);
                complete &= index[p] >= 0 && grads.get(index[p]).node().shape().equals(params.get(p).shape());
            }
            if (complete) update = new Plan.Update(model.training().optimizer(), model.training().maximize(), index);
        }
        return new Plan(className, model.source().name(), model.source().lines(), params, inputs, values, grads, update);
    }
}
