package dev.nnc.cli;

import dev.nnc.api.CompiledModel;
import dev.nnc.api.Nnc;
import dev.nnc.api.Options;
import dev.nnc.data.SplitData;
import dev.nnc.diag.CompileError;
import dev.nnc.diag.Source;
import dev.nnc.diag.Span;
import dev.nnc.plot.Plots;
import dev.nnc.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The training pictures: curves per epoch, and a two-input classifier's decision boundary. */
final class Pictures {
    private Pictures() {}

    static void curves(Path png, Source source, Trainer.Result r) throws IOException {
        List<Plots.Curve> curves = new ArrayList<>();
        int n = r.epochs().size();
        double[] epochs = new double[n];
        double[] batchLoss = new double[n];
        for (int i = 0; i < n; i++) {
            epochs[i] = r.epochs().get(i).epoch();
            batchLoss[i] = r.epochs().get(i).trainLoss();
        }
        String objective = r.plan().objective();
        // with minibatches, the steps' own losses (before each update) tell more than the epoch-end figure alone
        if (r.plan().stepsPerEpoch() > 1) curves.add(new Plots.Curve(objective, "train, mean over the epoch's batches", epochs, batchLoss));
        List<String> metrics = new ArrayList<>();
        metrics.add(objective);
        metrics.addAll(r.plan().reports());
        for (String metric : metrics) {
            for (String split : r.plan().splits()) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) v[i] = r.epochs().get(i).splits().get(split).getOrDefault(metric, Double.NaN);
                curves.add(new Plots.Curve(metric, split, epochs, v));
            }
        }
        Plots.curves(png, title(source), curves);
    }

    /**
     * Evaluates the definition {@code of} (p(y = 1 | x) per row) one point at a time with a
     * one-row variant of the model, over the grid the plot asks for, and draws the train split.
     */
    /** Whether the model is a classifier of two inputs with a definition {@code of} to draw. */
    static boolean canDrawBoundary(Trainer.Result r, String of) {
        Map<String, SplitData> data = r.model().compilation().data();
        SplitData train = data.getOrDefault("train", data.isEmpty() ? null : data.values().iterator().next());
        if (train == null || !r.model().valueNames().contains(of)) return false;
        boolean points = false, labels = false;
        for (SplitData.BoundInput in : train.inputs().values()) {
            if (in.rowSize() == 2) points = true;
            else if (in.rowSize() == 1) labels = true;
        }
        return points && labels;
    }

    static void boundary(Path png, Source source, Trainer.Result r, String of, Options options) throws IOException {
        Map<String, SplitData> data = r.model().compilation().data();
        SplitData train = data.getOrDefault("train", data.isEmpty() ? null : data.values().iterator().next());
        if (train == null) throw new CompileError(Span.NONE, "--boundary needs a data split to draw");
        SplitData.BoundInput points = null, labels = null;
        for (SplitData.BoundInput in : train.inputs().values()) {
            if (in.rowSize() == 2 && points == null) points = in;
            else if (in.rowSize() == 1 && labels == null) labels = in;
        }
        if (points == null || labels == null) {
            throw new CompileError(Span.NONE, "--boundary needs a classifier of two inputs: a data-fed input with 2 columns and a label column");
        }
        if (!r.model().valueNames().contains(of)) {
            throw new CompileError(Span.NONE, "--boundary: the file has no definition '" + of + "' (name the probability with --boundary-of)");
        }
        CompiledModel one = Nnc.compile(source, options.withData(new Options.DataChoice(train.split(), 1, false, data)));
        for (var p : r.params().entrySet()) one.setParam(p.getKey(), p.getValue());
        String pointsName = points.name();
        double[] x1 = new double[train.rows()], x2 = new double[train.rows()], y = new double[train.rows()];
        for (int i = 0; i < train.rows(); i++) {
            x1[i] = points.values()[2 * i];
            x2[i] = points.values()[2 * i + 1];
            y[i] = labels.values()[i];
        }
        double[] xy = new double[2];
        Plots.boundary(png, title(source) + ": p(y = 1 | x) after training", x1, x2, y, (a, b) -> {
            xy[0] = a;
            xy[1] = b;
            one.setInput(pointsName, xy);
            one.forward();
            return one.value(of)[0];
        });
    }

    private static String title(Source source) {
        String name = Path.of(source.name()).getFileName().toString();
        return name;
    }
}
