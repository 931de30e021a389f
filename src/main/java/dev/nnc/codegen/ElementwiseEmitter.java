package dev.nnc.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.nnc.ir.Node;
import dev.nnc.ir.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One loop for an elementwise node and the fused nodes inlined into it. The loop is flat when
 * every array read is either aligned with the output or a single element; otherwise one loop per
 * output axis, and each operand is indexed with its broadcast strides (0 on repeated axes).
 */
final class ElementwiseEmitter {
    private final Storage storage;
    private final LoopParts parts;

    ElementwiseEmitter(Storage storage, LoopParts parts) {
        this.storage = storage;
        this.parts = parts;
    }

    CodeBlock emit(Node root) {
        Node pool = storage.schedule().foldedPool(root);
        if (pool != null) return withPoolAdjoint(root, pool);
        Shape out = root.shape();
        String dst = storage.array(root);
        CodeBlock.Builder b = CodeBlock.builder();
        if (out.size() == 1) {
            this.vars = new String[out.rank()];   // every index 0
            b.addStatement("$N[0] = $L", dst, expression(root, leaf -> CodeBlock.of("0")).code());
            return b.build();
        }
        boolean flat = flat(root);
        Loops loops = new Loops(b);
        if (flat) {
            // elements are independent: two threads may take one half each
            boolean shared = parts.shares(out.size(), out.size());
            String i = shared ? loops.range("i") : loops.loop("i", out.size());
            CodeBlock at = CodeBlock.of("$L", i);
            Expr e = expression(root, leaf -> isSingle(leaf.shape(), out) ? CodeBlock.of("0") : at);
            b.addStatement("$N[$L] = $L", dst, at, e.code());
            if (shared) {
                loops.close();
                return parts.run(b.build(), out.size());
            }
        } else if (vectorRows(root)) {
            return rows(root);
        } else {
            String[] vars = loops.loops("i", out.dims());
            this.vars = vars;
            Expr e = expression(root, leaf -> Index.linear(vars, broadcastStrides(leaf.shape(), out)).code());
            b.addStatement("$N[$L] = $L", dst, Index.linear(vars, out.strides()).code(), e.code());
        }
        loops.close();
        return b.build();
    }

    // ---- rows in vectors ---------------------------------------------------------------------

    /** Rows at least this long go through the Vector API (two vectors of AVX-512 doubles). */
    static final int MIN_VECTOR_ROW = 16;

    /**
     * A broadcasting loop whose rows are long, whose every op has an exact lanewise form, and whose
     * every array is read either along the row or once per row: each row is computed in vectors
     * (a scalar loop finishes it), with the same IEEE operations in the same order as the scalar
     * expression, so the results are bit-identical. {@code -Dnnc.scalarRows=true} turns it off
     * (for comparisons).
     */
    /** Whether {@link #emit} writes {@code root}'s loop in Vector API lanes. */
    boolean inLanes(Node root) {
        return root.shape().size() > 1 && !flat(root) && vectorRows(root);
    }

    private boolean flat(Node root) {
        return flat(storage.schedule(), root);
    }

    /** One flat loop serves: every array read is aligned with the output or a single element. */
    static boolean flat(Schedule schedule, Node root) {
        boolean flat = !hasFusedProduct(schedule, root);
        for (Node leaf : leaves(schedule, root)) flat &= isAligned(leaf.shape(), root.shape()) || isSingle(leaf.shape(), root.shape());
        return flat;
    }

    private boolean vectorRows(Node root) {
        Shape out = root.shape();
        if (!dev.nnc.runtime.Gemm.vectorised() || Boolean.getBoolean("nnc.scalarRows") || out.rank() < 2 || out.dim(out.rank() - 1) < MIN_VECTOR_ROW) return false;
        List<Node> stack = new ArrayList<>(List.of(root));
        while (!stack.isEmpty()) {
            Node n = stack.remove(stack.size() - 1);
            if (n != root && !storage.schedule().fused(n)) {
                if (!isSplat(n) && !alongOrAcross(n.shape(), out)) return false;
                continue;
            }
            if (n.op() == dev.nnc.ir.Op.MATMUL) {
                if (n.input(1).shape().dim(1) != out.dim(out.rank() - 1) || isSplat(n.input(0)) || isSplat(n.input(1))) return false;
                continue;
            }
            if (!VECTOR_OPS.contains(n.op())) return false;
            stack.addAll(n.inputs());
        }
        return true;
    }

