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
 * which is the order in which the interpreter accumulates, so sums agree to the last bit. The
 * max shift, the {@code ±∞ → 0} rule and the operation order are the interpreter's.
 */
final class ReductionEmitter {
    private final Storage storage;

    ReductionEmitter(Storage storage) {
        this.storage = storage;
    }

    CodeBlock sum(Node n) {
        Group g = new Group(n.input(0).shape(), ((Attr.Axes) n.attr()).axes());
        CodeBlock.Builder b = CodeBlock.builder();
        Loops outer = g.open(b);
        b.addStatement("double s = 0.0");
        g.each(b, (body, x) -> body.addStatement("s += $L", element(n, x).code()));
        b.addStatement("$N[$L] = s", storage.array(n), g.reducedIndex());
        outer.close();
        return b.build();
    }

    CodeBlock logsumexp(Node n) {
        Group g = new Group(n.input(0).shape(), ((Attr.Axes) n.attr()).axes());
        CodeBlock.Builder b = CodeBlock.builder();
        Loops outer = g.open(b);
        maxAndSum(n, g, b);
        b.addStatement("$N[$L] = m + $T.log(s)", storage.array(n), g.reducedIndex(), Math.class);
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
            g.each(b, (body, x) -> body.addStatement("$N[$L] = $T.exp($L - m) / s", dst, x, Math.class,
                    element(n, x).operand()));
        } else {
            b.addStatement("double l = $T.log(s)", Math.class);
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
        b.addStatement("double best = $T.NEGATIVE_INFINITY", Double.class);
        b.addStatement("double arg = -1.0");
        g.each(b, (body, x) -> {
            body.addStatement("double xv = $L", element(n, x).code());
            body.beginControlFlow("if (arg < 0.0 || xv > best || (xv != xv && best == best))");
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
        b.addStatement("double m = $T.NEGATIVE_INFINITY", Double.class);
        g.each(b, (body, x) -> body.addStatement("m = $T.max(m, $L)", Math.class, element(n, x).code()));
        b.addStatement("if ($T.isInfinite(m)) m = 0.0", Double.class);
        b.addStatement("double s = 0.0");
        g.each(b, (body, x) -> body.addStatement("s += $T.exp($L - m)", Math.class, element(n, x).operand()));
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
            int[] dims = in.dims();
            for (int a = 0; a < dims.length; a++) if (reduced[a]) dims[a] = 1;
            return Index.linear(vars, Shape.of(dims).strides()).code();
        }
    }
}
