package dev.nnc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.api.Nnc;
import dev.nnc.api.Options;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * models/fmnist_mlp.nn trained as the UvA assignment says (10 epochs, batches of 200 in file
 * order, SGD lr 0.1, the peers' initial weights) reaches the peers' test accuracy: PyTorch
 * float64 gives 0.8661 on the 10,000 test images (../shared/bench/results/accuracy.jsonl).
 */
class FashionMnistAccuracyTest {
    @Test
    void tenEpochsReachThePeersTestAccuracy() throws Exception {
        TrainConfig config = new TrainConfig(null, null, null, false, 42, null, null, "p", null, null, null, List.of("test"));
        Trainer.Result r = new Trainer(Nnc.read(Path.of("models/fmnist_mlp.nn")), Options.defaults(), config,
                new Trainer.Listener() {}).run();
        assertEquals(10, r.epochs().size());
        assertEquals(0.8661, r.epochs().get(9).splits().get("test").get("accuracy"), 1e-12);
        assertEquals(0.25482376305899285, r.finalLoss(), 1e-9 * 0.2548, "PyTorch's final loss after 3,000 steps");
    }
}