    private static final java.util.Set<dev.nnc.ir.Op> VECTOR_OPS = java.util.EnumSet.of(dev.nnc.ir.Op.ADD, dev.nnc.ir.Op.SUB,
            dev.nnc.ir.Op.MUL, dev.nnc.ir.Op.DIV, dev.nnc.ir.Op.NEG, dev.nnc.ir.Op.MAX, dev.nnc.ir.Op.MIN, dev.nnc.ir.Op.RELU,
            dev.nnc.ir.Op.STEP, dev.nnc.ir.Op.ABS, dev.nnc.ir.Op.SQRT, dev.nnc.ir.Op.LT, dev.nnc.ir.Op.LE, dev.nnc.ir.Op.GT,
            dev.nnc.ir.Op.GE, dev.nnc.ir.Op.EQ, dev.nnc.ir.Op.NE);

    private static boolean isSplat(Node n) {
        Node s = Schedule.storage(n);
        return s.op() == dev.nnc.ir.Op.CONST && ((dev.nnc.ir.Attr.Data) s.attr()).isSplat();
    }

    /** Read along the output's last axis (stride 1) or fixed along it (stride 0). */
    private static boolean alongOrAcross(Shape in, Shape out) {
        int stride = broadcastStrides(in, out)[out.rank() - 1];
        return stride == 0 || stride == 1;
    }

    private CodeBlock rows(Node root) {
        Shape out = root.shape();
        int last = out.rank() - 1, n = out.dim(last);
        boolean f = storage.scalar().isFloat();
        String lanes = f ? "FLOATS" : "DOUBLES";
        CodeBlock.Builder b = CodeBlock.builder();
        Loops loops = new Loops(b);
        String[] vars = new String[out.rank()];
        // rows are independent: two threads may take half of the outer axis each
        boolean shared = last >= 1 && parts.shares(out.size(), out.dim(0));
        for (int a = 0; a < last; a++) vars[a] = shared && a == 0 ? loops.range("i0") : loops.loop("i" + a, out.dim(a));
        loops.scope();
        vars[last] = "j";
        this.vars = vars;
        String dst = storage.array(root);
        CodeBlock at = Index.linear(vars, out.strides()).code();
        b.add("// the row in vector lanes, then its last elements one by one\n");
        b.addStatement("int j = 0");
        b.beginControlFlow("for (; j <= $L - $T.$L; j += $T.$L)", n, dev.nnc.runtime.Lanes.class, lanes, dev.nnc.runtime.Lanes.class, lanes);
        b.addStatement("$L.intoArray($N, $L)", vector(root, out, true), dst, at);
        b.endControlFlow();
        b.beginControlFlow("for (; j < $L; j++)", n);
        b.addStatement("$N[$L] = $L", dst, at, expression(root, leaf -> Index.linear(vars, broadcastStrides(leaf.shape(), out)).code()).code());
        b.endControlFlow();
        loops.close();
        return shared ? parts.run(b.build(), out.dim(0)) : b.build();
    }

