package dev.nnc.codegen;

import dev.nnc.ir.Dag;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
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
 * A reshape owns no storage: it reads its input's array.
 */
final class Schedule {
    /** Bound on the nodes inlined into one loop body: keeps methods and Janino's parser shallow. */
    static final int MAX_FUSED = 24;

    private final List<Node> forward;
    private final List<Node> backward;
    private final BitSet inForward = new BitSet();
    private final BitSet fused = new BitSet();
    private final Map<Node, Integer> fusedSize = new HashMap<>();

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
    }

    private void decideFusion(Node n, BitSet named, Map<Node, Integer> uses, Map<Node, Node> consumer) {
        if (!n.op().isElementwise()) return;
        int size = 1;
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

    /** Gets a buffer of its own and a statement that fills it. */
    boolean materialised(Node n) {
        return computed(n) && !fused(n) && n.op() != Op.RESHAPE;
    }

    /** The node whose array holds {@code n}'s elements: reshapes are views of their input. */
    static Node storage(Node n) {
        Node s = n;
        while (s.op() == Op.RESHAPE) s = s.input(0);
        return s;
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
