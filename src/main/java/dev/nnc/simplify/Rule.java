package dev.nnc.simplify;

import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;

/**
 * A named, directional rewrite: {@code apply} returns the replacement for a node it matches
 * (built through the graph, same shape as the node) or null. Rules never make code worse.
 *
 * @param name    the rule's name as transcripts print it
 * @param algebra the rewrite in algebra, for readers and for the derivation printer
 */
public record Rule(String name, String algebra, Rewriter apply) {

    @FunctionalInterface
    public interface Rewriter {
        Node rewrite(Graph g, Node n);
    }
}
