package dev.nnc.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nnc.diag.CompileError;
import dev.nnc.diag.Source;
import dev.nnc.train.Checkpoints;
import dev.nnc.train.DivergenceError;
import dev.nnc.train.TrainConfig;
import dev.nnc.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "train", description = {
        "Train a model with the optimizer it names.",
        "Minibatches of its train split (or, without data, the values its inputs declare); the objective",
        "and reports on every split after each epoch; a progress bar on a terminal, plain lines",
        "otherwise, one JSON object per epoch with --json; pictures of the curves and the boundary.",
        "newton(damping = …) and lbfgs(m = …) step over the whole split and report their iterations."})
final class TrainCommand implements Callable<Integer> {
    @Mixin ModelOptions common;
    @Mixin RunOptions run;
    @Spec CommandSpec spec;

    @Option(names = "--shuffle", description = "reshuffle the training rows every epoch (seeded by --seed); default: file order")
    boolean shuffle;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "write the objective and report curves per epoch")
    Path plot;

    @Option(names = "--boundary", paramLabel = "FILE.png", description = "write the decision boundary of a two-input classifier")
    Path boundary;

    @Option(names = "--boundary-of", paramLabel = "NAME", description = "the definition holding p(y=1|x) (default: ${DEFAULT-VALUE})")
    String boundaryOf = "p";

    @Option(names = "--no-plots", description = "write no pictures (by default a run writes NAME_curves.png, and "
            + "NAME_boundary.png for a two-input classifier, in the current directory; --json writes none unless asked)")
    boolean noPlots;

    @Option(names = "--data", paramLabel = "SPLIT=FILE", mapFallbackValue = "",
            description = "read a split from another file than the one the model names, e.g. --data test=other.csv (repeatable)")
    Map<String, String> data = new java.util.LinkedHashMap<>();

    @Option(names = "--evaluate", paramLabel = "SPLITS", split = ",",
            description = "evaluate only these splits after each epoch (default: all); the training figures averaged over "
                    + "each epoch's batches are always reported")
    java.util.List<String> evaluate;

    @Option(names = "--save", paramLabel = "FILE.json", description = "checkpoint after every epoch (params by name, and FILE.NAME.npy at the end)")
    Path save;

    @Option(names = "--resume", paramLabel = "FILE.json", description = "continue a run from a --save checkpoint")
    Path resume;

    @Override
    public Integer call() throws Exception {
        Source source = Load.read(common.file);
        PrintWriter out = spec.commandLine().getOut();
        TrainConfig config = new TrainConfig(run.epochs, run.steps, run.batch, shuffle, common.seed, plot, boundary, boundaryOf, save, run.init, resume,
                evaluate == null || evaluate.isEmpty() ? null : evaluate);
        Progress progress = Progress.choose(common.json, out);
        Trainer.Result result;
        try {
            result = new Trainer(source, common.options().withLr(run.lr).withDataPaths(data), config, progress).run();
        } catch (CompileError e) {
            throw new Main.UserError(e, source);
        } catch (DivergenceError e) {
            progress.close();
            throw new Main.UserError(new CompileError(e.span().isKnown() ? e.span() : dev.nnc.diag.Span.NONE, e.getMessage()), source);
        } catch (Checkpoints.CheckpointError e) {
            progress.close();
            throw new Main.UserError(new CompileError(dev.nnc.diag.Span.NONE, e.getMessage()), null);
        } finally {
            progress.close();
        }
        boolean defaults = !noPlots && !common.json;
        String stem = common.file.getFileName().toString().replaceFirst("\\.nn$", "");
        if (plot == null && defaults) plot = Path.of(stem + "_curves.png");
        if (plot != null) Pictures.curves(plot, source, result);
        if (boundary == null && defaults && Pictures.canDrawBoundary(result, boundaryOf)) boundary = Path.of(stem + "_boundary.png");
        if (boundary != null) Pictures.boundary(boundary, source, result, boundaryOf, common.options());
        if (common.json) {
            ObjectNode summary = Json.MAPPER.createObjectNode();
            summary.put("summary", true);
            summary.put("epochs", result.plan().epochs());
            summary.put("steps", result.plan().totalSteps());
            summary.set("final_loss", Json.number(result.finalLoss()));
            summary.set("param_sum", Json.number(result.paramSum()));
            if (result.search() != null) {
                summary.put("iterations", result.search().iterations());
                summary.put("evaluations", result.search().evaluations());
                summary.put("converged", result.search().converged());
            }
            if (!result.epochs().isEmpty()) {
                ObjectNode reports = summary.putObject("reports");
                for (var split : result.epochs().get(result.epochs().size() - 1).splits().entrySet()) {
                    ObjectNode s = reports.putObject(split.getKey());
                    split.getValue().forEach((k, v) -> s.set(k, Json.number(v)));
                }
            }
            out.println(Json.MAPPER.writeValueAsString(summary));
            return 0;
        }
        Summary.print(out, result);
        if (plot != null) out.println("wrote " + plot);
        if (boundary != null) out.println("wrote " + boundary);
        return 0;
    }

    static Map<String, Double> last(Trainer.Result r, String split) {
        return r.epochs().isEmpty() ? Map.of() : r.epochs().get(r.epochs().size() - 1).splits().getOrDefault(split, Map.of());
    }
}
