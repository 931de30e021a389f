package dev.nnc.lower;

import dev.nnc.ast.Expr;
import dev.nnc.diag.CompileError;
import dev.nnc.interp.Tensor;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * batchnorm(x, gamma, beta, eps = 1e-5, momentum = 0.1), written in primitive ops. x[N, F]
 * normalises each feature over the batch; x[N, C, H, W] each channel over N, H, W. Training
 * uses the batch's mean and biased variance (PyTorch's training mode) and exposes them as
 * hidden values, from which the trainer keeps running averages; evaluation reads those running
 * averages as inputs. Names with '#' cannot clash with a user's.
 */
final class BatchNorms {
    private final boolean training;
    private final List<Model.BatchNorm> calls = new ArrayList<>();
    private final Map<String, Node> hidden = new LinkedHashMap<>();
    private final List<Model.Leaf> stateInputs = new ArrayList<>();

    BatchNorms(boolean training) {
        this.training = training;
    }

    List<Model.BatchNorm> calls() { return calls; }

    Map<String, Node> hidden() { return hidden; }

    List<Model.Leaf> stateInputs() { return stateInputs; }

    Node lower(Expr.Call c, ExprLowering.Args args, Graph g) {
        args.expect(3, "x", "gamma", "beta", "eps", "momentum");
        Node x = args.tensor(0, "x"), gamma = args.tensor(1, "gamma"), beta = args.tensor(2, "beta");
        double eps = args.number(3, "eps", 1e-5), momentum = args.number(4, "momentum", 0.1);
        if (!(eps > 0)) throw new CompileError(c.span(), "batchnorm needs eps > 0");
        if (!(momentum >= 0 && momentum <= 1)) throw new CompileError(c.span(), "batchnorm needs 0 ≤ momentum ≤ 1");
        Shape xs = x.shape();
        int[] axes;
        int features;
        if (xs.rank() == 2) { axes = new int[] {0}; features = xs.dim(1); }
        else if (xs.rank() == 4) { axes = new int[] {0, 2, 3}; features = xs.dim(1); }
        else throw new CompileError(c.span(), "batchnorm takes x[N, F] or x[N, C, H, W], got " + xs);
        for (Node p : List.of(gamma, beta)) {
            if (!p.shape().equals(Shape.of(features))) {
                throw new CompileError(c.span(), "batchnorm: gamma and beta must have shape [" + features + "], got " + p.shape());
            }
        }
        int count = 1;
        for (int a : axes) count *= xs.dim(a);
        if (training && count < 2) throw new CompileError(c.span(), "batchnorm needs more than one value per feature in a batch");
        int[] kept = xs.dims();
        for (int a : axes) kept[a] = 1;
        Shape statShape = Shape.of(kept);
        int index = calls.size() + 1;
        String prefix = "batchnorm#" + index;
        Node mean, variance;
        if (training) {
            mean = g.div(g.sum(x, axes, true), g.scalar(count));
            Node centred = g.sub(x, mean);
            variance = g.div(g.sum(g.mul(centred, centred), axes, true), g.scalar(count));
            hidden.put(prefix + ".mean", g.reshape(mean, Shape.of(features)));
            hidden.put(prefix + ".variance", g.reshape(variance, Shape.of(features)));
        } else {
            Node rm = g.input(prefix + ".running_mean", Shape.of(features));
            Node rv = g.input(prefix + ".running_variance", Shape.of(features));
            double[] ones = new double[features];
            Arrays.fill(ones, 1.0);
            stateInputs.add(new Model.Leaf(prefix + ".running_mean", rm, new Tensor(Shape.of(features), new double[features]), c.span()));
            stateInputs.add(new Model.Leaf(prefix + ".running_variance", rv, new Tensor(Shape.of(features), ones), c.span()));
            mean = g.reshape(rm, statShape);
            variance = g.reshape(rv, statShape);
        }
        calls.add(new Model.BatchNorm(index, c.span(), features, count, momentum, prefix + ".mean", prefix + ".variance",
                prefix + ".running_mean", prefix + ".running_variance"));
        Node normalised = g.div(g.sub(x, mean), g.unary(dev.nnc.ir.Op.SQRT, g.add(variance, g.scalar(eps))));
        return g.add(g.mul(normalised, g.reshape(gamma, statShape)), g.reshape(beta, statShape));
    }
}
