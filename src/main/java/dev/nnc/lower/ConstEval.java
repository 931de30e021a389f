package dev.nnc.lower;

import dev.nnc.diag.CompileError;
import dev.nnc.diag.Span;
import dev.nnc.interp.Interpreter;
import dev.nnc.interp.Tensor;
import dev.nnc.ir.Dag;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import java.util.List;

/** Values that must be known at compile time: sizes, axes, initial values. */
final class ConstEval {
    private ConstEval() {}

    /** The value of a node built from constants only, or an error at {@code span}. */
    static Tensor tensor(Node node, Span span, String what) {
        for (Node n : Dag.topo(List.of(node))) {
            if (n.op() == Op.PARAM || n.op() == Op.INPUT) {
                throw new CompileError(span, what + " must be a constant, but it uses '" + n.leafName() + "'");
            }
        }
        return Interpreter.evaluate(List.of(node), n -> null).get(node);
    }

    static int integer(Node node, Span span, String what) {
        Tensor t = tensor(node, span, what);
        if (!t.shape().isScalar()) throw new CompileError(span, what + " must be a single integer, not a tensor of shape " + t.shape());
        double v = t.item();
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) throw new CompileError(span, what + " must be an integer, got " + Values.format(v));
        return (int) v;
    }

    static double number(Node node, Span span, String what) {
        Tensor t = tensor(node, span, what);
        if (!t.shape().isScalar()) throw new CompileError(span, what + " must be a number, not a tensor of shape " + t.shape());
        return t.item();
    }
}
