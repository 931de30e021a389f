package dev.nnc.ir;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Traversals of a DAG, all iterative so that deep graphs cannot overflow the stack. */
public final class Dag {
    private Dag() {}

    /**
     * Every node reachable from the roots, inputs before consumers. Node ids grow with creation
     * and a node's inputs exist before it, so ascending id is a topological order.
     */
    public static List<Node> topo(Collection<Node> roots) {
        BitSet seen = new BitSet();
        List<Node> out = new ArrayList<>();
        ArrayDeque<Node> stack = new ArrayDeque<>();
        for (Node r : roots) if (!seen.get(r.id())) { seen.set(r.id()); stack.push(r); }
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            out.add(n);
            for (Node in : n.inputs()) if (!seen.get(in.id())) { seen.set(in.id()); stack.push(in); }
        }
        out.sort(Comparator.comparingInt(Node::id));
        return out;
    }

    /**
     * As {@link #topo(Collection)}, but nodes for which {@code stop} holds are neither listed nor
     * entered: the part of the DAG still to be visited, when everything below a stop is done.
     */
    public static List<Node> topo(Collection<Node> roots, java.util.function.Predicate<Node> stop) {
        BitSet seen = new BitSet();
        List<Node> out = new ArrayList<>();
        ArrayDeque<Node> stack = new ArrayDeque<>();
        for (Node r : roots) if (!seen.get(r.id()) && !stop.test(r)) { seen.set(r.id()); stack.push(r); }
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            out.add(n);
            for (Node in : n.inputs()) if (!seen.get(in.id()) && !stop.test(in)) { seen.set(in.id()); stack.push(in); }
        }
        out.sort(Comparator.comparingInt(Node::id));
        return out;
    }

    /** How many times each node of {@code order} is used as an input by the others of it. */
    public static Map<Node, Integer> useCounts(List<Node> order) {
        Map<Node, Integer> uses = new HashMap<>();
        for (Node n : order) for (Node in : n.inputs()) uses.merge(in, 1, Integer::sum);
        return uses;
    }

    /** Number of non-leaf nodes reachable from the roots: the operation count. */
    public static int operationCount(Collection<Node> roots) {
        int count = 0;
        for (Node n : topo(roots)) if (n.op().kind != Op.Kind.LEAF) count++;
        return count;
    }
}
