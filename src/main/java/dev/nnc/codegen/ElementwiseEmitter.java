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

    ElementwiseEmitter(Storage storage) {
        this.storage = storage;
    }

    CodeBlock emit(Node root) {
        Shape out = root.shape();
        String dst = storage.array(root);
        CodeBlock.Builder b = CodeBlock.builder();
        if (out.size() == 1) {
            this.vars = new String[out.rank()];   // every index 0
            b.addStatement("$N[0] = $L", dst, expression(root, leaf -> CodeBlock.of("0")).code());
            return b.build();
        }
        boolean flat = !hasFusedProduct(root);
        for (Node leaf : leaves(root)) flat &= isAligned(leaf.shape(), out) || isSingle(leaf.shape(), out);
        Loops loops = new Loops(b);
        if (flat) {
            String i = loops.loop("i", out.size());
            CodeBlock at = CodeBlock.of("$L", i);
            Expr e = expression(root, leaf -> isSingle(leaf.shape(), out) ? CodeBlock.of("0") : at);
            b.addStatement("$N[$L] = $L", dst, at, e.code());
        } else {
            String[] vars = loops.loops("i", out.dims());
            this.vars = vars;
            Expr e = expression(root, leaf -> Index.linear(vars, broadcastStrides(leaf.shape(), out)).code());
            b.addStatement("$N[$L] = $L", dst, Index.linear(vars, out.strides()).code(), e.code());
        }
        loops.close();
        return b.build();
    }

    /** The output's loop variables, for fused products (which sit at the output's shape). */
    private String[] vars;

    /** The op of {@code n} over its operands, fused operands expanded in place. */
    private Expr expression(Node n, Function<Node, CodeBlock> indexOf) {
        if (n.op() == dev.nnc.ir.Op.MATMUL) return product(n);
        List<Expr> operands = new ArrayList<>(n.inputs().size());
        for (Node in : n.inputs()) {
            operands.add(storage.schedule().fused(in) ? expression(in, indexOf) : storage.element(in, indexOf.apply(in)));
        }
        return ScalarTemplate.of(n.op(), storage.scalar()).apply(operands);
    }

    /**
     * A fused [m, k] @ [k, n] at (i, j): {@code ((0 + a[i, 0]·b[0, j]) + a[i, 1]·b[1, j]) …}, the
     * interpreter's sum from 0.0 in ascending p, written out.
     */
    private Expr product(Node n) {
        int k = n.input(0).shape().dim(1), cols = n.shape().dim(1);
        String i = vars[vars.length - 2], j = vars[vars.length - 1];
        ScalarType t = storage.scalar();
        CodeBlock sum = t.literal(0.0).code();
        for (int p = 0; p < k; p++) {
            Expr a = storage.element(n.input(0), Index.of(p).plus(i, k).code());
            Expr b = storage.element(n.input(1), Index.of(p * cols).plus(j, 1).code());
            sum = CodeBlock.of("($L + $L * $L)", sum, a.operand(), b.operand());
        }
        return Expr.atom(sum);
    }

    private boolean hasFusedProduct(Node root) {
        List<Node> stack = new ArrayList<>(root.inputs());
        while (!stack.isEmpty()) {
            Node n = stack.remove(stack.size() - 1);
            if (!storage.schedule().fused(n)) continue;
            if (n.op() == dev.nnc.ir.Op.MATMUL) return true;
            stack.addAll(n.inputs());
        }
        return false;
    }

    /** The arrays the loop body reads: the non-fused operands of the root and its fused nodes. */
    private List<Node> leaves(Node root) {
        List<Node> out = new ArrayList<>();
        List<Node> stack = new ArrayList<>(root.inputs());
        while (!stack.isEmpty()) {
            Node n = stack.remove(stack.size() - 1);
            if (storage.schedule().fused(n)) stack.addAll(n.inputs());
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
