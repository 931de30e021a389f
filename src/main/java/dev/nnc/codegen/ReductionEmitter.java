package dev.nnc.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.nnc.ir.Attr;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Shape;
import java.util.function.BiConsumer;

/**
 * Reductions and normalisations along axes. One loop per kept axis around one group; inside it,
 * loops over the reduced axes in axis order visit the group's elements in ascending flat index,
 * which is the order in which the interpreter accumulates, so sums agree to the last bit (a sum
 * that keeps few elements runs their groups side by side, each still in that order). The
 * max shift, the {@code ±∞ → 0} rule and the operation order are the interpreter's. Accumulators
 * and locals have the class's scalar type; a float class rounds every term to float first.
 */
final class ReductionEmitter {
    private final Storage storage;
    private final ScalarType scalar;
    private final LoopParts parts;

    ReductionEmitter(Storage storage, LoopParts parts) {
        this.storage = storage;
        this.scalar = storage.scalar();
        this.parts = parts;
    }

    CodeBlock sum(Node n) {
        Group g = new Group(n.input(0).shape(), ((Attr.Axes) n.attr()).axes());
        CodeBlock.Builder b = CodeBlock.builder();
        if (g.leading()) {
            // reduced axes outside, kept ones inside: every output adds its terms in the same
            // order, but the inner loop walks rows contiguously instead of striding down columns
            String dst = storage.array(n);
            b.addStatement("$T.fill($N, $L)", java.util.Arrays.class, dst, zero());
            int rowLength = n.shape().size(), rows = g.in.size() / rowLength;
            Node src = n.input(0);
            if (rowLength >= ElementwiseEmitter.MIN_VECTOR_ROW && dev.nnc.runtime.Gemm.vectorised() && hasArray(src)) {
                Loops loops = new Loops(b);
                String r = loops.loop("r", rows);
                b.addStatement("$T.add($N, $N, $L, $L)", dev.nnc.runtime.Rows.class, dst, storage.array(src),
                        Index.of(0).plus(r, rowLength).code(), rowLength);
                loops.close();
                return b.build();
            }
            Loops loops = new Loops(b);
            for (int a = 0; a < g.in.rank(); a++) g.vars[a] = loops.loop("i" + a, g.in.dim(a));
            CodeBlock from = Index.linear(g.vars, g.in.strides()).code();
            for (int a = 0; a < g.in.rank(); a++) if (g.reduced[a]) g.vars[a] = null;
            b.addStatement("$N[$L] += $L", dst, g.reducedIndex(), element(n, from).code());
            loops.close();
            return b.build();
        }
        int interleaved = g.interleaved();
        if (interleaved > 0) return interleavedSum(n, g, interleaved);
        Loops outer = g.open(b);
        b.addStatement("$T s = $L", scalar.type(), zero());
        g.each(b, (body, x) -> body.addStatement("s += $L", element(n, x).code()));
        b.addStatement("$N[$L] = s", storage.array(n), g.reducedIndex());
        outer.close();
        return b.build();
    }

    /** Kept elements summed side by side: at most this many accumulators. */
    static final int MAX_INTERLEAVED_SUMS = 16;

    /** Sums shorter than this stay one at a time: too short for the latency of one chain to matter. */
    static final int MIN_INTERLEAVED_TERMS = 64;

    /**
     * A sum whose last {@code inner} kept axes hold few elements (the bias gradient of a
     * convolution: [N, C, H, W] summed over N, H, W keeps C): those kept elements get one local
     * accumulator each, and one pass over the reduced axes adds a term to every one of them.
     * Each accumulator still takes its own terms in ascending order from zero, the interpreter's
     * order; only independent chains of additions run side by side, where one group at a time
     * would wait out every addition's latency.
     */
    private CodeBlock interleavedSum(Node n, Group g, int inner) {
        CodeBlock.Builder b = CodeBlock.builder();
        int rank = g.in.rank();
        int[] strides = g.in.strides(), reducedStrides = g.reducedStrides();
        // the interleaved kept axes, the outer kept axes and the reduced ones
        boolean[] unrolled = new boolean[rank];
        for (int a = rank - 1, left = inner; a >= 0 && left > 0; a--) {
            if (!g.reduced[a]) { unrolled[a] = true; left--; }
        }
        int count = 1;
        for (int a = 0; a < rank; a++) if (unrolled[a]) count *= g.in.dim(a);
        // offsets of the accumulators' terms and results from those of the first one
        int[] termOffset = new int[count], resultOffset = new int[count];
        for (int k = 0; k < count; k++) {
            for (int a = rank - 1, rest = k; a >= 0; a--) {
                if (!unrolled[a]) continue;
                int at = rest % g.in.dim(a);
                rest /= g.in.dim(a);
                termOffset[k] += at * strides[a];
                resultOffset[k] += at * reducedStrides[a];
            }
        }
        boolean outerKept = false;
        for (int a = 0; a < rank; a++) outerKept |= !g.reduced[a] && !unrolled[a];
        if (!outerKept && count >= 2 && parts.shares(g.in.size(), 2)) {
            // two threads, each with its own half of the sums (W6's bias gradient: 627,200 terms)
            CodeBlock.Builder groups = CodeBlock.builder();
            groups.beginControlFlow("for (int group = lo; group < hi; group++)");
            groups.beginControlFlow("if (group == 0)");
            sideBySide(groups, n, g, termOffset, resultOffset, 0, count / 2);
            groups.nextControlFlow("else");
            sideBySide(groups, n, g, termOffset, resultOffset, count / 2, count);
            groups.endControlFlow().endControlFlow();
            b.add("// $L sums in two halves, one per thread: each sum on one thread, its terms in order\n", count);
            b.add(parts.run(groups.build(), 2));
            return b.build();
        }
        Loops outer = new Loops(b);
        for (int a = 0; a < rank; a++) if (!g.reduced[a] && !unrolled[a]) g.vars[a] = outer.loop("i" + a, g.in.dim(a));
        outer.scope();
        sideBySide(b, n, g, termOffset, resultOffset, 0, count);
        outer.close();
        return b.build();
    }

