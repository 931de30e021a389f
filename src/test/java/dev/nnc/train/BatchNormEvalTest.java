package dev.nnc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nnc.api.Nnc;
import dev.nnc.api.Options;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Batch norm trains on batch statistics and evaluates on running averages, as PyTorch's
 * train()/eval() modes: the expected figures come from tests/golden/batchnorm_eval/generate.py.
 */
class BatchNormEvalTest {
    @Test
    void evaluationUsesTheRunningAveragesPyTorchKeeps() throws Exception {
        Path dir = Path.of("tests/golden/batchnorm_eval");
        JsonNode expected = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
        Trainer.Result r = new Trainer(Nnc.read(dir.resolve("model.nn")), Options.defaults(), TrainConfig.defaults(),
                new Trainer.Listener() {}).run();
        assertEquals(expected.get("final_loss").asDouble(), r.finalLoss(), 1e-12);
        var last = r.epochs().get(r.epochs().size() - 1).splits();
        for (String split : new String[] {"train", "test"}) {
            double e = expected.get("splits").get(split).get("L").asDouble();
            assertEquals(e, last.get(split).get("L"), 1e-12 * Math.max(1, Math.abs(e)), split);
        }
        for (var p : r.params().entrySet()) {
            JsonNode e = expected.get("params").get(p.getKey());
            double[] flat = p.getValue();
            int k = 0;
            for (JsonNode row : e) {
                if (row.isArray()) for (JsonNode v : row) assertEquals(v.asDouble(), flat[k++], 1e-12, p.getKey());
                else assertEquals(row.asDouble(), flat[k++], 1e-12, p.getKey());
            }
        }
    }
}
