package dev.nnc.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.api.Nnc;
import dev.nnc.api.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose step reads {@code x = …X…} as an input, computed once per split, trains exactly as
 * one that computes it in every step: the same params, losses and evaluation figures, bit for bit,
 * in float64 and float32, with shuffled batches, a last partial batch and a second split.
 */
class HoistedTrainingTest {
    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void hoistedAndPerStepRunsAgreeBitForBit(boolean float32) throws Exception {
        Files.copy(Path.of("models/data/gmm_train.csv"), dir.resolve("train.csv"));
        Files.copy(Path.of("models/data/gmm_test.csv"), dir.resolve("test.csv"));
        Path file = dir.resolve("m.nn");
        Files.writeString(file, String.join("\n",
                "input X[N, 2]", "input y[N]",
                "data train = csv(\"train.csv\", X = [x1, x2], y = y)",
                "data test = csv(\"test.csv\", X = [x1, x2], y = y)",
                "param W1[2, 8] = uniform(-1, 1)", "param b1[8] = zeros",
                "param W2[8, 1] = uniform(-1, 1)", "param b2[1] = zeros",
                "x = (X - 0.1) / 0.7 * 1.3",
                "p = sigmoid(tanh(x @ W1 + b1) @ W2 + b2)[:, 0]",
                "L = -mean(y * log(p) + (1 - y) * log(1 - p))",
                "report error = mean((p > 0.5) != y)",
                "minimize L by sgd(lr = 0.3) for 6 epochs batch 48", ""));
        Options options = Options.defaults().withFloat32(float32);
        TrainConfig config = new TrainConfig(null, null, null, true, 11, null, null, "p", null, null, null, null);

        Trainer.Result hoisted = new Trainer(Nnc.read(file), options, config, new Trainer.Listener() {}).run();
        Trainer.Result perStep;
        System.setProperty("nnc.hoistInputs", "false");
        try {
            perStep = new Trainer(Nnc.read(file), options, config, new Trainer.Listener() {}).run();
        } finally {
            System.clearProperty("nnc.hoistInputs");
        }
        assertTrue(hoisted.model().compilation().hoisted().stream().anyMatch(h -> h.name().equals("x")), "x is hoisted");
        assertTrue(perStep.model().compilation().hoisted().isEmpty(), "and computed in every step when asked");
        assertEquals(perStep.finalLoss(), hoisted.finalLoss());
        for (String name : perStep.params().keySet()) assertArrayEquals(perStep.params().get(name), hoisted.params().get(name), name);
        assertEquals(perStep.epochs().size(), hoisted.epochs().size());
        for (int e = 0; e < perStep.epochs().size(); e++) {
            assertEquals(perStep.epochs().get(e).batchMeans(), hoisted.epochs().get(e).batchMeans(), "epoch " + e);
            assertEquals(perStep.epochs().get(e).splits(), hoisted.epochs().get(e).splits(), "evaluation after epoch " + e);
        }
    }
}