    /** Sums [k0, k1) of {@link #interleavedSum}, side by side in one pass over the reduced axes. */
    private void sideBySide(CodeBlock.Builder b, Node n, Group g, int[] termOffset, int[] resultOffset, int k0, int k1) {
        int rank = g.in.rank();
        int[] strides = g.in.strides(), reducedStrides = g.reducedStrides();
        b.add("// $L sums side by side, each adding its own terms in order\n", k1 - k0);
        for (int k = k0; k < k1; k++) b.addStatement("$T s$L = $L", scalar.type(), k, zero());
        Loops loops = new Loops(b);
        for (int a = 0; a < rank; a++) if (g.reduced[a]) g.vars[a] = loops.loop("i" + a, g.in.dim(a));
        b.addStatement("int at = $L", Index.linear(g.vars, strides).code());
        for (int k = k0; k < k1; k++) {
            b.addStatement("s$L += $L", k, element(n, termOffset[k] == 0 ? CodeBlock.of("at") : CodeBlock.of("at + $L", termOffset[k])).code());
        }
        loops.close();
        for (int a = 0; a < rank; a++) if (g.reduced[a]) g.vars[a] = null;
        String dst = storage.array(n);
        for (int k = k0; k < k1; k++) {
            Index result = Index.of(resultOffset[k]);
            for (int a = 0; a < rank; a++) result.plus(g.vars[a], reducedStrides[a]);
            b.addStatement("$N[$L] = s$L", dst, result.code(), k);
        }
    }

    CodeBlock logsumexp(Node n) {
        Group g = new Group(n.input(0).shape(), ((Attr.Axes) n.attr()).axes());
        CodeBlock.Builder b = CodeBlock.builder();
        Loops outer = g.open(b);
        maxAndSum(n, g, b);
        b.addStatement("$N[$L] = m + $L", storage.array(n), g.reducedIndex(), math("log", CodeBlock.of("s")).code());
        outer.close();
        return b.build();
    }

    /** SOFTMAX: e^(x−m)/s; LOG_SOFTMAX: x − m − log s. */
    CodeBlock softmax(Node n) {
        Group g = new Group(n.input(0).shape(), new int[] {((Attr.Axis) n.attr()).axis()});
        String dst = storage.array(n);
        CodeBlock.Builder b = CodeBlock.builder();
        Loops outer = g.open(b);
        maxAndSum(n, g, b);
        if (n.op() == Op.SOFTMAX) {
            g.each(b, (body, x) -> body.addStatement("$N[$L] = $L / s", dst, x,
                    math("exp", CodeBlock.of("$L - m", element(n, x).operand())).code()));
        } else {
            b.addStatement("$T l = $L", scalar.type(), math("log", CodeBlock.of("s")).code());
            g.each(b, (body, x) -> body.addStatement("$N[$L] = $L - m - l", dst, x, element(n, x).operand()));
        }
        outer.close();
        return b.build();
    }

    /** The first position of the maximum along the axis; a NaN counts as the maximum. */
    CodeBlock argmax(Node n) {
        int axis = ((Attr.Axis) n.attr()).axis();
        Group g = new Group(n.input(0).shape(), new int[] {axis});
        CodeBlock.Builder b = CodeBlock.builder();
        Loops outer = g.open(b);
        b.addStatement("$T best = $T.NEGATIVE_INFINITY", scalar.type(), scalar.boxed());
        b.addStatement("$T arg = $L", scalar.type(), scalar.literal(-1.0).code());
        g.each(b, (body, x) -> {
            body.addStatement("$T xv = $L", scalar.type(), element(n, x).code());
            body.beginControlFlow("if (arg < $L || xv > best || (xv != xv && best == best))", zero());
            body.addStatement("best = xv");
            body.addStatement("arg = $L", Index.of(0).plus(g.vars[axis], 1).code());
            body.endControlFlow();
        });
        b.addStatement("$N[$L] = arg", storage.array(n), g.reducedIndex());
        outer.close();
        return b.build();
    }

