package dev.nnc.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.nnc.ir.Attr;
import dev.nnc.ir.Node;
import dev.nnc.ir.Shape;
import dev.nnc.runtime.Gemm;
import java.util.Arrays;

/**
 * Loop nests of the ops that move elements: matrix product, transpose, broadcast, slice, unslice
 * and onehot. Index arithmetic mirrors {@code interp.Indexing}; the matrix product accumulates
 * {@code s = fma(a, b, s)} from {@code 0.0} in ascending inner index, as the interpreter does (in
 * the class's scalar type: a float class accumulates in float).
 */
final class LayoutEmitter {
    private final Storage storage;
    private final ScalarType scalar;

    LayoutEmitter(Storage storage) {
        this.storage = storage;
        this.scalar = storage.scalar();
    }

    /** Products at least this wide and this large go to {@link Gemm}'s register-tiled kernels. */
    static final int GEMM_MIN_COLS = 16, GEMM_MIN_WORK = 4096;

    /**
     * C = A·B for {@code [m,k]@[k,n]}, {@code [m,k]@[k]}, {@code [k]@[k,n]}, {@code [k]@[k]}; A may
     * be a transpose that the schedule reads in place ({@code A[i, p]} at {@code p·m + i} of its
     * input). Each C[i, j] takes its terms in ascending p from 0.0 as fused multiply-adds, the
     * interpreter's arithmetic, so the result is bit-identical in every form: dot products for one
     * column; {@link Gemm} for wide products; otherwise loops in i, p, j order, whose innermost
     * loop walks rows of B and C.
     */
    CodeBlock matmul(Node n) {
        Shape sa = n.input(0).shape(), sb = n.input(1).shape();
        int m = sa.rank() == 2 ? sa.dim(0) : 1;
        int k = sa.dim(sa.rank() - 1);
        int cols = sb.rank() == 2 ? sb.dim(1) : 1;
        boolean transposed = storage.schedule().readInPlace(n.input(0));
        Node a = transposed ? n.input(0).input(0) : n.input(0);
        CodeBlock.Builder b = CodeBlock.builder();
        String c = storage.array(n);
        if (cols == 1 && transposed) {
            // C[i] = Σ_p A[p, i]·B[p]: p outside so that the inner loop walks A's rows
            b.addStatement("$T.fill($N, $L)", java.util.Arrays.class, c, scalar.literal(0.0).code());
            Loops outer = new Loops(b);
            String p = outer.loop("p", k);
            outer.scope();
            b.addStatement("$T y = $L", scalar.type(), storage.element(n.input(1), Index.of(0).plus(p, 1).code()).code());
            if (m >= ElementwiseEmitter.MIN_VECTOR_ROW && Gemm.vectorised() && Schedule.hasArray(a)) {
                b.addStatement("$T.fusedAxpy($N, $N, $L, y, $L)", dev.nnc.runtime.Rows.class, c, storage.array(a),
                        Index.of(0).plus(p, m).code(), m);
                outer.close();
                return b.build();
            }
            Loops inner = new Loops(b);
            String i = inner.loop("i", m);
            CodeBlock ci = Index.of(0).plus(i, 1).code();
            b.addStatement("$N[$L] = Math.fma($L, y, $N[$L])", c, ci, storage.element(a, elementOfA(true, i, p, m, k)).code(), c, ci);
            inner.close();
            outer.close();
            return b.build();
        }
        if (cols == 1 && m >= 8 && k >= 8 && Schedule.hasArray(a)) {
            // four rows at a time: four independent chains of additions instead of one, each
            // row still summed in ascending p (the latency of one addition no longer sets the pace)
            ScalarType t = scalar;
            String av = storage.array(a);
            int blocked = m - m % 4;
            b.beginControlFlow("for (int i = 0; i < $L; i += 4)", blocked);
            b.addStatement("$T s0 = $L, s1 = s0, s2 = s0, s3 = s0", t.type(), t.literal(0.0).code());
            b.beginControlFlow("for (int p = 0; p < $L; p++)", k);
            b.addStatement("$T y = $L", t.type(), storage.element(n.input(1), CodeBlock.of("p")).code());
            b.addStatement("int r = i * $L + p", k);
            b.addStatement("s0 = Math.fma($N[r], y, s0)", av);
            b.addStatement("s1 = Math.fma($N[r + $L], y, s1)", av, k);
            b.addStatement("s2 = Math.fma($N[r + $L], y, s2)", av, 2 * k);
            b.addStatement("s3 = Math.fma($N[r + $L], y, s3)", av, 3 * k);
            b.endControlFlow();
            b.addStatement("$N[i] = s0", c);
            b.addStatement("$N[i + 1] = s1", c);
            b.addStatement("$N[i + 2] = s2", c);
            b.addStatement("$N[i + 3] = s3", c);
            b.endControlFlow();
            if (blocked < m) {
                b.beginControlFlow("for (int i = $L; i < $L; i++)", blocked, m);
                b.addStatement("$T s = $L", t.type(), t.literal(0.0).code());
                b.beginControlFlow("for (int p = 0; p < $L; p++)", k);
                b.addStatement("s = Math.fma($N[i * $L + p], $L, s)", av, k, storage.element(n.input(1), CodeBlock.of("p")).code());
                b.endControlFlow();
                b.addStatement("$N[i] = s", c);
                b.endControlFlow();
            }
            return b.build();
        }
        if (cols == 1) {
            Loops outer = new Loops(b);
            String i = outer.loop("i", m);
            outer.scope();
            b.addStatement("$T s = $L", scalar.type(), scalar.literal(0.0).code());
            Loops inner = new Loops(b);
            String p = inner.loop("p", k);
            Expr x = storage.element(a, elementOfA(transposed, i, p, m, k));
            Expr y = storage.element(n.input(1), Index.of(0).plus(p, 1).code());
            b.addStatement("s = Math.fma($L, $L, s)", x.code(), y.code());
            inner.close();
            b.addStatement("$N[$L] = s", c, Index.of(0).plus(i, 1).code());
            outer.close();
            return b.build();
        }
        if (cols >= GEMM_MIN_COLS && (long) m * k * cols >= GEMM_MIN_WORK && Schedule.hasArray(a) && Schedule.hasArray(n.input(1))) {
            b.addStatement("$T.product($N, $L, $N, $N, $L, $L, $L)", Gemm.class, storage.array(a), transposed,
                    storage.array(n.input(1)), c, m, k, cols);
            return b.build();
        }
        if (storage.schedule().narrowProduct(n)) return narrow(n, a, transposed, m, k, cols);
        b.addStatement("$T.fill($N, $L)", java.util.Arrays.class, c, scalar.literal(0.0).code());
        Loops outer = new Loops(b);
        // with A read transposed, p outermost walks its rows; C[i, j] still adds in ascending p
        String i = transposed ? null : outer.loop("i", m);
        String p = outer.loop("p", k);
        if (transposed) i = outer.loop("i", m);
        outer.scope();
        b.addStatement("$T a = $L", scalar.type(), storage.element(a, elementOfA(transposed, i, p, m, k)).code());
        Loops inner = new Loops(b);
        String j = inner.loop("j", cols);
        Expr y = storage.element(n.input(1), Index.of(0).plus(p, cols).plus(j, 1).code());
        CodeBlock cij = Index.of(0).plus(i, cols).plus(j, 1).code();
        b.addStatement("$N[$L] = Math.fma(a, $L, $N[$L])", c, cij, y.code(), c, cij);
        inner.close();
        outer.close();
        return b.build();
    }

