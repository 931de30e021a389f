package dev.nnc.train;

import dev.nnc.api.CompiledModel;
import dev.nnc.api.Hessians;
import dev.nnc.codegen.Plan;
import dev.nnc.interp.Tensor;
import dev.nnc.ir.Node;
import dev.nnc.runtime.GeneratedModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled model's objective as a function of one vector θ: every param's entries, flattened
 * and concatenated in declaration order, evaluated over whatever the model's inputs hold (the
 * whole training split for newton and lbfgs). Negated when the file maximizes, so the methods
 * always minimize. Counts its evaluations.
 */
final class FlatObjective {
    private final CompiledModel model;
    private final GeneratedModel runtime;
    private final double sign;
    private final int objective;
    private final int[] gradientOfParam;
    private final int size;
    private Hessians.Matrix hessian;
    private long evaluations;

    FlatObjective(CompiledModel model) {
        this.model = model;
        this.runtime = model.runtime();
        this.sign = model.model().training() != null && model.model().training().maximize() ? -1 : 1;
        Plan plan = model.compilation().plan();
        this.objective = indexOf(plan.values(), model.objective());
        this.gradientOfParam = new int[plan.params().size()];
        int n = 0;
        for (int p = 0; p < plan.params().size(); p++) {
            gradientOfParam[p] = indexOf(plan.gradients(), plan.params().get(p).leafName());
            n += runtime.params()[p].length;
        }
        this.size = n;
    }

    int size() { return size; }

    long evaluations() { return evaluations; }

    /** The params as they are in the model now. */
    double[] point() {
        double[] theta = new double[size];
        int at = 0;
        for (double[] p : runtime.params()) {
            System.arraycopy(p, 0, theta, at, p.length);
            at += p.length;
        }
        return theta;
    }

    /** Writes θ into the model's params. */
    void moveTo(double[] theta) {
        int at = 0;
        for (double[] p : runtime.params()) {
            System.arraycopy(theta, at, p, 0, p.length);
            at += p.length;
        }
    }

    double value(double[] theta) {
        moveTo(theta);
        model.forward();
        evaluations++;
        return sign * runtime.values()[objective][0];
    }

    /** f(θ), with ∇f(θ) written into {@code gradient}. */
    double valueAndGradient(double[] theta, double[] gradient) {
        moveTo(theta);
        model.forward();
        model.backward();
        evaluations++;
        int at = 0;
        for (int p = 0; p < gradientOfParam.length; p++) {
            int n = runtime.params()[p].length;
            if (gradientOfParam[p] < 0) {
                java.util.Arrays.fill(gradient, at, at + n, 0);
            } else {
                double[] g = runtime.gradients()[gradientOfParam[p]];
                for (int i = 0; i < n; i++) gradient[at + i] = sign * g[i];
            }
            at += n;
        }
        return sign * runtime.values()[objective][0];
    }

    /** ∇²f(θ), by reverse over reverse on the reference interpreter (built on first use). */
    double[][] hessian(double[] theta) {
        if (hessian == null) hessian = Hessians.matrix(model.compilation());
        moveTo(theta);
        Plan plan = model.compilation().plan();
        Map<String, Tensor> leaves = new HashMap<>();
        put(leaves, plan.params(), runtime.params());
        put(leaves, plan.inputs(), runtime.inputs());
        double[][] h = hessian.at(n -> leaves.get(n.leafName()));
        if (sign < 0) for (double[] row : h) for (int j = 0; j < row.length; j++) row[j] = -row[j];
        return h;
    }

    private static void put(Map<String, Tensor> leaves, List<Node> nodes, double[][] arrays) {
        for (int i = 0; i < nodes.size(); i++) leaves.put(nodes.get(i).leafName(), new Tensor(nodes.get(i).shape(), arrays[i].clone()));
    }

    private static int indexOf(List<Plan.Named> list, String name) {
        for (int i = 0; i < list.size(); i++) if (list.get(i).name().equals(name)) return i;
        return -1;
    }
}
