package dev.nnc.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Training the seed models that are benchmark workloads ends where PyTorch's float64 run ends.
 * The reference numbers are PyTorch's, from ../shared/bench/results/anchors.jsonl (the peer run
 * on this machine), copied here so the test needs nothing outside the repository.
 */
class TrainMatchesPeersTest {

    private static void train(String model, long steps, double finalLoss, double paramSum) throws Exception {
        CompiledModel m = Nnc.compile(Path.of(model), Options.defaults());
        String objective = m.objective();
        double loss = Double.NaN;
        for (long s = 0; s < steps; s++) {
            m.step();
            if (s == steps - 1) loss = m.value(objective)[0];
        }
        double sum = 0;
        for (var p : m.model().params()) for (double v : m.param(p.name())) sum += v;
        assertEquals(finalLoss, loss, 1e-9 * Math.abs(finalLoss), "final_loss");
        assertEquals(paramSum, sum, 1e-9 * Math.abs(paramSum), "param_sum");
    }

    @Test
    void mleMatchesW2() throws Exception {
        // W2: 100,000 SGD steps, lr 0.1 — PyTorch final_loss 0.0049666681791428096, param_sum 1.941769202099231
        train("models/mle.nn", 100_000, 0.0049666681791428096, 1.941769202099231);
    }

    @Test
    void fiveMatchesW3() throws Exception {
        // W3: 2,500 full-batch epochs, lr 0.25 — PyTorch final_loss 0.0006940007343149582, param_sum 9.333864630965607
        train("models/five.nn", 2_500, 0.0006940007343149582, 9.333864630965607);
    }
}