    /** Leaves {@code m} (the group's max, 0 when infinite) and {@code s} = Σ e^(x−m) in scope. */
    private void maxAndSum(Node n, Group g, CodeBlock.Builder b) {
        b.addStatement("$T m = $T.NEGATIVE_INFINITY", scalar.type(), scalar.boxed());
        g.each(b, (body, x) -> body.addStatement("m = $T.max(m, $L)", Math.class, element(n, x).code()));
        b.addStatement("if ($T.isInfinite(m)) m = $L", scalar.boxed(), zero());
        b.addStatement("$T s = $L", scalar.type(), zero());
        g.each(b, (body, x) -> body.addStatement("s += $L", math("exp", CodeBlock.of("$L - m", element(n, x).operand())).code()));
    }

    /** {@code Math.f(arg)} brought back to the scalar type. */
    private Expr math(String f, CodeBlock arg) {
        return scalar.fromDouble(CodeBlock.of("$T.$L($L)", Math.class, f, arg));
    }

    private CodeBlock zero() {
        return scalar.literal(0.0).code();
    }

    private static boolean hasArray(Node n) {
        Node s = Schedule.storage(n);
        return !(s.op() == Op.CONST && ((Attr.Data) s.attr()).isSplat());
    }

    private Expr element(Node n, CodeBlock index) {
        return storage.element(n.input(0), index);
    }

    /**
     * The loop variables {@code i<axis>} over an input shape split into kept axes (outer loops,
     * one group per iteration) and reduced axes (inner loops, re-opened for every pass).
     */
    private static final class Group {
        final Shape in;
        final boolean[] reduced;
        final String[] vars;

        Group(Shape in, int[] axes) {
            this.in = in;
            this.reduced = new boolean[in.rank()];
            for (int a : axes) reduced[a] = true;
            this.vars = new String[in.rank()];
        }

        /** Some axes reduced, some kept, and every reduced one before every kept one (sum over rows). */
        boolean leading() {
            int kept = 0, reducedAfterKept = 0;
            for (int a = 0; a < in.rank(); a++) {
                if (!reduced[a]) kept++;
                else if (kept > 0) reducedAfterKept++;
            }
            return kept > 0 && kept < in.rank() && reducedAfterKept == 0;
        }

        /**
         * How many of the last kept axes to sum side by side ({@link #interleavedSum}): as many as
         * hold at most {@link #MAX_INTERLEAVED_SUMS} elements together, if that is at least two
         * and their sums are long enough; 0 for one group at a time (always, with
         * {@code -Dnnc.noInterleavedSums=true}: for timing one form against the other).
         */
        int interleaved() {
            int terms = 1;
            for (int a = 0; a < in.rank(); a++) if (reduced[a]) terms *= in.dim(a);
            if (terms < MIN_INTERLEAVED_TERMS || Boolean.getBoolean("nnc.noInterleavedSums")) return 0;
            int axes = 0, count = 1;
            for (int a = in.rank() - 1; a >= 0; a--) {
                if (reduced[a]) continue;
                if (count * in.dim(a) > MAX_INTERLEAVED_SUMS) break;
                count *= in.dim(a);
                axes++;
            }
            return count >= 2 ? axes : 0;
        }

        /** Strides of the reduced tensor (reduced axes of size 1), indexed by input axis. */
        int[] reducedStrides() {
            int[] dims = in.dims();
            for (int a = 0; a < dims.length; a++) if (reduced[a]) dims[a] = 1;
            return Shape.of(dims).strides();
        }

        /** Opens the loops over the kept axes and a scope for the group's locals. */
        Loops open(CodeBlock.Builder b) {
            Loops outer = new Loops(b);
            for (int a = 0; a < in.rank(); a++) if (!reduced[a]) vars[a] = outer.loop("i" + a, in.dim(a));
            outer.scope();
            return outer;
        }

        /** One pass over the group: {@code body} gets the input index of the current element. */
        void each(CodeBlock.Builder b, BiConsumer<CodeBlock.Builder, CodeBlock> body) {
            Loops inner = new Loops(b);
            for (int a = 0; a < in.rank(); a++) if (reduced[a]) vars[a] = inner.loop("i" + a, in.dim(a));
            body.accept(b, Index.linear(vars, in.strides()).code());
            inner.close();
            for (int a = 0; a < in.rank(); a++) if (reduced[a]) vars[a] = null;
        }

        /** The group's offset in the reduced tensor (reduced axes of size 1, kept or dropped alike). */
        CodeBlock reducedIndex() {
            return Index.linear(vars, reducedStrides()).code();
        }
    }
}