    /**
     * A narrow product through the register tiles ({@link Schedule#narrowProducts}). Each C[i, j]
     * keeps its terms and their order (fma is exact in either order of its factors), so the result
     * is still the interpreter's.
     */
    private CodeBlock narrow(Node n, Node a, boolean transposed, int m, int k, int cols) {
        CodeBlock.Builder b = CodeBlock.builder();
        String c = storage.array(n), bs = storage.array(n.input(1));
        java.util.List<Storage.Scratch> scratch = storage.scratch(n);
        if (transposed) {
            // Cᵀ = Bᵀ·A with A's stored [k, m] array as the right factor, then transposed back
            String t = scratch.get(0).name();
            b.add("// $L × $L is too narrow for the tiles: Cᵀ = Bᵀ·A there, then transposed\n", m, cols);
            b.addStatement("$T.product($N, true, $N, $N, $L, $L, $L)", Gemm.class, bs, storage.array(a), t, cols, k, m);
            b.beginControlFlow("for (int i = 0; i < $L; i++)", m);
            b.beginControlFlow("for (int j = 0; j < $L; j++)", cols);
            b.addStatement("$N[i * $L + j] = $N[j * $L + i]", c, cols, t, m);
            b.endControlFlow();
            b.endControlFlow();
            return b.build();
        }
        // B padded to 16 columns (the padding stays zero: nothing else writes it)
        String bp = scratch.get(0).name(), cp = scratch.get(1).name();
        int w = Schedule.NARROW_PADDED;
        b.add("// $L columns are too narrow for the tiles: B padded to $L\n", cols, w);
        b.beginControlFlow("for (int p = 0; p < $L; p++)", k);
        b.addStatement("$T.arraycopy($N, p * $L, $N, p * $L, $L)", System.class, bs, cols, bp, w, cols);
        b.endControlFlow();
        b.addStatement("$T.product($N, false, $N, $N, $L, $L, $L)", Gemm.class, storage.array(a), bp, cp, m, k, w);
        b.beginControlFlow("for (int i = 0; i < $L; i++)", m);
        b.addStatement("$T.arraycopy($N, i * $L, $N, i * $L, $L)", System.class, cp, w, c, cols, cols);
        b.endControlFlow();
        return b.build();
    }

