package dev.nnc.train;

import dev.nnc.lower.Model;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The running averages of every batchnorm, kept by the trainer between steps as PyTorch keeps
 * them: r ← (1 − m)·r + m·batch, with the variance's batch value unbiased (× n/(n − 1)).
 * Starts at mean 0, variance 1.
 */
final class RunningStats {
    private final List<Model.BatchNorm> calls;
    private final double[][] arrays;

    RunningStats(List<Model.BatchNorm> calls) {
        this.calls = calls;
        this.arrays = new double[2 * calls.size()][];
        for (int i = 0; i < calls.size(); i++) {
            arrays[2 * i] = new double[calls.get(i).features()];
            arrays[2 * i + 1] = new double[calls.get(i).features()];
            Arrays.fill(arrays[2 * i + 1], 1.0);
        }
    }

    boolean isEmpty() {
        return calls.isEmpty();
    }

    double[][] arrays() {
        return arrays;
    }

    /** After a training step of {@code v}: fold its batch statistics in. */
    void update(Variant v) {
        List<Model.BatchNorm> own = v.model.model().batchnorms(); // its count is this variant's batch
        for (int i = 0; i < calls.size(); i++) {
            Model.BatchNorm bn = own.get(i);
            double[] mean = v.valueArray(bn.mean()), variance = v.valueArray(bn.variance());
            double m = bn.momentum(), unbias = (double) bn.count() / (bn.count() - 1);
            double[] rm = arrays[2 * i], rv = arrays[2 * i + 1];
            for (int f = 0; f < rm.length; f++) {
                rm[f] = (1 - m) * rm[f] + m * mean[f];
                rv[f] = (1 - m) * rv[f] + m * variance[f] * unbias;
            }
        }
    }

    /** Before evaluating with {@code v}: give it the running averages. */
    void copyInto(Variant v) {
        for (int i = 0; i < calls.size(); i++) {
            double[] rm = v.inputArrays.get(calls.get(i).runningMean()), rv = v.inputArrays.get(calls.get(i).runningVariance());
            if (rm == null || rv == null) continue;
            System.arraycopy(arrays[2 * i], 0, rm, 0, rm.length);
            System.arraycopy(arrays[2 * i + 1], 0, rv, 0, rv.length);
        }
    }

    void restore(double[][] saved, Path file) {
        if (saved.length != arrays.length) {
            throw new Checkpoints.CheckpointError(file + ": its batchnorm state does not fit this model");
        }
        for (int i = 0; i < arrays.length; i++) {
            if (saved[i].length != arrays[i].length) throw new Checkpoints.CheckpointError(file + ": batchnorm state of the wrong size");
            System.arraycopy(saved[i], 0, arrays[i], 0, arrays[i].length);
        }
    }
}
