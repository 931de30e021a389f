package dev.nnc.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.api.Nnc;
import dev.nnc.api.Options;
import dev.nnc.diag.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop's promises: batches, partial batches, resumption, divergence. */
class TrainerTest {
    @TempDir Path dir;

    private static Trainer.Result train(Path model, TrainConfig config) throws Exception {
        return new Trainer(Nnc.read(model), Options.defaults(), config, new Trainer.Listener() {}).run();
    }

    private static TrainConfig config(Long epochs, Integer batch, boolean shuffle, Path save, Path resume) {
        return new TrainConfig(epochs, null, batch, shuffle, 7, null, null, "p", save, null, resume, null);
    }

    @Test
    void resumingGivesTheSameParamsBitForBit() throws Exception {
        Path model = Path.of("models/gmm.nn");
        Trainer.Result straight = train(model, config(12L, 64, true, null, null));
        Path checkpoint = dir.resolve("gmm.json");
        train(model, config(5L, 64, true, checkpoint, null));
        Trainer.Result resumed = train(model, config(12L, 64, true, null, checkpoint));
        for (String p : straight.params().keySet()) assertArrayEquals(straight.params().get(p), resumed.params().get(p), p);
        assertEquals(straight.finalLoss(), resumed.finalLoss());
        assertTrue(Files.exists(dir.resolve("gmm.W1.npy")), ".npy per param beside the checkpoint");
    }

    @Test
    void lastPartialBatchIsTheMeanOverItsOwnRows() throws Exception {
        // 200 rows in batches of 64: 3 full batches and one of 8; full-batch gradient descent
        // on the same rows differs, so compare with a hand-run of the batches through the API
        Path model = Path.of("models/gmm.nn");
        Trainer.Result r = train(model, config(1L, 64, false, null, null));
        assertEquals(4, r.plan().stepsPerEpoch());
        var batch64 = Nnc.compile(Nnc.read(model), Options.defaults().withData(new Options.DataChoice("train", 64, false, null)));
        var batch8 = Nnc.compile(Nnc.read(model), Options.defaults().withData(new Options.DataChoice("train", 8, false, null)));
        var data = batch64.compilation().data().get("train");
        int[] order = new int[200];
        for (int i = 0; i < 200; i++) order[i] = i;
        var in64 = new java.util.HashMap<String, double[]>();
        var in8 = new java.util.HashMap<String, double[]>();
        for (String name : List.of("X", "y")) {
            in64.put(name, batch64.runtime().inputs()[batch64.compilation().plan().inputs().stream().map(n -> n.leafName()).toList().indexOf(name)]);
            in8.put(name, batch8.runtime().inputs()[batch8.compilation().plan().inputs().stream().map(n -> n.leafName()).toList().indexOf(name)]);
        }
        for (int b = 0; b < 3; b++) {
            data.gather(order, b * 64, b * 64 + 64, in64);
            batch64.step();
        }
        for (var p : batch64.model().params()) batch8.setParam(p.name(), batch64.param(p.name()));
        data.gather(order, 192, 200, in8);
        batch8.step();
        for (var p : batch8.model().params()) assertArrayEquals(batch8.param(p.name()), r.params().get(p.name()), p.name());
    }

    @Test
    void divergenceNamesTheOpAndLine() throws Exception {
        Path model = dir.resolve("diverge.nn");
        Files.writeString(model, "param w = 1\ninput x = 3\n\nL = (w * x - 1)^2\nminimize L by sgd(lr = 100) for 200 steps\n");
        DivergenceError e = assertThrows(DivergenceError.class, () -> train(model, TrainConfig.defaults()));
        assertTrue(e.getMessage().contains("became"), e.getMessage());
        assertTrue(e.getMessage().contains("learning rate"), e.getMessage());
        assertEquals(4, e.span().line(), e.getMessage());
    }

    @Test
    void shufflingIsSeededAndAPermutation() {
        int[] a = new int[50], b = new int[50];
        Trainer.shuffle(a, 3, 1);
        Trainer.shuffle(b, 3, 1);
        assertArrayEquals(a, b);
        int[] c = new int[50];
        Trainer.shuffle(c, 3, 2);
        assertFalse(java.util.Arrays.equals(a, c), "another epoch, another order");
        int[] sorted = a.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < 50; i++) assertEquals(i, sorted[i]);
    }

    @Test
    void hoeffdingAnswersTheLabQuestion() {
        assertEquals(26_492, Hoeffding.samplesFor(0.01, 0.01));
        assertEquals(0.0364, Hoeffding.epsilon(2000, 0.01), 1e-4);
    }

    @Test
    void initRefusesAFileOfTheWrongShape() throws Exception {
        Path bad = dir.resolve("init.json");
        Files.writeString(bad, "{\"w\": [1, 2, 3]}");
        Path model = dir.resolve("m.nn");
        Files.writeString(model, "param w[2] = [0, 0]\nL = sum(w^2)\nminimize L by sgd(lr = 0.1)\n");
        var e = assertThrows(Checkpoints.CheckpointError.class,
                () -> train(model, new TrainConfig(null, null, null, false, 1, null, null, "p", null, bad, null, null)));
        assertTrue(e.getMessage().contains("shape [3]") && e.getMessage().contains("[2]"), e.getMessage());
    }
}
