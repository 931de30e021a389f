package dev.nnc.train;

import dev.nnc.runtime.GeneratedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * bev033dle lab 2, step 2, as written there: for each parameter a random direction
 * Δ = ε·u/‖u‖, the symmetric difference (L(w + Δ) − L(w − Δ))/2 against ⟨∇L, Δ⟩, for
 * ε = 1e-2 … 1e-8. A correct gradient's error shrinks like ε³ until rounding takes over.
 */
public final class GradCheck {
    public static final double[] EPSILONS = {1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8};

    private GradCheck() {}

    /** One param's row of the table: the error per ε, relative to |⟨∇L, Δ⟩| (or absolute when that is ~0). */
    public record Row(String param, double[] error, double[] relative, boolean passed) {
        /**
         * Whether the error shrinks like ε (tenfold per decade), the signature of a kink at the
         * point rather than of a wrong formula, whose error would not shrink at all.
         */
        public boolean firstOrder() {
            if (passed) return false;
            for (int k = 2; k + 1 < error.length; k++) {
                double ratio = Math.abs(error[k]) / Math.abs(error[k + 1]);
                if (!(ratio > 5 && ratio < 20)) return false;
            }
            return true;
        }
    }

    /** Moves every param by a seeded N(0, (scale·(1 + |p|))²) step. */
    public static void jitter(GeneratedModel model, double scale, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (double[] p : model.params()) {
            for (int i = 0; i < p.length; i++) p[i] += scale * (1 + Math.abs(p[i])) * gaussian(random);
        }
    }

    /**
     * @param model     a model whose params are set; forward() must compute the objective at value index {@code objective}
     * @param names     the params' names, in the model's order
     */
    public static List<Row> run(GeneratedModel model, List<String> names, int objective, long seed) {
        model.forward();
        model.backward();
        double loss = model.values()[objective][0];
        double[][] params = model.params();
        double[][] gradients = new double[params.length][];
        for (int p = 0; p < params.length; p++) gradients[p] = model.gradients()[p].clone();
        SplittableRandom random = new SplittableRandom(seed);
        List<Row> rows = new ArrayList<>();
        for (int p = 0; p < params.length; p++) {
            double[] w = params[p];
            double[] u = new double[w.length];
            double norm = 0;
            for (int i = 0; i < u.length; i++) {
                u[i] = gaussian(random);
                norm += u[i] * u[i];
            }
            norm = Math.sqrt(norm);
            double[] original = w.clone();
            double[] error = new double[EPSILONS.length], relative = new double[EPSILONS.length];
            for (int k = 0; k < EPSILONS.length; k++) {
                double eps = EPSILONS[k];
                double predicted = 0;
                for (int i = 0; i < u.length; i++) predicted += gradients[p][i] * u[i] / norm * eps;
                for (int i = 0; i < w.length; i++) w[i] = original[i] + u[i] / norm * eps;
                model.forward();
                double up = model.values()[objective][0];
                for (int i = 0; i < w.length; i++) w[i] = original[i] - u[i] / norm * eps;
                model.forward();
                double down = model.values()[objective][0];
                System.arraycopy(original, 0, w, 0, w.length);
                error[k] = (up - down) / 2 - predicted;
                relative[k] = Math.abs(error[k]) / Math.max(Math.abs(predicted), 1e-300);
            }
            rows.add(new Row(names.get(p), error, relative, passes(error, relative, loss)));
        }
        model.forward();
        return rows;
    }

    /**
     * Passes when the error is tiny at some ε (relative 1e-6); or when it falls a hundredfold
     * below its value at ε = 1e-2 as ε shrinks (a right gradient's error shrinks like ε³, or —
     * with ReLU kinks within reach of the step — as fewer kinks are straddled; a wrong gradient's
     * relative error stays put); or when the direction is flat (no change beyond rounding).
     */
    static boolean passes(double[] error, double[] relative, double scale) {
        double best = Double.POSITIVE_INFINITY;
        for (int k = 1; k < relative.length; k++) best = Math.min(best, relative[k]);
        if (Math.min(best, relative[0]) <= 1e-6) return true;
        boolean flat = true;
        for (int k = 0; k < error.length; k++) flat &= Math.abs(error[k]) <= 1e-10 * EPSILONS[k] + 1e-15 * Math.max(1, Math.abs(scale));
        if (flat) return true;
        return best <= relative[0] / 100;
    }

    private static double gaussian(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble(), u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
