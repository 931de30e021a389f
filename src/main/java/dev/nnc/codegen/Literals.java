package dev.nnc.codegen;

import com.palantir.javapoet.CodeBlock;

/**
 * Java source for a double (or a float) that reads back as exactly the same bits: the shortest
 * decimal when it round-trips and is a normal number or zero, a named constant for infinities and
 * the canonical NaN, else {@code Double.longBitsToDouble(0x…L)} ({@code Float.intBitsToFloat(0x…)}).
 */
final class Literals {
    private Literals() {}

    static Expr of(double v) {
        long bits = Double.doubleToRawLongBits(v);
        if (bits == Double.doubleToRawLongBits(Double.NaN)) return Expr.atom(CodeBlock.of("$T.NaN", Double.class));
        if (v == Double.POSITIVE_INFINITY) return Expr.atom(CodeBlock.of("$T.POSITIVE_INFINITY", Double.class));
        if (v == Double.NEGATIVE_INFINITY) return Expr.atom(CodeBlock.of("$T.NEGATIVE_INFINITY", Double.class));
        String text = Double.toString(v);
        boolean exact = !Double.isNaN(v) && Double.doubleToRawLongBits(Double.parseDouble(text)) == bits
                && (v == 0 || Math.abs(v) >= Double.MIN_NORMAL);
        if (!exact) {
            return Expr.atom(CodeBlock.of("$T.longBitsToDouble(0x$LL)", Double.class, Long.toHexString(bits)));
        }
        // "-1.5" is a unary minus applied to a literal: it needs parentheses inside an operator
        return text.startsWith("-") ? Expr.compound(CodeBlock.of("$L", text)) : Expr.atom(CodeBlock.of("$L", text));
    }

    /** The float counterpart: {@code 1.5f}, {@code Float.NaN}, else {@code Float.intBitsToFloat(0x…)}. */
    static Expr ofFloat(float v) {
        int bits = Float.floatToRawIntBits(v);
        if (bits == Float.floatToRawIntBits(Float.NaN)) return Expr.atom(CodeBlock.of("$T.NaN", Float.class));
        if (v == Float.POSITIVE_INFINITY) return Expr.atom(CodeBlock.of("$T.POSITIVE_INFINITY", Float.class));
        if (v == Float.NEGATIVE_INFINITY) return Expr.atom(CodeBlock.of("$T.NEGATIVE_INFINITY", Float.class));
        String text = Float.toString(v);
        boolean exact = !Float.isNaN(v) && Float.floatToRawIntBits(Float.parseFloat(text)) == bits
                && (v == 0 || Math.abs(v) >= Float.MIN_NORMAL);
        if (!exact) {
            return Expr.atom(CodeBlock.of("$T.intBitsToFloat(0x$L)", Float.class, Integer.toHexString(bits)));
        }
        return text.startsWith("-") ? Expr.compound(CodeBlock.of("$Lf", text)) : Expr.atom(CodeBlock.of("$Lf", text));
    }
}
