package dev.nnc.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.api.Nnc;
import dev.nnc.api.Options;
import dev.nnc.lower.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training process stopped by SIGINT leaves its last complete epoch on disk, and a run resumed
 * from there ends with the same parameters, bit for bit, as one that was never interrupted.
 */
class InterruptTest {
    @TempDir Path dir;

    @Test
    void sigintThenResumeEqualsAnUninterruptedRun() throws Exception {
        Path checkpoint = dir.resolve("run.json");
        long epochs = 30_000;
        Process p = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"), "dev.nnc.cli.Main",
                "train", "models/gmm.nn", "--epochs", Long.toString(epochs), "--batch", "50", "--shuffle",
                "--save", checkpoint.toString(), "--no-plots")
                .redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
        // the signal is timed by the run's progress, not by the clock: a tenth of the epochs on disk
        List<Model.Leaf> params = Nnc.compile(Path.of("models/gmm.nn"), Options.defaults()).model().params();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive() && System.nanoTime() < deadline
                && !(Files.exists(checkpoint) && Checkpoints.read(checkpoint, params, new double[4][10], false).epoch() >= epochs / 10)) {
            Thread.sleep(2);
        }
        assertTrue(p.isAlive(), "the run should still be going: " + Files.readString(dir.resolve("log.txt")));
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "SIGINT stops the run");
        Checkpoints.State state = Checkpoints.read(checkpoint, params, new double[4][10], true);
        assertTrue(state.epoch() > 0 && state.epoch() < epochs, "interrupted mid-run at epoch " + state.epoch());

        TrainConfig resume = new TrainConfig(epochs, null, 50, true, 42, null, null, "p", null, null, checkpoint, null);
        TrainConfig straight = new TrainConfig(epochs, null, 50, true, 42, null, null, "p", null, null, null, null);
        Trainer.Result a = new Trainer(Nnc.read(Path.of("models/gmm.nn")), Options.defaults(), resume, new Trainer.Listener() {}).run();
        Trainer.Result b = new Trainer(Nnc.read(Path.of("models/gmm.nn")), Options.defaults(), straight, new Trainer.Listener() {}).run();
        for (String name : List.of("W1", "b1", "W2", "b2")) assertArrayEquals(b.params().get(name), a.params().get(name), name);
        assertEquals(b.finalLoss(), a.finalLoss());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
