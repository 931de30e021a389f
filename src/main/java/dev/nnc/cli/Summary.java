package dev.nnc.cli;

import dev.nnc.train.Hoeffding;
import dev.nnc.train.Trainer;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/** The human summary after training: final figures, error bounds, small params. */
final class Summary {
    private Summary() {}

    static void print(PrintWriter out, Trainer.Result r) {
        out.println("final " + r.plan().objective() + " = " + Format.number(r.finalLoss())
                + " (the last step's forward pass), after " + r.plan().totalSteps() + " steps");
        if (!r.epochs().isEmpty()) {
            Trainer.Epoch last = r.epochs().get(r.epochs().size() - 1);
            for (Map.Entry<String, Map<String, Double>> split : last.splits().entrySet()) {
                StringBuilder b = new StringBuilder("  " + split.getKey() + ":");
                split.getValue().forEach((k, v) -> b.append(' ').append(k).append(" = ").append(Format.number(v)));
                out.println(b);
            }
            Map<String, Double> test = last.splits().get("test");
            int n = r.model().compilation().data().containsKey("test") ? r.model().compilation().data().get("test").rows() : 0;
            if (test != null && n > 0) {
                for (var e : test.entrySet()) {
                    if (!isRate(e.getKey()) || e.getValue() < 0 || e.getValue() > 1) continue;
                    double eps = Hoeffding.epsilon(n, 0.01);
                    out.printf(Locale.ROOT, "  test %s = %s ± %.4f with 99%% confidence (Hoeffding, n = %d test points)%n",
                            e.getKey(), Format.number(e.getValue()), eps, n);
                    out.printf(Locale.ROOT, "  (±1%% at 99%% confidence needs n ≥ %,d test points)%n", Hoeffding.samplesFor(0.01, 0.01));
                }
            }
        }
        if (r.search() != null) {
            out.println("  " + r.model().model().training().optimizer().describe() + ": " + r.search().iterations()
                    + " iterations, " + r.search().evaluations() + " evaluations of the objective and its gradient"
                    + (r.search().converged() ? "; converged (no lower point in working precision)" : ""));
        }
        int total = 0;
        for (double[] v : r.params().values()) total += v.length;
        if (total <= 24) {
            for (var p : r.model().model().params()) out.println(p.name() + " = " + Format.tensor(p.node().shape(), r.params().get(p.name())));
        }
        out.println("param_sum = " + Format.number(r.paramSum()));
    }

    static boolean isRate(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("err") || n.contains("acc");
    }
}