    /** The lanewise form of the scalar expression of {@code n} at lanes j … j + L − 1. */
    private CodeBlock vector(Node n, Shape out, boolean top) {
        boolean f = storage.scalar().isFloat();
        Class<?> type = f ? jdk.incubator.vector.FloatVector.class : jdk.incubator.vector.DoubleVector.class;
        CodeBlock species = CodeBlock.of("$T.$L", dev.nnc.runtime.Lanes.class, f ? "F" : "D");
        if (isSplat(n)) {
            return CodeBlock.of("$T.broadcast($L, $L)", type, species, storage.element(n, CodeBlock.of("0")).code());
        }
        if (n == adjoint) return CodeBlock.of("$T.broadcast($L, $L)", type, species, adjointValue.code());
        if (!top && !storage.schedule().fused(n)) {
            if (flatIndex != null) {
                return isSingle(n.shape(), out) ? CodeBlock.of("$T.broadcast($L, $L)", type, species, storage.element(n, CodeBlock.of("0")).code())
                        : CodeBlock.of("$T.fromArray($L, $N, $L)", type, species, storage.array(n), flatIndex);
            }
            int[] strides = broadcastStrides(n.shape(), out);
            CodeBlock index = Index.linear(vars, strides).code();
            return strides[out.rank() - 1] == 1
                    ? CodeBlock.of("$T.fromArray($L, $N, $L)", type, species, storage.array(n), index)
                    : CodeBlock.of("$T.broadcast($L, $L)", type, species, storage.element(n, index).code());
        }
        CodeBlock zero = CodeBlock.of("$T.broadcast($L, $L)", type, species, storage.scalar().literal(0.0).code());
        CodeBlock one = CodeBlock.of("$T.broadcast($L, $L)", type, species, storage.scalar().literal(1.0).code());
        if (n.op() == dev.nnc.ir.Op.MATMUL) {
            int k = n.input(0).shape().dim(1), cols = n.shape().dim(1);
            String i = vars[vars.length - 2];
            CodeBlock sum = zero;
            for (int p = 0; p < k; p++) {
                CodeBlock a = CodeBlock.of("$T.broadcast($L, $L)", type, species,
                        storage.element(n.input(0), Index.of(p).plus(i, k).code()).code());
                CodeBlock bv = CodeBlock.of("$T.fromArray($L, $N, $L)", type, species, storage.array(n.input(1)),
                        Index.of(p * cols).plus("j", 1).code());
                sum = CodeBlock.of("$L.fma($L, $L)", a, bv, sum);
            }
            return sum;
        }
        CodeBlock x = vector(n.input(0), out, false);
        CodeBlock y = n.inputs().size() > 1 ? vector(n.input(1), out, false) : null;
        Class<?> ops = jdk.incubator.vector.VectorOperators.class;
        return switch (n.op()) {
            case ADD -> CodeBlock.of("$L.add($L)", x, y);
            case SUB -> CodeBlock.of("$L.sub($L)", x, y);
            case MUL -> CodeBlock.of("$L.mul($L)", x, y);
            case DIV -> CodeBlock.of("$L.div($L)", x, y);
            case NEG -> CodeBlock.of("$L.neg()", x);
            case MAX -> CodeBlock.of("$L.max($L)", x, y);
            case MIN -> CodeBlock.of("$L.min($L)", x, y);
            case RELU -> CodeBlock.of("$L.max($L)", x, zero);
            case ABS -> CodeBlock.of("$L.abs()", x);
            case SQRT -> CodeBlock.of("$L.lanewise($T.SQRT)", x, ops);
            // [x > 0], and NaN where x is NaN, as Kernels.step
            case STEP -> CodeBlock.of("$T.step($L)", dev.nnc.runtime.Lanes.class, x);
            case LT, LE, GT, GE, EQ, NE -> CodeBlock.of("$L.blend($L, $L.compare($T.$L, $L))", zero, one, x, ops, n.op().name(), y);
            default -> throw new IllegalStateException(n.op() + " has no lanewise form");
        };
    }

    /** The output's loop variables, for fused products (which sit at the output's shape). */
    private String[] vars;
    /** While a flat loop is written in lanes: its index (every array read aligned or a single element). */
    private String flatIndex;

