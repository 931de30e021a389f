package dev.nnc.codegen;

import com.palantir.javapoet.CodeBlock;

/**
 * A nest of counted loops with constant bounds written into a CodeBlock. An axis of extent 1
 * gets no loop (its variable is null, its index 0); {@link #scope()} opens a plain block when no
 * loop was opened, so that locals of consecutive statements never clash.
 */
final class Loops {
    private final CodeBlock.Builder b;
    private int open;

    Loops(CodeBlock.Builder b) {
        this.b = b;
    }

    /** Opens {@code for (int var = 0; var < extent; var++)}; returns var, or null for extent 1. */
    String loop(String var, int extent) {
        if (extent == 1) return null;
        b.beginControlFlow("for (int $L = 0; $L < $L; $L++)", var, var, extent, var);
        open++;
        return var;
    }

    /** Opens {@code for (int var = lo; var < hi; var++)}: the outer loop of a {@link LoopParts} part. */
    String range(String var) {
        b.beginControlFlow("for (int $L = lo; $L < hi; $L++)", var, var, var);
        open++;
        return var;
    }

    /** One loop per extent, variables {@code prefix0, prefix1, …}. */
    String[] loops(String prefix, int[] extents) {
        String[] vars = new String[extents.length];
        for (int a = 0; a < extents.length; a++) vars[a] = loop(prefix + a, extents[a]);
        return vars;
    }

    /** Makes sure what follows is inside a block of this nest. */
    void scope() {
        if (open == 0) {
            b.add("{\n").indent();
            open++;
        }
    }

    void close() {
        for (; open > 0; open--) b.endControlFlow();
    }
}
