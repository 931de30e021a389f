package dev.nnc.codegen;

import com.palantir.javapoet.CodeBlock;

/**
 * A Java expression of the generated class's scalar type and whether it binds tighter than any
 * operator it is put under (an array element, a call, a parenthesised expression, a non-negative
 * literal, a cast call {@code (float) Math.exp(x)}), so that an operand is parenthesised only
 * when it must be. Nothing is ever applied to an Expr from the right ({@code .}, {@code []}).
 */
record Expr(CodeBlock code, boolean atomic) {
    static Expr atom(CodeBlock code) {
        return new Expr(code, true);
    }

    static Expr compound(CodeBlock code) {
        return new Expr(code, false);
    }

    /** This expression as an operand of an operator. */
    CodeBlock operand() {
        return atomic ? code : CodeBlock.of("($L)", code);
    }
}
