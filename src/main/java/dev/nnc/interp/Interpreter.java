package dev.nnc.interp;

import dev.nnc.ir.Attr;
import dev.nnc.ir.Dag;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Shape;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The reference semantics of every op: a direct, unoptimised evaluation of the DAG in float64.
 * It is the oracle the generated code is tested against, and it folds constants.
 */
public final class Interpreter {
    private Interpreter() {}

    /** Evaluates the roots; leaves (params, inputs) take their values from {@code leaves}. */
    public static Map<Node, Tensor> evaluate(Collection<Node> roots, Function<Node, Tensor> leaves) {
        Map<Node, Tensor> values = new HashMap<>();
        for (Node n : Dag.topo(roots)) {
            values.put(n, switch (n.op()) {
                case PARAM, INPUT -> {
                    Tensor t = leaves.apply(n);
                    if (t == null) throw new IllegalStateException("no value for " + n.leafName());
                    yield t;
                }
                default -> apply(n, n.inputs().stream().map(values::get).toList());
            });
        }
        return values;
    }

    /** One node's value from its inputs' values. */
    public static Tensor apply(Node n, List<Tensor> in) {
        Shape out = n.shape();
        double[] r = new double[out.size()];
        switch (n.op()) {
            case PARAM, INPUT -> throw new IllegalArgumentException("leaf " + n);
            case CONST -> {
                Attr.Data d = (Attr.Data) n.attr();
                for (int i = 0; i < r.length; i++) r[i] = d.at(i);
            }
            case NEG, SIN, COS, TAN, EXP, LOG, SQRT, ABS, TANH, SIGMOID, RELU, SOFTPLUS, SIGN, STEP -> {
                double[] x = in.get(0).data();
                for (int i = 0; i < r.length; i++) r[i] = n.op().unary.applyAsDouble(x[i]);
            }
            case ADD, SUB, MUL, DIV, POW, MAX, MIN, LT, LE, GT, GE, EQ, NE -> {
                int[] ia = Indexing.broadcastOffsets(in.get(0).shape(), out);
                int[] ib = Indexing.broadcastOffsets(in.get(1).shape(), out);
                double[] a = in.get(0).data(), b = in.get(1).data();
                for (int i = 0; i < r.length; i++) r[i] = n.op().binary.applyAsDouble(a[ia[i]], b[ib[i]]);
            }
            case MATMUL -> matmul(in.get(0), in.get(1), r);
            case TRANSPOSE -> {
                int[] perm = ((Attr.Perm) n.attr()).perm();
                Shape xs = in.get(0).shape();
                int[] xStrides = xs.strides();
                int[] stride = new int[perm.length];
                for (int i = 0; i < perm.length; i++) stride[i] = xStrides[perm[i]];
                int[] src = Indexing.offsets(out, stride, 0);
                for (int i = 0; i < r.length; i++) r[i] = in.get(0).data()[src[i]];
            }
            case RESHAPE -> System.arraycopy(in.get(0).data(), 0, r, 0, r.length);
            case BROADCAST -> {
                int[] src = Indexing.broadcastOffsets(in.get(0).shape(), out);
                for (int i = 0; i < r.length; i++) r[i] = in.get(0).data()[src[i]];
            }
            case SLICE -> {
                int[] src = Indexing.windowOffsets((Attr.Window) n.attr(), in.get(0).shape());
                for (int i = 0; i < r.length; i++) r[i] = in.get(0).data()[src[i]];
            }
            case UNSLICE -> {
                int[] dst = Indexing.windowOffsets((Attr.Window) n.attr(), out);
                for (int i = 0; i < dst.length; i++) r[dst[i]] += in.get(0).data()[i];
            }
            case SUM -> {
                int[] dst = Indexing.reduceOffsets(in.get(0).shape(), ((Attr.Axes) n.attr()).axes());
                double[] x = in.get(0).data();
                for (int i = 0; i < x.length; i++) r[dst[i]] += x[i];
            }
            case LOGSUMEXP -> {
                int[] dst = Indexing.reduceOffsets(in.get(0).shape(), ((Attr.Axes) n.attr()).axes());
                double[] x = in.get(0).data();
                double[] m = new double[r.length];
                java.util.Arrays.fill(m, Double.NEGATIVE_INFINITY);
                for (int i = 0; i < x.length; i++) m[dst[i]] = Math.max(m[dst[i]], x[i]);
                for (int j = 0; j < m.length; j++) if (Double.isInfinite(m[j])) m[j] = 0;
                for (int i = 0; i < x.length; i++) r[dst[i]] += Math.exp(x[i] - m[dst[i]]);
                for (int j = 0; j < r.length; j++) r[j] = m[j] + Math.log(r[j]);
            }
            case SOFTMAX, LOG_SOFTMAX -> {
                int axis = ((Attr.Axis) n.attr()).axis();
                int[] dst = Indexing.reduceOffsets(out, new int[] {axis});
                int groups = out.size() / Math.max(1, out.dim(axis));
                double[] x = in.get(0).data();
                double[] m = new double[groups];
                double[] s = new double[groups];
                java.util.Arrays.fill(m, Double.NEGATIVE_INFINITY);
                for (int i = 0; i < x.length; i++) m[dst[i]] = Math.max(m[dst[i]], x[i]);
                for (int j = 0; j < groups; j++) if (Double.isInfinite(m[j])) m[j] = 0;
                for (int i = 0; i < x.length; i++) s[dst[i]] += Math.exp(x[i] - m[dst[i]]);
                for (int i = 0; i < x.length; i++) {
                    r[i] = n.op() == Op.SOFTMAX ? Math.exp(x[i] - m[dst[i]]) / s[dst[i]]
                                                : x[i] - m[dst[i]] - Math.log(s[dst[i]]);
                }
            }
            case ARGMAX -> {
                int axis = ((Attr.Axis) n.attr()).axis();
                Shape xs = in.get(0).shape();
                int[] dst = Indexing.reduceOffsets(xs, new int[] {axis});
                int[] pos = Indexing.axisPositions(xs, axis);
                double[] best = new double[r.length];
                java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
                java.util.Arrays.fill(r, -1);
                double[] x = in.get(0).data();
                for (int i = 0; i < x.length; i++) {
                    int j = dst[i];
                    // first maximum wins, NaN counts as the maximum (as NumPy and PyTorch)
                    if (r[j] < 0 || x[i] > best[j] || (x[i] != x[i] && best[j] == best[j])) { best[j] = x[i]; r[j] = pos[i]; }
                }
            }
            case CONV2D -> Windows.conv(Windows.Role.FORWARD, in.get(0).data(), in.get(0).shape(), in.get(1).data(),
                    in.get(1).shape(), r, out, n.window());
            case CONV2D_BACK_INPUT -> Windows.conv(Windows.Role.INPUT, r, out, in.get(1).data(), in.get(1).shape(),
                    in.get(0).data(), in.get(0).shape(), n.window());
            case CONV2D_BACK_WEIGHT -> Windows.conv(Windows.Role.WEIGHT, in.get(0).data(), in.get(0).shape(), r, out,
                    in.get(1).data(), in.get(1).shape(), n.window());
            case MAXPOOL -> {
                int[] at = Windows.argmax(in.get(0).data(), in.get(0).shape(), n.window(), out);
                for (int i = 0; i < r.length; i++) r[i] = in.get(0).data()[at[i]];
            }
            case MAXPOOL_BACK -> {
                Shape pooled = in.get(1).shape();
                int[] at = Windows.argmax(in.get(0).data(), in.get(0).shape(), n.window(), pooled);
                for (int i = 0; i < at.length; i++) r[at[i]] += in.get(1).data()[i];
            }
            case MAXPOOL_GATHER -> {
                int[] at = Windows.argmax(in.get(0).data(), in.get(0).shape(), n.window(), out);
                for (int i = 0; i < r.length; i++) r[i] = in.get(1).data()[at[i]];
            }
            case AVGPOOL -> Windows.avgpool(in.get(0).data(), in.get(0).shape(), n.window(), r, out, false);
            case AVGPOOL_BACK -> Windows.avgpool(r, out, n.window(), in.get(0).data(), in.get(0).shape(), true);
            case ONEHOT -> {
                int k = ((Attr.Count) n.attr()).count();
                double[] labels = in.get(0).data();
                for (int i = 0; i < labels.length; i++) {
                    double l = labels[i];
                    if (l >= 0 && l < k && l == Math.rint(l)) r[i * k + (int) l] = 1;
                }
            }
        }
        return new Tensor(out, r);
    }

    private static void matmul(Tensor a, Tensor b, double[] r) {
        int m = a.shape().rank() == 2 ? a.shape().dim(0) : 1;
        int k = a.shape().dim(a.shape().rank() - 1);
        int n = b.shape().rank() == 2 ? b.shape().dim(1) : 1;
        double[] x = a.data(), y = b.data();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s = Math.fma(x[i * k + p], y[p * n + j], s);
                r[i * n + j] = s;
            }
        }
    }
}
