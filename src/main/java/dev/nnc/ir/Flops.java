package dev.nnc.ir;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Floating-point operations a node costs, estimated from its shapes: the measure of the
 * cheap-gradient principle (a gradient costs a small constant times the function).
 *
 * <ul>
 *   <li>an elementwise op (unary, binary, comparison): one per output element;
 *   <li>{@code a[m,k] @ b[k,n]}: 2·m·k·n; a convolution and its two adjoints: 2 per multiply-add
 *       of the forward convolution they mirror (2·|out|·C·kh·kw);
 *   <li>a reduction (sum, argmax, max-pooling and its adjoints, average pooling): one per input
 *       element; softmax, log-softmax and logsumexp: three per element (max, exp, sum);
 *   <li>moving elements (transpose, reshape, broadcast, slice, unslice, onehot) and leaves: none;
 *       {@link #moves} counts those elements instead, to spot a materialised transpose.
 * </ul>
 */
public final class Flops {
    private Flops() {}

    public static long of(Node n) {
        Shape out = n.shape();
        return switch (n.op()) {
            case PARAM, INPUT, CONST -> 0;
            case TRANSPOSE, RESHAPE, BROADCAST, SLICE, UNSLICE, ONEHOT -> 0;
            case MATMUL -> {
                Shape a = n.input(0).shape();
                yield 2L * Math.max(1, out.size()) * a.dim(a.rank() - 1);
            }
            case SUM, ARGMAX, AVGPOOL -> n.input(0).shape().size();
            case LOGSUMEXP -> 3L * n.input(0).shape().size();
            case SOFTMAX, LOG_SOFTMAX -> 3L * out.size();
            case MAXPOOL, MAXPOOL_BACK, MAXPOOL_GATHER -> n.input(0).shape().size();
            case AVGPOOL_BACK -> out.size();
            case CONV2D -> 2L * out.size() * perOutput(n.input(1).shape());          // (x, w) → y
            case CONV2D_BACK_INPUT -> 2L * n.input(0).shape().size() * perOutput(n.input(1).shape()); // (gy, w) → gx
            case CONV2D_BACK_WEIGHT -> 2L * n.input(1).shape().size() * perOutput(out);           // (x, gy) → gw
            case NEG, SIN, COS, TAN, EXP, LOG, SQRT, ABS, TANH, SIGMOID, RELU, SOFTPLUS, SIGN, STEP,
                 ADD, SUB, MUL, DIV, POW, MAX, MIN, LT, LE, GT, GE, EQ, NE -> out.size();
        };
    }

    /** Elements an op copies without arithmetic (transpose, broadcast, slice, unslice, onehot; reshape is free). */
    public static long moves(Node n) {
        return switch (n.op()) {
            case TRANSPOSE, BROADCAST, SLICE, UNSLICE, ONEHOT -> n.shape().size();
            default -> 0;
        };
    }

    /** The total over every node reachable from {@code roots}, each counted once. */
    public static long total(Collection<Node> roots) {
        long sum = 0;
        for (Node n : Dag.topo(roots)) sum += of(n);
        return sum;
    }

    /** The total over the nodes reachable from {@code roots} but not from {@code already}: what a second pass adds. */
    public static long added(Collection<Node> roots, Collection<Node> already) {
        Set<Node> done = new HashSet<>(Dag.topo(already));
        long sum = 0;
        for (Node n : Dag.topo(roots)) if (!done.contains(n)) sum += of(n);
        return sum;
    }

    /** Elements moved by the nodes reachable from {@code roots} but not from {@code already}. */
    public static long addedMoves(Collection<Node> roots, Collection<Node> already) {
        Set<Node> done = new HashSet<>(Dag.topo(already));
        long sum = 0;
        for (Node n : Dag.topo(roots)) if (!done.contains(n)) sum += moves(n);
        return sum;
    }

    /** Multiply-adds per output element of a convolution with kernel {@code [O, C, kh, kw]}: C·kh·kw. */
    private static long perOutput(Shape kernel) {
        return kernel.size() / Math.max(1, kernel.dim(0));
    }
}
