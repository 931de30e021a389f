package dev.nnc.plot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Renders example pictures for a human to look at: {@code PlotGallery [dir]} (default /tmp/plots).
 * Not a test; the pictures it draws are the ones the tests check mechanically.
 */
public final class PlotGallery {
    private PlotGallery() {}

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/plots");
        Random random = new Random(7);

        int n = 200;
        double[] x1 = new double[n], x2 = new double[n], y = new double[n];
        for (int k = 0; k < n; k++) {
            x1[k] = random.nextDouble() * 3 - 1.5;
            x2[k] = random.nextDouble() * 3 - 1.5;
            double r2 = x1[k] * x1[k] + x2[k] * x2[k];
            y[k] = random.nextDouble() < sigmoid(6 - 11 * r2) ? 1 : 0;
        }
        Plots.boundary(dir.resolve("boundary_circle.png"), "Decision boundary after 500 epochs",
                x1, x2, y, (a, b) -> sigmoid(4 - 8 * (a * a + b * b)));

        double[] l1 = new double[n], l2 = new double[n], ly = new double[n];
        for (int k = 0; k < n; k++) {
            ly[k] = k % 2;
            l1[k] = random.nextGaussian() * 0.6 + (ly[k] == 1 ? 0.8 : -0.8);
            l2[k] = random.nextGaussian() * 0.8;
        }
        Plots.boundary(dir.resolve("boundary_linear.png"), "Logistic regression: p = σ(5·x₁)",
                l1, l2, ly, (a, b) -> sigmoid(5 * a));

        int epochs = 100;
        double[] e = new double[epochs], trainLoss = new double[epochs], testLoss = new double[epochs];
        double[] trainAcc = new double[epochs], testAcc = new double[epochs];
        for (int k = 0; k < epochs; k++) {
            e[k] = k + 1;
            trainLoss[k] = 2.0 / e[k] + 0.05 + 0.02 * random.nextGaussian() / Math.sqrt(e[k]);
            testLoss[k] = 2.2 / e[k] + 0.09 + 0.01 * k / epochs + 0.03 * random.nextGaussian() / Math.sqrt(e[k]);
            trainAcc[k] = Math.min(1, 1 - 0.5 * Math.exp(-k / 12.0) - 0.02 + 0.01 * random.nextGaussian());
            testAcc[k] = Math.min(1, 1 - 0.5 * Math.exp(-k / 12.0) - 0.07 + 0.015 * random.nextGaussian());
        }
        Plots.curves(dir.resolve("curves_loss_accuracy.png"), "MLP on two moons",
                List.of(new Plots.Curve("loss", "train", e, trainLoss), new Plots.Curve("loss", "test", e, testLoss),
                        new Plots.Curve("accuracy", "train", e, trainAcc), new Plots.Curve("accuracy", "test", e, testAcc)));
        Plots.curves(dir.resolve("curves_accuracy.png"), "Training and validation accuracy",
                List.of(new Plots.Curve("accuracy", "train", e, trainAcc), new Plots.Curve("accuracy", "validation", e, testAcc)));

        double[] steep = new double[epochs];
        for (int k = 0; k < epochs; k++) steep[k] = 5.0 / (e[k] * e[k]) + 1e-4;
        Plots.curves(dir.resolve("curves_log_loss.png"), "Loss over four decades (log axis)",
                List.of(new Plots.Curve("loss", "train", e, steep)));

        int many = 2500;
        double[] me = new double[many], ml = new double[many], mt = new double[many];
        for (int k = 0; k < many; k++) {
            me[k] = k + 1;
            ml[k] = 1.0 / Math.sqrt(me[k]) + 0.02 * Math.abs(random.nextGaussian());
            mt[k] = k % 7 == 3 ? Double.NaN : 1.1 / Math.sqrt(me[k]) + 0.05;
        }
        List<Plots.Curve> grid = new ArrayList<>();
        grid.add(new Plots.Curve("accuracy", "train", e, trainAcc));
        grid.add(new Plots.Curve("loss", "train", me, ml));
        grid.add(new Plots.Curve("loss", "test", me, mt));
        grid.add(new Plots.Curve("gradient norm", "train", e, trainLoss));
        grid.add(new Plots.Curve("learning rate", "train", new double[] {1}, new double[] {0.01}));
        Plots.curves(dir.resolve("curves_grid.png"), "2,500 epochs, NaNs, a single point", grid);
        Plots.curves(dir.resolve("curves_one_epoch.png"), "One epoch",
                List.of(new Plots.Curve("loss", "train", new double[] {1}, new double[] {0.7}),
                        new Plots.Curve("loss", "test", new double[] {1}, new double[] {0.8})));
        System.out.println("wrote pictures to " + dir);
    }
}
