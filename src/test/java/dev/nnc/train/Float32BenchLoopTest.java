package dev.nnc.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nnc.api.Nnc;
import dev.nnc.api.Options;
import dev.nnc.diag.Source;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * `nnc bench --float32` trains on the float arrays of the generated class (Float32Model.floatStep,
 * batches rounded to float as they are gathered, the mirrors read at the start and written at the
 * end and at each change to the partial-batch variant): it must end with every param, the loss and
 * the optimizer state exactly where training through the double mirrors ends.
 */
class Float32BenchLoopTest {
    @ParameterizedTest(name = "{0} batch {1}")
    @CsvSource({
        "sgd(lr = 0.1), 200",              // the whole split: gathered once
        "sgd(lr = 0.1), 60",               // 200 rows: three batches of 60 and a partial one of 20
        "'sgd(lr = 0.1, momentum = 0.9)', 60",
        "adam(lr = 0.01), 60",
    })
    void floatArraysEndWhereTheMirrorsEnd(String optimizer, int batch) throws Exception {
        Source gmm = Nnc.read(Path.of("models/gmm.nn"));
        String text = gmm.text().replace("sgd(lr = 0.1) for 100 epochs", optimizer + " for 3 epochs");
        assumeTrue(!text.equals(gmm.text()), "gmm.nn no longer says sgd(lr = 0.1) for 100 epochs");
        Source source = new Source(gmm.name(), text);
        TrainConfig config = new TrainConfig(null, null, batch, false, 42, null, null, "p", null, null, null, null);
        Options options = Options.defaults().withFloat32(true).withCacheDir(null);
        Benchmark.Loop floats = Benchmark.prepare(source, options, config);
        Benchmark.Loop mirrors = Benchmark.prepare(source, options, config);
        assertNotNull(floats.step.floats, "a float32 class with an update is a Float32Model");
        assertEquals(batch == 200, floats.partial == null);
        mirrors.throughMirrors = true;
        for (int run = 0; run < 2; run++) {   // the second run starts again from the initial params
            floats.train();
            mirrors.train();
            assertEquals(mirrors.loss, floats.loss, 0.0, "loss");
            assertEquals(mirrors.paramSum(), floats.paramSum(), 0.0, "param sum");
            for (int i = 0; i < mirrors.step.runtime.params().length; i++) {
                assertArrayEquals(mirrors.step.runtime.params()[i], floats.step.runtime.params()[i], "param " + i);
            }
            for (int i = 0; i < mirrors.step.runtime.optimizerState().length; i++) {
                assertArrayEquals(mirrors.step.runtime.optimizerState()[i], floats.step.runtime.optimizerState()[i], "state " + i);
            }
            assertEquals(mirrors.step.runtime.updates(), floats.step.runtime.updates());
        }
    }
}