    private static CodeBlock elementOfA(boolean transposed, String i, String p, int m, int k) {
        return transposed ? Index.of(0).plus(p, m).plus(i, 1).code() : Index.of(0).plus(i, k).plus(p, 1).code();
    }


    /** Output axis a reads input axis perm[a]. */
    CodeBlock transpose(Node n) {
        int[] perm = ((Attr.Perm) n.attr()).perm();
        int[] inStride = n.input(0).shape().strides();
        int[] stride = new int[perm.length];
        for (int a = 0; a < perm.length; a++) stride[a] = inStride[perm[a]];
        return gather(n, stride, 0);
    }

    CodeBlock broadcast(Node n) {
        return gather(n, ElementwiseEmitter.broadcastStrides(n.input(0).shape(), n.shape()), 0);
    }

    CodeBlock slice(Node n) {
        Window w = Window.of((Attr.Window) n.attr(), n.input(0).shape());
        return gather(n, w.stride, w.base);
    }

    /** Zeros of the original shape, then the window's elements added at their places. */
    CodeBlock unslice(Node n) {
        Node g = n.input(0);
        Window w = Window.of((Attr.Window) n.attr(), n.shape());
        String dst = storage.array(n);
        CodeBlock.Builder b = CodeBlock.builder();
        b.addStatement("$T.fill($N, $L)", Arrays.class, dst, scalar.literal(0.0).code());
        Loops loops = new Loops(b);
        String[] vars = loops.loops("i", w.dims);
        Index to = Index.of(w.base);
        for (int a = 0; a < vars.length; a++) to.plus(vars[a], w.stride[a]);
        b.addStatement("$N[$L] += $L", dst, to.code(), storage.element(g, Index.linear(vars, Shape.of(w.dims).strides()).code()).code());
        loops.close();
        return b.build();
    }

    /** Class indices to rows of 0/1; labels that are not integers in [0, K) give a zero row. */
    CodeBlock onehot(Node n) {
        int k = ((Attr.Count) n.attr()).count();
        Node labels = n.input(0);
        String dst = storage.array(n);
        CodeBlock.Builder b = CodeBlock.builder();
        b.addStatement("$T.fill($N, $L)", Arrays.class, dst, scalar.literal(0.0).code());
        Loops loops = new Loops(b);
        String i = loops.loop("i", labels.shape().size());
        loops.scope();
        b.addStatement("$T l = $L", scalar.type(), storage.element(labels, Index.of(0).plus(i, 1).code()).code());
        b.beginControlFlow("if (l >= $L && l < $L && l == $T.rint(l))", scalar.literal(0.0).code(), k, Math.class);
        b.addStatement("$N[$L(int) l] = $L", dst, i == null ? "" : CodeBlock.of("$L + ", Index.of(0).plus(i, k).code()),
                scalar.literal(1.0).code());
        b.endControlFlow();
        loops.close();
        return b.build();
    }

    /** {@code out[linear] = in[base + Σ i_a·stride_a]} over the output's axes. */
    private CodeBlock gather(Node n, int[] stride, int base) {
        Shape out = n.shape();
        CodeBlock.Builder b = CodeBlock.builder();
        Loops loops = new Loops(b);
        String[] vars = loops.loops("i", out.dims());
        Index from = Index.of(base);
        for (int a = 0; a < vars.length; a++) from.plus(vars[a], stride[a]);
        b.addStatement("$N[$L] = $L", storage.array(n), Index.linear(vars, out.strides()).code(),
                storage.element(n.input(0), from.code()).code());
        loops.close();
        return b.build();
    }

    /** A window's result axes: their counts and strides in the windowed tensor, and its base offset. */
    private record Window(int[] dims, int[] stride, int base) {
        static Window of(Attr.Window w, Shape in) {
            int[] inStride = in.strides();
            int base = 0, kept = 0;
            for (int a = 0; a < in.rank(); a++) {
                base += w.start()[a] * inStride[a];
                if (w.kept()[a]) kept++;
            }
            int[] dims = new int[kept];
            int[] stride = new int[kept];
            for (int a = 0, j = 0; a < in.rank(); a++) {
                if (!w.kept()[a]) continue;
                dims[j] = w.count()[a];
                stride[j++] = w.step()[a] * inStride[a];
            }
            return new Window(dims, stride, base);
        }
    }
}
