package dev.nnc.bench;

import dev.nnc.api.Options;
import dev.nnc.diag.Source;
import dev.nnc.train.Benchmark;
import dev.nnc.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of generated code (gather the batch, forward, backward, update), in steady
 * state, for each workload of bench/. Run by bench/jmh.sh; not part of the test suite.
 * The workload strings are "file|flags" with flags as `nnc bench` takes them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class StepBenchmark {
    @Param({"w1_sine.nn", "w2_mle.nn", "w3_five.nn|init=five_init.json", "w4_gmm.nn|H=5|init=gmm_init_5.json",
            "w4_gmm.nn|H=100|init=gmm_init_100.json", "w4_gmm.nn|H=500|init=gmm_init_500.json", "w5_fmnist_mlp.nn",
            "w5_fmnist_mlp.nn|float32", "w6_fmnist_cnn.nn"})
    public String workload;

    private Benchmark.Loop loop;

    @Setup(Level.Trial)
    public void compile() throws Exception {
        Path dir = Path.of(System.getProperty("nnc.bench.dir", "bench"));
        String[] parts = workload.split("\\|");
        Path file = dir.resolve(parts[0]);
        Options options = Options.defaults();
        Path init = null;
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].equals("float32")) options = options.withFloat32(true);
            else if (parts[i].startsWith("init=")) init = dir.resolve("data").resolve(parts[i].substring(5));
            else options = options.withSet(parts[i].substring(0, parts[i].indexOf('=')), parts[i].substring(parts[i].indexOf('=') + 1));
        }
        TrainConfig config = new TrainConfig(null, null, null, false, 42, null, null, "p", null, init, null, null);
        loop = Benchmark.prepare(new Source(file.toString(), Files.readString(file)), options, config);
    }

    @org.openjdk.jmh.annotations.Benchmark
    public double step() {
        return loop.step();
    }
}
