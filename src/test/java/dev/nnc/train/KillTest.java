package dev.nnc.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.api.Nnc;
import dev.nnc.api.Options;
import dev.nnc.lower.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of checkpoints: a real `nnc train --save` process is killed with SIGKILL
 * at a random point of its progress, twenty times in a row, each run resuming from what the previous one left
 * on disk. Every time, the checkpoint on disk loads (its checksum holds: a kill mid-write leaves
 * the previous complete file, never a torn one), and a run resumed from it ends with exactly the
 * parameters of a run that was never interrupted.
 */
class KillTest {
    static final String MODEL = String.join("\n",
            "param w[3] = [1, -2, 0.5]",
            "param b = 0.1",
            "input x[3] = [0.3, 0.1, -0.2]",
            "L = sum((tanh(w * x + b) - [0.25, -0.5, 0.9])^2) + 0.01 * sum(w^2)",
            "minimize L by adam(lr = 0.001) for 1 steps",
            "");
    /** One step per epoch (no data): a checkpoint every 100 steps. */
    static final long STEPS = 100_000;

    @TempDir Path dir;

    @Test
    void sigkillTwentyTimesThenResumeEqualsAnUninterruptedRun() throws Exception {
        Path model = dir.resolve("small.nn");
        Files.writeString(model, MODEL);
        Path checkpoint = dir.resolve("run.json");
        Trainer.Result straight = train(model, null);
        List<Model.Leaf> params = straight.model().model().params();

        long seed = System.nanoTime();
        Random random = new Random(seed);
        int kills = 0, finished = 0;
        List<Long> epochs = new ArrayList<>();
        while (kills < 20) {
            long reached = Files.exists(checkpoint) ? epochOf(checkpoint, params) : 0;
            if (reached > STEPS * 8 / 10) {
                // close to the end: start a new chain of kills, so that the next ones land mid-run again
                Files.delete(checkpoint);
                reached = 0;
            }
            boolean resume = reached > 0;
            List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"), "dev.nnc.cli.Main",
                    "train", model.toString(), "--steps", Long.toString(STEPS), "--save", checkpoint.toString(), "--json", "--no-plots"));
            if (resume) command.addAll(List.of("--resume", checkpoint.toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
            // The kill is timed by the run's progress, not by the clock, so that it lands mid-run on a
            // machine of any speed: wait until the checkpoint on disk is past a random epoch ahead of
            // where this run started, then a few random milliseconds more (the kill may hit a write).
            long killAfter = reached + 1 + (long) (random.nextDouble() * Math.min(STEPS * 9 / 10 - reached, STEPS / 5));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (p.isAlive() && System.nanoTime() < deadline
                    && !(Files.exists(checkpoint) && epochOf(checkpoint, params) >= killAfter)) {
                Thread.sleep(1);
            }
            Thread.sleep(random.nextInt(20));
            if (p.isAlive()) {
                p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "SIGKILL stops the run");
            }
            // a run that ended between the look and the signal exits 0: it finished, it was not killed
            if (p.waitFor() == 0) {
                // it ended before the kill: the checkpoint is the final one; start over so that kills stay mid-run
                finished++;
                assertTrue(finished < 20, "the runs keep finishing before they are killed (seed " + seed + ")");
                loadAndResume(model, checkpoint, params, straight, seed);
                Files.delete(checkpoint);
                continue;
            }
            assertEquals(137, p.exitValue(), "killed by signal 9: " + Files.readString(dir.resolve("log.txt")));
            kills++;
            epochs.add(loadAndResume(model, checkpoint, params, straight, seed));
        }
        assertTrue(epochs.stream().anyMatch(e -> e > 0 && e < STEPS), "some kills were mid-run: " + epochs);
    }

    /** The checkpoint loads (checksum verified); resuming from it reaches the uninterrupted run's params bit for bit. */
    private long loadAndResume(Path model, Path checkpoint, List<Model.Leaf> params, Trainer.Result straight, long seed)
            throws Exception {
        double[][] target = new double[params.size()][];
        for (int i = 0; i < target.length; i++) target[i] = new double[params.get(i).node().shape().size()];
        Checkpoints.State state = Checkpoints.read(checkpoint, params, target, true);
        Trainer.Result resumed = train(model, checkpoint);
        for (String name : straight.params().keySet()) {
            assertArrayEquals(straight.params().get(name), resumed.params().get(name),
                    name + " after resuming from epoch " + state.epoch() + " (seed " + seed + ")");
        }
        return state.epoch();
    }

    /** The epoch of the checkpoint on disk; the file is replaced by an atomic rename, so a read never sees half of one. */
    private static long epochOf(Path checkpoint, List<Model.Leaf> params) throws Exception {
        double[][] target = new double[params.size()][];
        for (int i = 0; i < target.length; i++) target[i] = new double[params.get(i).node().shape().size()];
        return Checkpoints.read(checkpoint, params, target, false).epoch();
    }

    private static Trainer.Result train(Path model, Path resume) throws Exception {
        TrainConfig config = new TrainConfig(null, STEPS, null, false, 42, null, null, "p", null, null, resume, null);
        return new Trainer(Nnc.read(model), Options.defaults(), config, new Trainer.Listener() {}).run();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
