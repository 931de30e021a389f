package dev.nnc.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nnc.diag.CompileError;
import dev.nnc.diag.Source;
import dev.nnc.train.Benchmark;
import dev.nnc.train.Checkpoints;
import dev.nnc.train.TrainConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "bench", description = {
        "Time the training loop of generated code, as the peers of ../shared/bench time theirs.",
        "Run 0 trains from the initial params (final_loss = the last step's forward pass, param_sum after",
        "it). If it took at least --long-s, the time per step is measured inside it after its first tenth;",
        "otherwise whole runs are repeated for --warmup-s and then timed for --measure-s, and the median",
        "run's time per step is reported. No reports or evaluation run; the loop is gather the batch, step."})
final class BenchCommand implements Callable<Integer> {
    @Mixin ModelOptions common;
    @Mixin RunOptions run;
    @Spec CommandSpec spec;

    @Option(names = "--warmup-s", paramLabel = "S", description = "seconds of repeated runs before timing (default: ${DEFAULT-VALUE})")
    double warmupS = 1.0;

    @Option(names = "--measure-s", paramLabel = "S", description = "seconds of timed runs (default: ${DEFAULT-VALUE})")
    double measureS = 2.0;

    @Option(names = "--long-s", paramLabel = "S", description = "a first run this long is timed inside itself (default: ${DEFAULT-VALUE})")
    double longS = 3.0;

    @Override
    public Integer call() throws Exception {
        Source source = Load.read(common.file);
        PrintWriter out = spec.commandLine().getOut();
        TrainConfig config = new TrainConfig(run.epochs, run.steps, run.batch, false, common.seed, null, null, "p", null, run.init, null, null);
        Benchmark.Result r;
        try {
            r = Benchmark.run(source, common.options().withLr(run.lr), config, new Benchmark.Timing(warmupS, measureS, longS, 100_000));
        } catch (CompileError e) {
            throw new Main.UserError(e, source);
        } catch (Checkpoints.CheckpointError e) {
            throw new Main.UserError(new CompileError(dev.nnc.diag.Span.NONE, e.getMessage()), null);
        }
        double totalS = sinceLaunchS();
        if (common.json) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("workload", common.file.toString());
            o.put("peer", "nnc");
            o.put("dtype", common.float32 ? "float32" : "float64");
            o.put("steps", r.steps());
            o.put("batch", r.batch());
            o.set("final_loss", Json.number(r.finalLoss()));
            o.set("param_sum", Json.number(r.paramSum()));
            o.put("steady_ns_per_step", Math.round(r.steadyNsPerStep() * 10) / 10.0);
            o.put("steady_method", r.method());
            o.put("reps_measured", r.repsMeasured());
            o.put("reps_identical", r.repsIdentical());
            o.put("compile_s", round6(r.compileS()));
            o.put("first_run_s", round6(r.firstRunS()));
            o.put("total_s", round6(totalS));
            o.put("peak_rss_kb", peakRssKb());
            o.put("threads", dev.nnc.runtime.Gemm.threads());   // the caller, and the helper of products and shared loops
            o.put("allocated_bytes_per_step", Math.round(r.allocatedBytesPerStep() * 10) / 10.0);
            out.println(Json.MAPPER.writeValueAsString(o));
            return 0;
        }
        out.printf("%s: %d steps of batch %d (%d rows)%n", common.file, r.steps(), r.batch(), r.rows());
        out.printf("  steady        %s per step (%s%s)%n", duration(r.steadyNsPerStep()), r.method(),
                r.method().equals("reps") ? ", median of " + r.repsMeasured() + " runs" : "");
        out.printf("  final loss    %s%n", Format.number(r.finalLoss()));
        out.printf("  param sum     %s%n", Format.number(r.paramSum()));
        out.printf("  compile       %.3f s, first run %.3f s, process %.3f s%n", r.compileS(), r.firstRunS(), totalS);
        out.printf("  allocated     %s bytes per step%n", Format.number(Math.round(r.allocatedBytesPerStep() * 10) / 10.0));
        return 0;
    }

    /** Process launch to now, as the peers' total_s (the JVM's start included). */
    private static double sinceLaunchS() {
        return ProcessHandle.current().info().startInstant()
                .map(t -> java.time.Duration.between(t, java.time.Instant.now()).toNanos() / 1e9).orElse(Double.NaN);
    }

    private static String duration(double ns) {
        if (ns < 1e4) return String.format("%.1f ns", ns);
        if (ns < 1e7) return String.format("%.2f µs", ns / 1e3);
        return String.format("%.3f ms", ns / 1e6);
    }

    private static double round6(double s) {
        return Math.round(s * 1e6) / 1e6;
    }

    /** VmHWM, as the peers report it. */
    private static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: unknown
        }
        return -1;
    }
}
