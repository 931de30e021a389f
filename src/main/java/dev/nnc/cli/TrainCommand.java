package dev.nnc.cli;

import dev.nnc.api.CompiledModel;
import dev.nnc.diag.Source;
import dev.nnc.diag.Span;
import dev.nnc.lower.Model;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Trains on the values the file gives its inputs (full batch: one step per epoch). Data sources,
 * minibatches, reports and plots arrive with the data statements.
 */
@Command(name = "train", description = {
        "Train a model with the optimizer it names, on the values its inputs declare",
        "(one full-batch step per epoch); print the objective as it goes and the final params."})
final class TrainCommand implements Callable<Integer> {
    @Mixin ModelOptions common;
    @Spec CommandSpec spec;

    @Option(names = "--steps", paramLabel = "N", description = "number of steps (default: what the file says)")
    Long steps;

    @Override
    public Integer call() throws Exception {
        Source source = Load.read(common.file);
        CompiledModel m = Load.compile(source, common.options());
        Model.Training t = m.model().training();
        if (t == null) throw Load.error(source, Span.START, "nothing to train: the file has no 'minimize' or 'maximize'");
        Load.requireInputValues(m, source);
        long total = steps != null ? steps : t.count();
        if (total <= 0) throw Load.error(source, Span.NONE, "--steps must be positive");
        var out = spec.commandLine().getOut();
        long every = Math.max(1, total / 10);
        double loss = Double.NaN;
        for (long s = 1; s <= total; s++) {
            m.step();
            loss = m.value(t.objective())[0];
            if (!Double.isFinite(loss)) {
                throw Load.error(source, t.objectiveSpan(), "the objective became " + Format.number(loss) + " at step " + s);
            }
            if (!common.json && (s == 1 || s % every == 0 || s == total)) {
                out.println("step " + s + "/" + total + "  " + t.objective() + " = " + Format.number(loss));
            }
        }
        if (common.json) {
            var root = Json.MAPPER.createObjectNode();
            root.put("steps", total);
            root.set("final_loss", Json.number(loss));
            var params = root.putObject("params");
            double sum = 0;
            for (Model.Leaf p : m.model().params()) {
                double[] v = m.param(p.name());
                for (double x : v) sum += x;
                params.set(p.name(), Json.tensor(p.node().shape(), v));
            }
            root.set("param_sum", Json.number(sum));
            out.println(Json.MAPPER.writeValueAsString(root));
            return 0;
        }
        for (Model.Leaf p : m.model().params()) out.println(p.name() + " = " + Format.tensor(p.node().shape(), m.param(p.name())));
        return 0;
    }
}
