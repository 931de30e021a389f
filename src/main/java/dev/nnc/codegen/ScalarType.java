package dev.nnc.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;

/**
 * The Java type generated code computes in, {@code double} or {@code float}: how to declare its
 * scalars and arrays, write its literals and bring a {@code Math} call's double result back to
 * it. For {@code double} everything prints exactly as it always has.
 */
final class ScalarType {
    static final ScalarType DOUBLE = new ScalarType(Precision.FLOAT64, TypeName.DOUBLE, Double.class);
    static final ScalarType FLOAT = new ScalarType(Precision.FLOAT32, TypeName.FLOAT, Float.class);

    private final Precision precision;
    private final TypeName type;
    private final Class<?> boxed;

    private ScalarType(Precision precision, TypeName type, Class<?> boxed) {
        this.precision = precision;
        this.type = type;
        this.boxed = boxed;
    }

    static ScalarType of(Precision precision) {
        return precision == Precision.FLOAT32 ? FLOAT : DOUBLE;
    }

    boolean isFloat() { return precision == Precision.FLOAT32; }

    /** {@code double} or {@code float}. */
    TypeName type() { return type; }

    /** {@code double[]} or {@code float[]}. */
    TypeName array() { return ArrayTypeName.of(type); }

    /** {@code Double} or {@code Float}, for {@code NEGATIVE_INFINITY} and {@code isInfinite}. */
    Class<?> boxed() { return boxed; }

    /** {@code v} in this type: a float type rounds it to nearest first. */
    double round(double v) {
        return isFloat() ? (double) (float) v : v;
    }

    /** A literal of this type with the value {@code v} (rounded to float for a float type). */
    Expr literal(double v) {
        return isFloat() ? Literals.ofFloat((float) v) : Literals.of(v);
    }

    /**
     * A call returning double (a {@code Math} function) as a value of this type: unchanged for
     * double, {@code (float) Math.exp(x)} for float.
     */
    Expr fromDouble(CodeBlock call) {
        return Expr.atom(isFloat() ? CodeBlock.of("(float) $L", call) : call);
    }
}
