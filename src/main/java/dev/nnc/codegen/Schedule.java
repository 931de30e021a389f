package dev.nnc.codegen;

import dev.nnc.ir.Attr;
import dev.nnc.ir.Dag;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Shape;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What forward() and backward() compute and where each value lives. Forward computes every node
 * reachable from the named values, backward the nodes reachable from the gradients that forward
 * did not. An elementwise node is <em>fused</em> (inlined as an expression into its consumer's
 * loop, no buffer) when it has exactly one use, that use is an elementwise node of the same
 * shape, it is not named, and its inlined expression stays under {@link #MAX_FUSED} nodes.
 * A view owns no storage and reads its input's array: a reshape, and a transpose, slice,
 * unslice or broadcast that leaves every element where it was (only unit axes move, or the window
 * is a prefix of the elements). A 2-D transpose read only as the left factor of matrix products
 * is not materialised either: the product reads it in place.
 */
final class Schedule {
    /** Bound on the nodes inlined into one loop body: keeps methods and Janino's parser shallow. */
    static final int MAX_FUSED = 24;

    private final List<Node> forward;
    private final List<Node> backward;
    private final BitSet inForward = new BitSet();
    private final BitSet fused = new BitSet();
    private final Map<Node, Integer> fusedSize = new HashMap<>();
    private final BitSet readInPlace = new BitSet();
    /** A backward maxpool op → the forward maxpool of the same input and window, whose argmax it reads. */
    private final Map<Node, Node> argmaxSource = new HashMap<>();
    /** A backward lane conv weight gradient → the forward padded convolution of the same input and padding. */
    private final Map<Node, Node> paddingSource = new HashMap<>();
    private final List<Node> argmaxKept = new ArrayList<>();
    private final List<Node> narrowProducts = new ArrayList<>();
    // membership of the special-form lists by node id (the lists keep their order for the fields)
    private final BitSet isLaneMaxpool = new BitSet();
    private final BitSet isPaddedConv = new BitSet();
    private final BitSet isLaneConvWeight = new BitSet();
    private final BitSet isNarrowProduct = new BitSet();
    private final List<Node> paddedConvs = new ArrayList<>();
    private final List<Node> laneMaxpools = new ArrayList<>();
    /** An elementwise node → the maxpool adjoint computed inside its loop (which then has no buffer). */
    private final Map<Node, Node> foldedPool = new HashMap<>();
    private final BitSet folded = new BitSet();
    private final List<Node> laneConvWeights = new ArrayList<>();

    Schedule(Plan plan) {
        List<Node> valueRoots = new ArrayList<>();
        for (Plan.Named v : plan.values()) valueRoots.add(v.node());
        List<Node> gradientRoots = new ArrayList<>();
        for (Plan.Named g : plan.gradients()) gradientRoots.add(g.node());
        forward = Dag.topo(valueRoots);
        for (Node n : forward) inForward.set(n.id());
        backward = new ArrayList<>();
        for (Node n : Dag.topo(gradientRoots)) if (!inForward.get(n.id())) backward.add(n);

        BitSet named = new BitSet();
        for (Node n : valueRoots) named.set(n.id());
        for (Node n : gradientRoots) named.set(n.id());
        Map<Node, Integer> uses = new HashMap<>();
        Map<Node, Node> consumer = new HashMap<>();
        for (List<Node> phase : List.of(forward, backward)) {
            for (Node n : phase) {
                for (Node in : n.inputs()) {
                    uses.merge(in, 1, Integer::sum);
                    consumer.put(in, n);
                }
            }
        }
        for (List<Node> phase : List.of(forward, backward)) {
            for (Node n : phase) decideFusion(n, named, uses, consumer);
        }
        // the backward pass's maxpool adjoints read the forward pass's argmax instead of scanning again
        Map<List<Object>, Node> pools = new HashMap<>();
        for (Node n : forward) if (n.op() == Op.MAXPOOL) pools.putIfAbsent(List.of(n.input(0), n.attr()), n);
        for (Node n : backward) {
            if (n.op() != Op.MAXPOOL_BACK && n.op() != Op.MAXPOOL_GATHER) continue;
            Node f = pools.get(List.of(n.input(0), n.attr()));
            if (f == null) continue;
            argmaxSource.put(n, f);
            if (!argmaxKept.contains(f)) argmaxKept.add(f);
        }
        if (!scanMaxpool()) {
            for (Node p : backward) foldPoolAdjoint(p, named, uses, consumer);
        }
        BitSet otherUse = new BitSet();
        for (List<Node> phase : List.of(forward, backward)) {
            for (Node n : phase) {
                for (int i = 0; i < n.inputs().size(); i++) {
                    if (n.op() != Op.MATMUL || i != 0 || n.inputs().get(1) == n.input(0) || fused(n)) otherUse.set(n.inputs().get(i).id());
                }
            }
        }
        for (List<Node> phase : List.of(forward, backward)) {
            for (Node n : phase) {
                if (n.op() == Op.TRANSPOSE && n.shape().rank() == 2 && !isView(n) && !named.get(n.id()) && !otherUse.get(n.id())) {
                    readInPlace.set(n.id());
                }
            }
        }
        if (dev.nnc.runtime.Gemm.vectorised()) {
            for (List<Node> phase : List.of(forward, backward)) {
                for (Node n : phase) {
                    if (narrow(n)) {
                        narrowProducts.add(n);
                        isNarrowProduct.set(n.id());
                    }
                    if (paddedConv(n)) {
                        paddedConvs.add(n);
                        isPaddedConv.set(n.id());
                    }
                    if (maxpoolInLanes(n)) {
                        laneMaxpools.add(n);
                        isLaneMaxpool.set(n.id());
                    }
                    if (inChannelLanes(n)) {
                        laneConvWeights.add(n);
                        isLaneConvWeight.set(n.id());
                    }
                }
            }
            // a backward weight gradient reads x as the forward convolution padded it (W6: 80 µs a step)
            for (Node n : laneConvWeights) {
                Attr.Window2d a = n.window();
                if (inForward.get(n.id()) || a.ph() == 0 && a.pw() == 0) continue;
                for (Node f : paddedConvs) {
                    Attr.Window2d fa = f.window();
                    if (inForward.get(f.id()) && f.input(0) == n.input(0) && fa.ph() == a.ph() && fa.pw() == a.pw()) {
                        paddingSource.put(n, f);
                        break;
                    }
                }
            }
        }
    }

    /** {@code -Dnnc.scanMaxpool=true}: every maxpool and adjoint in the general scan and scatter (for comparisons). */
    static boolean scanMaxpool() {
        return Boolean.getBoolean("nnc.scanMaxpool");
    }

    /** No padding: every window lies inside the input, so its scan needs no bounds tests. */
    static boolean insideMaxpool(Node n) {
        return n.window().ph() == 0 && n.window().pw() == 0 && !scanMaxpool();
    }

    /** Windows of at most this many taps are scanned in vector lanes, the taps written out. */
    static final int MAX_LANE_TAPS = 16;

    /**
     * A forward maxpool scanned in vector lanes, a row of window starts at a time: windows inside
     * the input, rows of at least {@link ElementwiseEmitter#MIN_VECTOR_ROW} starts, and offsets
     * within a window that a float holds exactly (the lanes carry them).
     */
    private static boolean maxpoolInLanes(Node n) {
        if (n.op() != Op.MAXPOOL || !insideMaxpool(n) || !hasArray(n.input(0))) return false;
        Attr.Window2d a = n.window();
        return a.kh() * a.kw() <= MAX_LANE_TAPS && maxpoolSpan(n) >= ElementwiseEmitter.MIN_VECTOR_ROW
                && maxpoolLastTap(n) < 1 << 24;
    }

    /** Input columns where a window of one output row starts, from the first to the last: (wo − 1)·sw + 1. */
    static int maxpoolSpan(Node n) {
        return (n.shape().dim(3) - 1) * n.window().sw() + 1;
    }

    /** The flat offset of a window's last tap from its first. */
    static int maxpoolLastTap(Node n) {
        Attr.Window2d a = n.window();
        return (a.kh() - 1) * a.dh() * n.input(0).shape().dim(3) + (a.kw() - 1) * a.dw();
    }

    boolean laneMaxpool(Node n) { return isLaneMaxpool.get(n.id()); }

    /** Forward maxpools scanned in vector lanes, in order. */
    List<Node> laneMaxpools() { return laneMaxpools; }

    /**
     * A maxpool adjoint that reads the forward argmax, whose windows do not overlap (stride at
     * least the window's extent on both axes, so each input element gets at most one gradient) and
     * whose only reader is a flat elementwise loop of its shape (as relu′ · adjoint after
     * maxpool(relu(…))): that loop computes it (see ElementwiseEmitter), and it has no buffer.
     */
    private void foldPoolAdjoint(Node p, BitSet named, Map<Node, Integer> uses, Map<Node, Node> consumer) {
        if (p.op() != Op.MAXPOOL_BACK || argmaxSource(p) == null || named.get(p.id()) || uses.getOrDefault(p, 0) != 1) return;
        Attr.Window2d a = p.window();
        if (a.sh() < (a.kh() - 1) * a.dh() + 1 || a.sw() < (a.kw() - 1) * a.dw() + 1) return;
        Node root = consumer.get(p);
        while (root != null && fused(root)) root = consumer.get(root);
        if (root == null || !root.op().isElementwise() || !root.shape().equals(p.shape()) || foldedPool.containsKey(root)
                || !ElementwiseEmitter.flat(this, root)) return;
        foldedPool.put(root, p);
        folded.set(p.id());
    }

    /** The maxpool adjoint computed inside {@code root}'s loop, or null. */
    Node foldedPool(Node root) { return foldedPool.get(root); }

    /** Lanes of the widest vector either precision may use: padded-plane scratch is rounded to it. */
    static final int PLANE_LANES = 16;

    /**
     * A stride-1 convolution's forward pass that runs on zero-padded planes in vector lanes
     * ({@code dev.nnc.runtime.ConvPlanes}): input and weights in arrays, rows of at least a vector.
     */
    private static boolean paddedConv(Node n) {
        if (n.op() != Op.CONV2D || Boolean.getBoolean("nnc.noConvPlanes")) return false;
        Attr.Window2d a = n.window();
        int wp = n.input(0).shape().dim(3) + 2 * a.pw();
        return a.sh() == 1 && a.sw() == 1 && n.shape().dim(2) * wp >= PLANE_LANES && hasArray(n.input(0)) && hasArray(n.input(1));
    }

    /** Taps up to which a padded convolution's taps are written out in the generated code. */
    static final int MAX_UNROLLED_TAPS = 27;

    /**
     * A padded convolution whose taps the generated code writes out, each output row in vectors:
     * few enough taps, and rows at least as wide as the widest vector (so a row's last vector
     * can overlap the one before it instead of needing a tail loop).
     */
    static boolean unrolledConvTaps(Node n) {
        Attr.Window2d a = n.window();
        return !Boolean.getBoolean("nnc.convPlaneKernel") && n.input(0).shape().dim(1) * a.kh() * a.kw() <= MAX_UNROLLED_TAPS
                && n.shape().dim(3) >= PLANE_LANES;
    }

    /** Stride-1 convolutions computed on padded planes, in order. */
    List<Node> paddedConvs() { return paddedConvs; }

    boolean paddedConvPlanes(Node n) { return isPaddedConv.get(n.id()); }

    /**
     * Output channels from which a weight gradient runs in lanes across them: in W6's shape the
     * lanes paid from 8 channels on, broke even at 6 and lost at 4, where the copy of g
     * channels-last costs more than the half-empty lanes save.
     */
    static final int MIN_LANE_CHANNELS = 8;

    /**
     * A convolution's weight gradient that runs in vector lanes across output channels (see
     * WindowEmitter): a kernel of at most {@code MAX_INTERLEAVED_TAPS} taps, one register each,
     * enough output channels to fill some lanes, input and output gradient in arrays.
     */
    private static boolean inChannelLanes(Node n) {
        if (n.op() != Op.CONV2D_BACK_WEIGHT || Boolean.getBoolean("nnc.noConvWeightLanes")) return false;
        Attr.Window2d a = n.window();
        return a.kh() * a.kw() <= WindowEmitter.MAX_INTERLEAVED_TAPS && n.shape().dim(0) >= MIN_LANE_CHANNELS
                && hasArray(n.input(0)) && hasArray(n.input(1));
    }

    /** Weight gradients computed in lanes across output channels, in order. */
    List<Node> laneConvWeights() { return laneConvWeights; }

    boolean laneConvWeight(Node n) { return isLaneConvWeight.get(n.id()); }

    static int roundUpToLanes(int n) {
        return (n + PLANE_LANES - 1) / PLANE_LANES * PLANE_LANES;
    }

    /** Columns of the padded product of a narrow one: a whole number of vectors of either precision. */
    static final int NARROW_PADDED = 16;

    /**
     * A product too narrow for the register tiles ({@code [m, k] @ [k, n]} with 2 ≤ n < 16, as a
     * last layer's ten classes) but large enough to matter: with a transposed left factor (a
     * weight gradient Xᵀ·G) it runs as Cᵀ = Gᵀ·X through the tiles and is transposed back; otherwise
     * B is padded to 16 columns. Either way a scratch array per product.
     */
    private boolean narrow(Node n) {
        if (n.op() != Op.MATMUL || fused(n) || n.input(0).shape().rank() != 2 || n.input(1).shape().rank() != 2) return false;
        int m = n.shape().dim(0), k = n.input(0).shape().dim(1), cols = n.shape().dim(1);
        return cols >= 2 && cols < NARROW_PADDED && m >= 16 && (long) m * k * cols >= LayoutEmitter.GEMM_MIN_WORK
                && hasArray(n.input(0)) && hasArray(n.input(1));
    }

    /** Not a constant whose elements are all one value (those are literals, without an array). */
    static boolean hasArray(Node n) {
        Node s = storage(n);
        return !(s.op() == Op.CONST && ((Attr.Data) s.attr()).isSplat());
    }

    /** Narrow products that run through padded or transposed register tiles, in order. */
    List<Node> narrowProducts() { return narrowProducts; }

    boolean narrowProduct(Node n) { return isNarrowProduct.get(n.id()); }

    /** Matrix products with an inner dimension this small are inlined as sums into their consumer's loop. */
    static final int MAX_FUSED_INNER = 4;

    /**
     * A product of two matrices whose inner dimension is at most {@link #MAX_FUSED_INNER}
     * ([200, 2] @ [2, 500], or the outer product [200, 1] @ [1, 500] of a backward pass) is as
     * cheap per element as an elementwise op, and fusing it saves a pass over a large array.
     */
    static boolean fusableProduct(Node n) {
        return n.op() == Op.MATMUL && n.input(0).shape().rank() == 2 && n.input(1).shape().rank() == 2
                && n.input(0).shape().dim(1) <= MAX_FUSED_INNER;
    }

    private void decideFusion(Node n, BitSet named, Map<Node, Integer> uses, Map<Node, Node> consumer) {
        if (!n.op().isElementwise() && !fusableProduct(n)) return;
        int size = fusableProduct(n) ? 2 * n.input(0).shape().dim(1) : 1;
        for (Node in : n.inputs()) size += fusedSize.getOrDefault(in, 0);
        Node c = consumer.get(n);
        boolean fuse = size <= MAX_FUSED && !named.get(n.id()) && uses.getOrDefault(n, 0) == 1
                && c != null && c.op().isElementwise() && c.shape().equals(n.shape());
        if (fuse) {
            fused.set(n.id());
            fusedSize.put(n, size);
        }
    }

    /** Nodes reachable from the values, in topological order (leaves included). */
    List<Node> forward() { return forward; }

    /** Nodes reachable from the gradients that forward() does not compute, in topological order. */
    List<Node> backward() { return backward; }

    /** Inlined into its single consumer's loop; has no buffer. */
    boolean fused(Node n) { return fused.get(n.id()); }

    /** An operation (not a param, input or constant). */
    static boolean computed(Node n) {
        return n.op().kind != Op.Kind.LEAF;
    }

    /** The forward maxpool whose argmax {@code n} (a maxpool adjoint) reads, or null. */
    Node argmaxSource(Node n) { return argmaxSource.get(n); }

    /** The forward convolution whose zero-padded input the weight gradient {@code n} reads, or null. */
    Node paddingSource(Node n) { return paddingSource.get(n); }

    /** Forward maxpools that keep their argmax for the backward pass, in order. */
    List<Node> argmaxKept() { return argmaxKept; }

    /** A 2-D transpose that matrix products read in place, as their left factor. */
    boolean readInPlace(Node n) { return readInPlace.get(n.id()); }

    /** Gets a buffer of its own and a statement that fills it. */
    boolean materialised(Node n) {
        return computed(n) && !fused(n) && !isView(n) && !readInPlace(n) && !folded.get(n.id());
    }

    /** The node whose array holds {@code n}'s elements: views read their input's. */
    static Node storage(Node n) {
        Node s = n;
        while (isView(s)) s = s.input(0);
        return s;
    }

    /** Its elements are its input's, in the same order. */
    static boolean isView(Node n) {
        Node in = n.inputs().isEmpty() ? null : n.input(0);
        switch (n.op()) {
            case RESHAPE:
                return true;
            case TRANSPOSE: {
                // only unit axes move when the non-unit ones keep their order
                int[] perm = ((Attr.Perm) n.attr()).perm();
                int last = -1;
                for (int a = 0; a < perm.length; a++) {
                    if (n.shape().dim(a) == 1) continue;
                    if (perm[a] < last) return false;
                    last = perm[a];
                }
                return true;
            }
            case BROADCAST:
                return in.shape().size() == n.shape().size();
            case SLICE:
                return prefixWindow((Attr.Window) n.attr(), in.shape(), n.shape());
            case UNSLICE:
                return in.shape().size() == n.shape().size() && prefixWindow((Attr.Window) n.attr(), n.shape(), in.shape());
            default:
                return false;
        }
    }

    /** The window's elements are the first ones of {@code whole}, in order: base 0, row-major strides. */
    private static boolean prefixWindow(Attr.Window w, Shape whole, Shape part) {
        int[] stride = whole.strides();
        int[] partStride = part.strides();
        for (int a = 0, j = 0; a < whole.rank(); a++) {
            if (w.start()[a] != 0) return false;
            if (!w.kept()[a]) continue;
            int count = w.count()[a];
            if (count > 1 && w.step()[a] * stride[a] != partStride[j]) return false;
            j++;
        }
        return true;
    }

    /** Statement weight of a materialised node: itself plus the nodes inlined into it. */
    int weight(Node n) {
        int w = 3;
        if (!n.op().isElementwise()) return w + 20;
        List<Node> stack = new ArrayList<>(n.inputs());
        while (!stack.isEmpty()) {
            Node in = stack.remove(stack.size() - 1);
            if (fused(in)) { w++; stack.addAll(in.inputs()); }
        }
        return w + 1;
    }
}
