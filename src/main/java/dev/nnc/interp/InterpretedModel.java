package dev.nnc.interp;

import dev.nnc.codegen.Plan;
import dev.nnc.ir.Node;
import dev.nnc.ir.Optimizer;
import dev.nnc.runtime.GeneratedModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Plan} run by the reference interpreter behind the same interface as generated code,
 * so the two can be compared on any model. Slow and allocating on purpose: it is the oracle.
 */
public final class InterpretedModel implements GeneratedModel {
    private final Plan plan;
    private final double[][] params, inputs, values, gradients;
    private final double[][] velocity, moment1, moment2;
    private long steps;
    private Map<Node, Tensor> forwardValues = Map.of();

    public InterpretedModel(Plan plan) {
        this.plan = plan;
        params = buffers(plan.params());
        inputs = buffers(plan.inputs());
        values = buffers(plan.values().stream().map(Plan.Named::node).toList());
        gradients = buffers(plan.gradients().stream().map(Plan.Named::node).toList());
        velocity = buffers(plan.params());
        moment1 = buffers(plan.params());
        moment2 = buffers(plan.params());
    }

    private static double[][] buffers(List<Node> nodes) {
        double[][] out = new double[nodes.size()][];
        for (int i = 0; i < out.length; i++) out[i] = new double[nodes.get(i).shape().size()];
        return out;
    }

    @Override public double[][] params() { return params; }
    @Override public double[][] inputs() { return inputs; }
    @Override public double[][] values() { return values; }
    @Override public double[][] gradients() { return gradients; }

    private Tensor leaf(Node n) {
        int i = plan.params().indexOf(n);
        if (i >= 0) return new Tensor(n.shape(), params[i].clone());
        i = plan.inputs().indexOf(n);
        if (i >= 0) return new Tensor(n.shape(), inputs[i].clone());
        throw new IllegalStateException("leaf " + n + " is not in the plan");
    }

    @Override
    public double[][] optimizerState() {
        Plan.Update u = plan.update();
        if (u == null) return new double[0][];
        return switch (u.optimizer().kind()) {
            case SGD -> u.optimizer().momentum() != 0 ? velocity : new double[0][];
            case ADAM -> {
                double[][] both = new double[2 * params.length][];
                for (int p = 0; p < params.length; p++) { both[2 * p] = moment1[p]; both[2 * p + 1] = moment2[p]; }
                yield both;
            }
            case NEWTON, LBFGS -> new double[0][];   // never in a plan: the trainer runs them
        };
    }

    @Override
    public long updates() {
        return steps;
    }

    @Override
    public void updates(long count) {
        steps = count;
    }

    @Override
    public void forward() {
        List<Node> roots = plan.values().stream().map(Plan.Named::node).toList();
        forwardValues = Interpreter.evaluate(roots, this::leaf);
        for (int i = 0; i < values.length; i++) {
            System.arraycopy(forwardValues.get(roots.get(i)).data(), 0, values[i], 0, values[i].length);
        }
    }

    @Override
    public void backward() {
        List<Node> roots = new ArrayList<>(plan.gradients().stream().map(Plan.Named::node).toList());
        Map<Node, Tensor> known = new HashMap<>(forwardValues);
        Map<Node, Tensor> all = Interpreter.evaluate(roots, n -> known.containsKey(n) ? known.get(n) : leaf(n));
        for (int i = 0; i < gradients.length; i++) {
            System.arraycopy(all.get(roots.get(i)).data(), 0, gradients[i], 0, gradients[i].length);
        }
    }

    @Override
    public void update() {
        Plan.Update u = plan.update();
        if (u == null) return;
        Optimizer o = u.optimizer();
        steps++;
        for (int p = 0; p < params.length; p++) {
            double[] w = params[p], gr = gradients[u.gradientOfParam()[p]];
            for (int i = 0; i < w.length; i++) {
                double g = u.maximize() ? -gr[i] : gr[i];
                switch (o.kind()) {
                    case SGD -> {
                        if (o.momentum() != 0) {
                            velocity[p][i] = steps == 1 ? g : o.momentum() * velocity[p][i] + g;
                            g = velocity[p][i];
                        }
                        w[i] -= o.lr() * g;
                    }
                    case ADAM -> {
                        moment1[p][i] = o.beta1() * moment1[p][i] + (1 - o.beta1()) * g;
                        moment2[p][i] = o.beta2() * moment2[p][i] + (1 - o.beta2()) * g * g;
                        double bc1 = 1 - Math.pow(o.beta1(), steps);
                        double bc2 = 1 - Math.pow(o.beta2(), steps);
                        double denom = Math.sqrt(moment2[p][i]) / Math.sqrt(bc2) + o.eps();
                        w[i] += -(o.lr() / bc1) * moment1[p][i] / denom; // torch: addcdiv_(m, denom, -step)
                    }
                    case NEWTON, LBFGS -> throw new IllegalStateException(o.describe() + " is run by the trainer");
                }
            }
        }
    }
}
