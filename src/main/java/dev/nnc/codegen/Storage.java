package dev.nnc.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.nnc.ir.Attr;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Shape;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where every node's elements live in the generated class: a param or input field, a static
 * constant, a buffer of its own, its input's array (reshape), a literal (splat constant), or
 * nowhere (fused). Also the arrays that {@code values()} and {@code gradients()} hand out: a
 * node's own buffer when it has one, else a dedicated copy, so that the caller never receives a
 * param, an input or a constant by reference. Names are allocated in a fixed order.
 */
final class Storage {
    private final Schedule schedule;
    private final Names names;
    private final ScalarType scalar;
    private final Map<Node, String> arrays = new IdentityHashMap<>();
    private final List<Node> constants = new ArrayList<>();
    private final List<Node> buffers = new ArrayList<>();
    private final Map<Node, String> argmaxArrays = new IdentityHashMap<>();
    private final Map<Node, List<Scratch>> scratch = new IdentityHashMap<>();

    /** A working array of a statement (a narrow product's padded or transposed operands, a padded input). */
    record Scratch(String name, int size) {}
    private final String[] valueArrays;
    private final String[] gradientArrays;
    private final boolean[] valueCopied;
    private final boolean[] gradientCopied;

    Storage(Plan plan, Schedule schedule, Names names, ScalarType scalar) {
        this.schedule = schedule;
        this.names = names;
        this.scalar = scalar;
        for (Node p : plan.params()) declare(p, names.allocate("p_", p.leafName(), p));
        for (Node in : plan.inputs()) declare(in, names.allocate("in_", in.leafName(), in));
        // a buffer that holds a named value or gradient is called by that name: val_y, g_w
        Map<Node, String> readable = new HashMap<>();
        for (Plan.Named g : plan.gradients()) readable.putIfAbsent(g.node(), "g_" + Names.escape(g.name()));
        for (Plan.Named v : plan.values()) readable.put(v.node(), "val_" + Names.escape(v.name()));
        for (List<Node> phase : List.of(schedule.forward(), schedule.backward())) {
            for (Node n : phase) {
                if (n.op() == Op.PARAM || n.op() == Op.INPUT) {
                    if (!arrays.containsKey(n)) {
                        throw new IllegalArgumentException(n.op().symbol + " '" + n.leafName() + "' " + n.shape()
                                + " is used but not declared in the plan");
                    }
                } else if (n.op() == Op.CONST && !((Attr.Data) n.attr()).isSplat()) {
                    constants.add(n);
                    declare(n, names.allocate("c", Integer.toString(n.id()), n));
                } else if (schedule.materialised(n)) {
                    buffers.add(n);
                    String name = readable.get(n);
                    declare(n, name != null ? names.allocate("", name, n) : names.allocate("v", Integer.toString(n.id()), n));
                }
            }
        }
        for (Node f : schedule.argmaxKept()) argmaxArrays.put(f, names.allocate("arg", Integer.toString(f.id()), "argmax:" + f.id()));
        for (Node n : schedule.narrowProducts()) {
            String id = Integer.toString(n.id());
            if (schedule.readInPlace(n.input(0))) {
                scratch.put(n, List.of(new Scratch(names.allocate("t", id, "transposed:" + id), n.shape().size())));
            } else {
                int k = n.input(0).shape().dim(1), m = n.shape().dim(0);
                scratch.put(n, List.of(new Scratch(names.allocate("bp", id, "paddedB:" + id), k * Schedule.NARROW_PADDED),
                        new Scratch(names.allocate("cp", id, "paddedC:" + id), m * Schedule.NARROW_PADDED)));
            }
        }
        for (Node n : schedule.paddedConvs()) {
            // the zero-padded input (with room for the last vector's reads) and one output plane's lanes
            String id = Integer.toString(n.id());
            Attr.Window2d a = n.window();
            Shape xs = n.input(0).shape();
            int c = xs.dim(1), hp = xs.dim(2) + 2 * a.ph(), wp = xs.dim(3) + 2 * a.pw(), ho = n.shape().dim(2);
            int lanes = Schedule.roundUpToLanes(ho * wp);
            int lastRead = (xs.dim(0) - 1) * c * hp * wp + (c - 1) * hp * wp + (a.kh() - 1) * a.dh() * wp + (a.kw() - 1) * a.dw() + lanes;
            scratch.put(n, List.of(new Scratch(names.allocate("xp", id, "paddedX:" + id), Math.max(xs.dim(0) * c * hp * wp, lastRead)),
                    new Scratch(names.allocate("plane", id, "plane:" + id), lanes)));
        }
        for (Node n : schedule.laneMaxpools()) {
            // one row's lanes: the maxima at every window start, then their offsets in the window
            String id = Integer.toString(n.id());
            // two halves: one for each thread that may share the pool's planes
            scratch.put(n, List.of(new Scratch(names.allocate("pm", id, "poolLanes:" + id), 2 * WindowEmitter.maxpoolScratchHalf(n))));
        }
        for (Node n : schedule.laneConvWeights()) {
            // the output gradient channels-last, the lanes' sums and (with padding) the zero-padded input
            String id = Integer.toString(n.id());
            Attr.Window2d a = n.window();
            Shape xs = n.input(0).shape(), gs = n.input(1).shape();
            int lanes = channelLanes(n.shape().dim(0));
            List<Scratch> s = new ArrayList<>(List.of(
                    new Scratch(names.allocate("gt", id, "channelsLast:" + id), gs.dim(0) * gs.dim(2) * gs.dim(3) * lanes),
                    // the sums twice: the second copy for a second thread's taps, 16 elements past the first
                    // so that the two threads never write one cache line (WindowEmitter.convWeightLanes)
                    new Scratch(names.allocate("sums", id, "laneSums:" + id), 2 * laneSums(n) + 16)));
            if ((a.ph() > 0 || a.pw() > 0) && schedule.paddingSource(n) == null) {
                int padded = xs.dim(0) * xs.dim(1) * (xs.dim(2) + 2 * a.ph()) * (xs.dim(3) + 2 * a.pw());
                s.add(new Scratch(names.allocate("xp", id, "paddedX:" + id), padded));
            }
            scratch.put(n, s);
        }
        valueArrays = new String[plan.values().size()];
        valueCopied = new boolean[valueArrays.length];
        for (int i = 0; i < valueArrays.length; i++) {
            Plan.Named v = plan.values().get(i);
            valueCopied[i] = !ownArray(v.node());
            valueArrays[i] = valueCopied[i] ? names.allocate("val_", v.name(), "value#" + i) : array(v.node());
        }
        gradientArrays = new String[plan.gradients().size()];
        gradientCopied = new boolean[gradientArrays.length];
        for (int i = 0; i < gradientArrays.length; i++) {
            Plan.Named g = plan.gradients().get(i);
            gradientCopied[i] = !ownArray(g.node());
            gradientArrays[i] = gradientCopied[i] ? names.allocate("g_", g.name(), "gradient#" + i) : array(g.node());
        }
    }