    /** Whether every op {@code root} computes, down to its arrays (and a folded adjoint), has a lanewise form. */
    private boolean lanewise(Node root) {
        if (!dev.nnc.runtime.Gemm.vectorised() || Boolean.getBoolean("nnc.scalarRows")) return false;
        List<Node> stack = new ArrayList<>(List.of(root));
        while (!stack.isEmpty()) {
            Node n = stack.remove(stack.size() - 1);
            if (n == adjoint || isSplat(n) || n != root && !storage.schedule().fused(n)) continue;
            if (!VECTOR_OPS.contains(n.op())) return false;
            stack.addAll(n.inputs());
        }
        return true;
    }

    /**
     * A flat loop with a maxpool adjoint folded in (see Schedule): the windows do not overlap, so
     * the adjoint (zeros, then each pooled gradient added at its window's maximum) is 0 + g at a
     * maximum and 0 elsewhere. The loop runs with the adjoint at 0, then again at each maximum with
     * it at 0 + g: the same operations on the same values as through its own array. One plane at a
     * time, so that the second pass finds the plane in cache.
     */
    private CodeBlock withPoolAdjoint(Node root, Node pool) {
        Shape out = root.shape();
        String dst = storage.array(root);
        ScalarType t = storage.scalar();
        Node g = pool.input(1);
        String argmax = storage.argmaxArray(storage.schedule().argmaxSource(pool));
        int planes = out.dim(0) * out.dim(1), plane = out.dim(2) * out.dim(3), pooled = g.shape().dim(2) * g.shape().dim(3);
        // planes are independent: two threads may take one half each
        boolean shared = parts.shares(out.size(), planes);
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("// maxpool's gradient folded in (windows do not overlap): 0 over the plane, then 0 + g at each window's maximum\n");
        if (shared) b.beginControlFlow("for (int i0 = lo; i0 < hi; i0++)");
        else b.beginControlFlow("for (int i0 = 0; i0 < $L; i0++)", planes);
        adjoint = pool;
        adjointValue = t.literal(0);
        if (lanewise(root)) {
            // the plane in lanes, then its last elements (25,600 doubles of 0·step(x): 8.0 µs against
            // 10.5 for the scalar formula as C2 compiles it; floats 4.9 against 5.2)
            Class<?> lanes = dev.nnc.runtime.Lanes.class;
            String count = t.isFloat() ? "FLOATS" : "DOUBLES";
            b.add("{\n").indent();
            b.addStatement("int i = i0 * $L", plane);
            b.beginControlFlow("for (; i <= i0 * $L + $L - $T.$L; i += $T.$L)", plane, plane, lanes, count, lanes, count);
            flatIndex = "i";
            b.addStatement("$L.intoArray($N, i)", vector(root, out, true), dst);
            flatIndex = null;
            b.endControlFlow();
            b.beginControlFlow("for (; i < i0 * $L + $L; i++)", plane, plane);
        } else {
            b.beginControlFlow("for (int i = i0 * $L; i < i0 * $L + $L; i++)", plane, plane, plane);
        }
        b.addStatement("$N[i] = $L", dst, expression(root, leaf -> isSingle(leaf.shape(), out) ? CodeBlock.of("0") : CodeBlock.of("i")).code());
        b.endControlFlow();
        if (lanewise(root)) b.unindent().add("}\n");
        adjointValue = ScalarTemplate.of(dev.nnc.ir.Op.ADD, t).apply(List.of(t.literal(0), storage.element(g, CodeBlock.of("i"))));
        b.beginControlFlow("for (int i = i0 * $L; i < i0 * $L + $L; i++)", pooled, pooled, pooled);
        b.addStatement("int k = $N[i]", argmax);
        scattered = true;
        b.addStatement("$N[k] = $L", dst, expression(root, leaf -> isSingle(leaf.shape(), out) ? CodeBlock.of("0") : CodeBlock.of("k")).code());
        scattered = false;
        b.endControlFlow();
        b.endControlFlow();
        adjoint = null;
        if (!shared) return b.build();
        CodeBlock.Builder call = CodeBlock.builder();
        call.add("// maxpool's gradient folded in, planes shared by two threads (Parts.Shared.run)\n");
        return call.add(parts.run(b.build(), planes)).build();
    }

