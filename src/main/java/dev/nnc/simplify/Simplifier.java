package dev.nnc.simplify;

import dev.nnc.ir.Dag;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites a DAG bottom-up with {@link Rules#ALL} until no rule applies or the budget is spent.
 * Common subexpressions need no pass of their own: the graph interns every rebuilt node.
 */
public final class Simplifier {
    /** Rule applications allowed in one run; past it the run stops and says so. */
    public static final int BUDGET = 200_000;

    /**
     * @param replacement every visited node → its simplified form
     * @param rewrites    every rule application, in order
     * @param stopReason  "fixpoint" or "budget"
     */
    public record Result(Map<Node, Node> replacement, List<Rewrite> rewrites, String stopReason) {
        public Node of(Node n) {
            return replacement.getOrDefault(n, n);
        }
    }

    private final Graph g;
    private final List<Rule> rules;
    private final Map<Node, Node> done = new HashMap<>();
    private final List<Rewrite> log = new ArrayList<>();
    private boolean exhausted;

    private Simplifier(Graph g, List<Rule> rules) {
        this.g = g;
        this.rules = rules;
    }

    public static Result simplify(Graph g, Collection<Node> roots) {
        return simplify(g, roots, Rules.ALL);
    }

    public static Result simplify(Graph g, Collection<Node> roots, List<Rule> rules) {
        Simplifier s = new Simplifier(g, rules);
        s.visit(roots);
        return new Result(s.done, s.log, s.exhausted ? "budget" : "fixpoint");
    }

    /** Everything below a simplified node is simplified, so the walk stops there (else each rewrite re-walks the DAG below it). */
    private void visit(Collection<Node> roots) {
        for (Node n : Dag.topo(roots, done::containsKey)) {
            if (!done.containsKey(n)) done.put(n, simplifyNode(n));
        }
    }

    private Node simplifyNode(Node n) {
        List<Node> inputs = new ArrayList<>(n.inputs().size());
        for (Node in : n.inputs()) inputs.add(done.getOrDefault(in, in));
        var previous = g.at(n.span());
        try {
            Node cur = g.rebuild(n, inputs);
            for (int round = 0; round < 64 && !exhausted; round++) {
                Node next = null;
                Rule applied = null;
                for (Rule r : rules) {
                    next = r.apply().rewrite(g, cur);
                    if (next != null && next != cur) { applied = r; break; }
                }
                if (applied == null) break;
                log.add(new Rewrite(applied, cur, next, n.span()));
                if (log.size() >= BUDGET) exhausted = true;
                done.put(cur, cur); // guards against a rule leading back here
                visit(List.of(next));
                Node simplified = done.get(next);
                done.put(cur, simplified);
                cur = simplified;
            }
            done.put(cur, cur);
            return cur;
        } finally {
            g.at(previous);
        }
    }
}
