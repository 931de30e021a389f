package dev.nnc.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The numerically delicate answers, with expectations derived by hand: the stable rewrites
 * must give exact results where the naive formulas overflow or lose everything.
 */
class AcceptanceTest {

    private static CompiledModel run(String source, Options.Backend backend) {
        CompiledModel m = Nnc.compile("acceptance.nn", source, Options.defaults().withBackend(backend));
        m.forward();
        m.backward();
        return m;
    }

    @ParameterizedTest
    @EnumSource(Options.Backend.class)
    void logSigmoidAtMinus800(Options.Backend backend) {
        // log σ(x) = −softplus(−x) = −(800 + log1p(e^−800)) = −800; d/dx = σ(−x) = 1
        CompiledModel m = run("param x = -800\nL = log(sigmoid(x))\nmaximize L by sgd(lr = 1)\n", backend);
        assertEquals(-800.0, m.value("L")[0]);
        assertEquals(1.0, m.gradient("x")[0]);
    }

    @ParameterizedTest
    @EnumSource(Options.Backend.class)
    void logOneMinusSigmoidAt800(Options.Backend backend) {
        // log(1 − σ(x)) = −softplus(x) = −800 at x = 800; d/dx = −σ(x) = −1
        CompiledModel m = run("param x = 800\nL = log(1 - sigmoid(x))\nmaximize L by sgd(lr = 1)\n", backend);
        assertEquals(-800.0, m.value("L")[0]);
        assertEquals(-1.0, m.gradient("x")[0]);
    }

    @ParameterizedTest
    @EnumSource(Options.Backend.class)
    void logsumexpOfTwoThousands(Options.Backend backend) {
        CompiledModel m = run("param x[2] = [1000, 1000]\nL = logsumexp(x)\nminimize L by sgd(lr = 1)\n", backend);
        assertEquals(1000 + Math.log(2), m.value("L")[0]);
        assertArrayEquals(new double[] {0.5, 0.5}, m.gradient("x"));
    }

    @ParameterizedTest
    @EnumSource(Options.Backend.class)
    void crossEntropyWithLogitsNearAThousand(Options.Backend backend) {
        // logits [1000, 999, 998], label 0: −log_softmax = log(1 + e^−1 + e^−2); gradient = softmax − onehot
        CompiledModel m = run("param z[1, 3] = [[1000, 999, 998]]\ninput y[1] = [0]\nL = cross_entropy(z, y)\n"
                + "minimize L by sgd(lr = 1)\n", backend);
        double s = 1 + Math.exp(-1) + Math.exp(-2);
        assertEquals(Math.log(s), m.value("L")[0], 1e-15);
        double[] g = m.gradient("z");
        assertEquals(1 / s - 1, g[0], 1e-15);
        assertEquals(Math.exp(-1) / s, g[1], 1e-15);
        assertEquals(Math.exp(-2) / s, g[2], 1e-15);
        for (double v : g) assertTrue(Double.isFinite(v));
    }

    @Test
    void thirtyThousandTermSumCompiles() {
        StringBuilder b = new StringBuilder("param w = 1\nL = w");
        for (int i = 0; i < 30_000; i++) b.append(" + w");
        b.append("\nminimize L by sgd(lr = 1)\n");
        CompiledModel m = run(b.toString(), Options.Backend.COMPILED);
        assertEquals(30_001.0, m.value("L")[0]);
        assertEquals(30_001.0, m.gradient("w")[0]);
    }

    @ParameterizedTest
    @EnumSource(Options.Backend.class)
    void binaryCrossEntropyOfASlicedSigmoidStaysFinite(Options.Backend backend) {
        // gmm.nn's loss at logits ±800: log p and log(1 − p) through a slice are rewritten stably
        CompiledModel m = run("param z[2, 1] = [[-800], [800]]\ninput y[2] = [1, 0]\np = sigmoid(z)[:, 0]\n"
                + "L = -mean(y * log(p) + (1 - y) * log(1 - p))\nminimize L by sgd(lr = 1)\n", backend);
        assertEquals(800.0, m.value("L")[0]);
        assertArrayEquals(new double[] {-0.5, 0.5}, m.gradient("z"));
    }
}