    /** While a folded loop is written: the maxpool adjoint and the expression standing for its element. */
    private Node adjoint;
    private Expr adjointValue;
    /** While a scatter through argmax indices is written: steps take {@code Kernels.stepScattered}. */
    private boolean scattered;
    private static final String SCATTERED_STEP = "Kernels.stepScattered(%s)";

    /** The op of {@code n} over its operands, fused operands expanded in place. */
    private Expr expression(Node n, Function<Node, CodeBlock> indexOf) {
        if (n.op() == dev.nnc.ir.Op.MATMUL) return product(n);
        List<Expr> operands = new ArrayList<>(n.inputs().size());
        for (Node in : n.inputs()) {
            if (in == adjoint) operands.add(adjointValue);
            else operands.add(storage.schedule().fused(in) ? expression(in, indexOf) : storage.element(in, indexOf.apply(in)));
        }
        ScalarTemplate template = scattered && n.op() == dev.nnc.ir.Op.STEP
                ? ScalarTemplate.parse(SCATTERED_STEP, storage.scalar()) : ScalarTemplate.of(n.op(), storage.scalar());
        return template.apply(operands);
    }

    /**
     * A fused [m, k] @ [k, n] at (i, j): {@code fma(a[i, 1], b[1, j], fma(a[i, 0], b[0, j], 0)) …},
     * the interpreter's fused multiply-adds from 0.0 in ascending p, written out.
     */
    private Expr product(Node n) {
        int k = n.input(0).shape().dim(1), cols = n.shape().dim(1);
        String i = vars[vars.length - 2], j = vars[vars.length - 1];
        ScalarType t = storage.scalar();
        CodeBlock sum = t.literal(0.0).code();
        for (int p = 0; p < k; p++) {
            Expr a = storage.element(n.input(0), Index.of(p).plus(i, k).code());
            Expr b = storage.element(n.input(1), Index.of(p * cols).plus(j, 1).code());
            sum = CodeBlock.of("Math.fma($L, $L, $L)", a.code(), b.code(), sum);
        }
        return Expr.atom(sum);
    }

    private static boolean hasFusedProduct(Schedule schedule, Node root) {
        List<Node> stack = new ArrayList<>(root.inputs());
        while (!stack.isEmpty()) {
            Node n = stack.remove(stack.size() - 1);
            if (!schedule.fused(n)) continue;
            if (n.op() == dev.nnc.ir.Op.MATMUL) return true;
            stack.addAll(n.inputs());
        }
        return false;
    }

    /** The arrays the loop body reads: the non-fused operands of the root and its fused nodes. */
    private static List<Node> leaves(Schedule schedule, Node root) {
        List<Node> out = new ArrayList<>();
        List<Node> stack = new ArrayList<>(root.inputs());
        while (!stack.isEmpty()) {
            Node n = stack.remove(stack.size() - 1);
            if (schedule.fused(n)) stack.addAll(n.inputs());
            else out.add(n);
        }
        return out;
    }

    /** Per output axis, the stride of {@code in} broadcast onto {@code out} (0 where repeated). */
    static int[] broadcastStrides(Shape in, Shape out) {
        int[] stride = new int[out.rank()];
        int[] inStride = in.strides();
        int lead = out.rank() - in.rank();
        for (int a = 0; a < in.rank(); a++) stride[lead + a] = in.dim(a) == 1 ? 0 : inStride[a];
        return stride;
    }

    private static boolean isAligned(Shape in, Shape out) {
        int[] b = broadcastStrides(in, out);
        int[] s = out.strides();
        for (int a = 0; a < out.rank(); a++) if (out.dim(a) != 1 && b[a] != s[a]) return false;
        return true;
    }

    private static boolean isSingle(Shape in, Shape out) {
        int[] b = broadcastStrides(in, out);
        for (int a = 0; a < out.rank(); a++) if (out.dim(a) != 1 && b[a] != 0) return false;
        return true;
    }
}
