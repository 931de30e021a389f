package dev.nnc.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nnc.api.CompiledModel;
import dev.nnc.api.Options;
import dev.nnc.diag.Source;
import dev.nnc.diag.Span;
import dev.nnc.lower.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "grad", description = {
        "Print the forward values, the gradient, and the params after one step.",
        "The objective's gradient is taken with respect to every param (or --of, --wrt), and the",
        "step is the optimizer the file names."})
final class GradCommand implements Callable<Integer> {
    @Mixin ModelOptions common;
    @Spec CommandSpec spec;

    @Option(names = "--of", paramLabel = "NAME", description = "differentiate this scalar definition instead of the objective")
    String of;

    @Option(names = "--wrt", paramLabel = "NAMES", split = ",",
            description = "differentiate with respect to these params, inputs or definitions (comma-separated; default: every param)")
    List<String> wrt = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Source source = Load.read(common.file);
        Options options = common.options().withOf(of).withWrt(wrt);
        CompiledModel m = Load.compile(source, options);
        if (m.objective() == null) {
            throw Load.error(source, Span.START, "nothing to differentiate: the file has no 'minimize' or 'maximize' (or pass --of NAME)");
        }
        Load.requireInputValues(m, source);
        m.forward();
        m.backward();
        NonFinite.warn(m, source, spec.commandLine().getErr());
        List<String> shown = wrt.isEmpty() ? m.model().params().stream().map(Model.Leaf::name).toList() : wrt;
        String objective = m.objective();
        java.util.Map<String, double[]> before = new java.util.LinkedHashMap<>();
        for (String name : m.valueNames()) before.put(name, m.value(name));
        java.util.Map<String, double[]> gradient = new java.util.LinkedHashMap<>();
        for (String name : m.gradientNames()) gradient.put(name, m.gradient(name));

        List<double[]> updated = new ArrayList<>();
        boolean update = m.hasUpdate();
        var training = m.model().training();
        if (training != null && training.optimizer().hostSide() && training.objective().equals(objective)) {
            update = true;
            dev.nnc.train.SecondOrder.of(m).step();
            m.forward();
            m.backward();
        } else if (update) {
            m.step();
        }
        if (update) for (Model.Leaf p : m.model().params()) updated.add(m.param(p.name()));

        var out = spec.commandLine().getOut();
        if (common.json) {
            ObjectNode root = Json.MAPPER.createObjectNode();
            ObjectNode values = root.putObject("values");
            // the values of the forward pass before the update
            for (String name : m.valueNames()) values.set(name, Json.tensor(m.shapeOf(name), before.get(name)));
            root.put("objective", objective);
            ObjectNode grads = root.putObject("gradients");
            for (String name : shown) grads.set(name, Json.tensor(shapeOfWrt(m, name), gradient.get(name)));
            if (update) {
                ObjectNode up = root.putObject("updated");
                for (int i = 0; i < updated.size(); i++) {
                    Model.Leaf p = m.model().params().get(i);
                    up.set(p.name(), Json.tensor(p.node().shape(), updated.get(i)));
                }
            }
            out.println(Json.MAPPER.writeValueAsString(root));
            return 0;
        }
        out.println("values");
        for (String name : m.valueNames()) out.println("  " + name + " = " + Format.tensor(m.shapeOf(name), before.get(name)));
        out.println("gradient of " + objective);
        for (String name : shown) {
            out.println("  ∂" + objective + "/∂" + name + " = " + Format.tensor(shapeOfWrt(m, name), gradient.get(name)));
        }
        if (update) {
            var t = m.model().training();
            out.println("after one step of " + t.optimizer().describe() + (t.maximize() ? ", maximizing" : ""));
            for (int i = 0; i < updated.size(); i++) {
                Model.Leaf p = m.model().params().get(i);
                out.println("  " + p.name() + " = " + Format.tensor(p.node().shape(), updated.get(i)));
            }
        }
        return 0;
    }

    private static dev.nnc.ir.Shape shapeOfWrt(CompiledModel m, String name) {
        return m.shapeOf(name);
    }
}