    /** Its elements fill a buffer exactly (its own, or a view's whole input): that array can be handed out. */
    private boolean ownArray(Node n) {
        Node s = Schedule.storage(n);
        return schedule.materialised(s) && s.shape().size() == n.shape().size();
    }

    private void declare(Node n, String name) {
        arrays.put(n, name);
    }

    Schedule schedule() { return schedule; }

    Names names() { return names; }

    /** The type of every element: {@code double} or {@code float}. */
    ScalarType scalar() { return scalar; }

    /** The field holding {@code n}'s elements (for a reshape, its input's field). */
    String array(Node n) {
        String name = arrays.get(Schedule.storage(n));
        if (name == null) throw new IllegalStateException("no array for " + n);
        return name;
    }

    /** Element {@code index} of {@code n}, which must not be fused. */
    Expr element(Node n, CodeBlock index) {
        if (n.op() == Op.CONST && ((Attr.Data) n.attr()).isSplat()) return scalar.literal(((Attr.Data) n.attr()).at(0));
        Node s = Schedule.storage(n);
        if (s.op() == Op.CONST && ((Attr.Data) s.attr()).isSplat()) return scalar.literal(((Attr.Data) s.attr()).at(0));
        return Expr.atom(CodeBlock.of("$N[$L]", array(n), index));
    }

    /** The scratch arrays of {@code n}, in the order its statement uses them (empty if none). */
    List<Scratch> scratch(Node n) { return scratch.getOrDefault(n, List.of()); }

    /** Every scratch array. */
    List<Scratch> scratch() {
        List<Scratch> all = new ArrayList<>();
        for (Node n : schedule.narrowProducts()) all.addAll(scratch(n));
        for (Node n : schedule.paddedConvs()) all.addAll(scratch(n));
        for (Node n : schedule.laneMaxpools()) all.addAll(scratch(n));
        for (Node n : schedule.laneConvWeights()) all.addAll(scratch(n));
        return all;
    }

    /**
     * {@code channels} rounded up to a whole number of the widest vectors this precision may use
     * (64 bytes, as {@link Schedule#PLANE_LANES}): the row of one position in a channels-last copy.
     */
    /** The sums of a {@link Schedule#laneConvWeight} in lanes: input channels × taps × {@link #channelLanes}. */
    int laneSums(Node n) {
        Attr.Window2d a = n.window();
        return n.input(0).shape().dim(1) * a.kh() * a.kw() * channelLanes(n.shape().dim(0));
    }

    int channelLanes(int channels) {
        int widest = Schedule.PLANE_LANES / (scalar.isFloat() ? 1 : 2);
        return (channels + widest - 1) / widest * widest;
    }

    /** The int[] field holding a forward maxpool's argmax (flat input index per pooled element), or null. */
    String argmaxArray(Node maxpool) { return argmaxArrays.get(maxpool); }

    /** Non-splat constants, as static fields. */
    List<Node> constants() { return constants; }

    /** Materialised nodes, forward ones first, each in topological order. */
    List<Node> buffers() { return buffers; }

    String valueArray(int i) { return valueArrays[i]; }

    boolean valueCopied(int i) { return valueCopied[i]; }

    String gradientArray(int i) { return gradientArrays[i]; }

    boolean gradientCopied(int i) { return gradientCopied[i]; }
}
