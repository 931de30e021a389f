package dev.nnc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nnc.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * bench/w1…w6 trained by `nnc train --json` end where the PyTorch peer ends: final_loss (the last
 * step's forward) and param_sum to 1e-9 relative. Reference numbers: PyTorch float64 rows of
 * ../shared/bench/results/anchors.jsonl, measured on this machine, copied here.
 */
class BenchPeersTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "bench/w1_sine.nn | | 1.0 | 5.654866776461594",
        "bench/w2_mle.nn | | 0.0049666681791428096 | 1.941769202099231",
        "bench/w3_five.nn | --init=bench/data/five_init.json | 0.0006940007343149582 | 9.333864630965607",
        "bench/w4_gmm.nn | --set=H=5 --init=bench/data/gmm_init_5.json | 0.5563647574904905 | -1.9746406718682683",
        "bench/w4_gmm.nn | --set=H=100 --init=bench/data/gmm_init_100.json | 0.30047148414114555 | -9.293014999529648",
        "bench/w4_gmm.nn | --set=H=500 --init=bench/data/gmm_init_500.json | 0.24854476887931856 | 8.024379799556973",
        "bench/w5_fmnist_mlp.nn | | 0.5327085029597174 | 48.566139868429744",
        "bench/w6_fmnist_cnn.nn | | 0.7292483029023475 | 2.9233316841047063",
    })
    void trainingEndsWherePyTorchEnds(String model, String flags, double finalLoss, double paramSum) throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("train", model, "--json"));
        if (flags != null) args.addAll(java.util.List.of(flags.trim().split(" ")));
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, status, err.toString());
        String[] lines = out.toString().strip().split("\n");
        JsonNode summary = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertEquals(finalLoss, summary.get("final_loss").asDouble(), 1e-9 * Math.abs(finalLoss), "final_loss");
        assertEquals(paramSum, summary.get("param_sum").asDouble(), 1e-9 * Math.abs(paramSum), "param_sum");
    }
}
