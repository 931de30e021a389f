package dev.nnc.ir;

import dev.nnc.runtime.Kernels;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Every operation of the IR, one row each. Elementwise rows carry their scalar function (used by
 * the reference interpreter and by constant folding) and their Java template (used by the code
 * generator, {@code %s} for the operands); both call the same {@link Kernels} where the formula
 * is not a one-liner, so interpreted and compiled results agree bit for bit. Shape rules of the
 * structural rows live in {@link Graph}'s builder of that op; derivative rules in
 * {@code dev.nnc.autodiff.Derivatives}.
 */
public enum Op {
    // leaves
    PARAM(Kind.LEAF, "param"),
    INPUT(Kind.LEAF, "input"),
    CONST(Kind.LEAF, "const"),

    // elementwise, one operand
    NEG("-", x -> -x, "-%s"),
    SIN("sin", Math::sin, "Math.sin(%s)"),
    COS("cos", Math::cos, "Math.cos(%s)"),
    TAN("tan", Math::tan, "Math.tan(%s)"),
    EXP("exp", Math::exp, "Math.exp(%s)"),
    LOG("log", Math::log, "Math.log(%s)"),
    SQRT("sqrt", Math::sqrt, "Math.sqrt(%s)"),
    ABS("abs", Math::abs, "Math.abs(%s)"),
    TANH("tanh", Math::tanh, "Math.tanh(%s)"),
    SIGMOID("sigmoid", Kernels::sigmoid, "Kernels.sigmoid(%s)"),
    RELU("relu", Kernels::relu, "Kernels.relu(%s)"),
    SOFTPLUS("softplus", Kernels::softplus, "Kernels.softplus(%s)"),
    SIGN("sign", Kernels::sign, "Kernels.sign(%s)"),
    /** relu's derivative, [x > 0]; printed as that comparison. Branch-free, and NaN stays NaN. */
    STEP("step", Kernels::step, "Kernels.step(%s)"),

    // elementwise, two operands, NumPy broadcasting
    ADD("+", (a, b) -> a + b, "%s + %s"),
    SUB("-", (a, b) -> a - b, "%s - %s"),
    MUL("*", (a, b) -> a * b, "%s * %s"),
    DIV("/", (a, b) -> a / b, "%s / %s"),
    POW("^", Kernels::pow, "Kernels.pow(%s, %s)"),
    MAX("max", Kernels::max, "Kernels.max(%s, %s)"),
    MIN("min", Kernels::min, "Kernels.min(%s, %s)"),
    LT("<", (a, b) -> a < b ? 1 : 0, "(%s < %s ? 1.0 : 0.0)"),
    LE("<=", (a, b) -> a <= b ? 1 : 0, "(%s <= %s ? 1.0 : 0.0)"),
    GT(">", (a, b) -> a > b ? 1 : 0, "(%s > %s ? 1.0 : 0.0)"),
    GE(">=", (a, b) -> a >= b ? 1 : 0, "(%s >= %s ? 1.0 : 0.0)"),
    EQ("==", (a, b) -> a == b ? 1 : 0, "(%s == %s ? 1.0 : 0.0)"),
    NE("!=", (a, b) -> a != b ? 1 : 0, "(%s != %s ? 1.0 : 0.0)"),

    // structure: matrix product, axes and windows
    MATMUL(Kind.STRUCTURAL, "@"),
    TRANSPOSE(Kind.STRUCTURAL, "transpose"),
    RESHAPE(Kind.STRUCTURAL, "reshape"),
    BROADCAST(Kind.STRUCTURAL, "broadcast"),
    SLICE(Kind.STRUCTURAL, "slice"),
    UNSLICE(Kind.STRUCTURAL, "unslice"),

    // reductions and normalisations along axes
    SUM(Kind.STRUCTURAL, "sum"),
    LOGSUMEXP(Kind.STRUCTURAL, "logsumexp"),
    SOFTMAX(Kind.STRUCTURAL, "softmax"),
    LOG_SOFTMAX(Kind.STRUCTURAL, "log_softmax"),
    ARGMAX(Kind.STRUCTURAL, "argmax"),
    ONEHOT(Kind.STRUCTURAL, "onehot"),

    // convolution and pooling over NCHW tensors (cross-correlation, as PyTorch); each adjoint is an op
    CONV2D(Kind.STRUCTURAL, "conv2d"),
    CONV2D_BACK_INPUT(Kind.STRUCTURAL, "conv2d_back_input"),
    CONV2D_BACK_WEIGHT(Kind.STRUCTURAL, "conv2d_back_weight"),
    MAXPOOL(Kind.STRUCTURAL, "maxpool"),
    MAXPOOL_BACK(Kind.STRUCTURAL, "maxpool_back"),
    MAXPOOL_GATHER(Kind.STRUCTURAL, "maxpool_gather"),
    AVGPOOL(Kind.STRUCTURAL, "avgpool"),
    AVGPOOL_BACK(Kind.STRUCTURAL, "avgpool_back");

    public enum Kind { LEAF, UNARY, BINARY, STRUCTURAL }

    public final Kind kind;
    public final String symbol;
    public final DoubleUnaryOperator unary;
    public final DoubleBinaryOperator binary;
    public final String javaTemplate;

    Op(Kind kind, String symbol) {
        this(kind, symbol, null, null, null);
    }

    Op(String symbol, DoubleUnaryOperator f, String javaTemplate) {
        this(Kind.UNARY, symbol, f, null, javaTemplate);
    }

    Op(String symbol, DoubleBinaryOperator f, String javaTemplate) {
        this(Kind.BINARY, symbol, null, f, javaTemplate);
    }

    Op(Kind kind, String symbol, DoubleUnaryOperator unary, DoubleBinaryOperator binary, String javaTemplate) {
        this.kind = kind;
        this.symbol = symbol;
        this.unary = unary;
        this.binary = binary;
        this.javaTemplate = javaTemplate;
    }

    public boolean isElementwise() {
        return kind == Kind.UNARY || kind == Kind.BINARY;
    }

    public boolean isComparison() {
        return this == LT || this == LE || this == GT || this == GE || this == EQ || this == NE;
    }

    /** Infix operators print between their operands; the rest print as calls. */
    public boolean isInfix() {
        return this == ADD || this == SUB || this == MUL || this == DIV || this == POW || this == MATMUL || isComparison();
    }
}
