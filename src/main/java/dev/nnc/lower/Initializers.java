package dev.nnc.lower;

import dev.nnc.runtime.SplitMix64;
import dev.nnc.ast.Expr;
import dev.nnc.diag.CompileError;
import dev.nnc.interp.Tensor;
import dev.nnc.ir.Shape;

/**
 * zeros, ones, uniform(a, b), normal(mean, std), glorot, he: filled in row-major order from the
 * model's one seeded stream, in declaration order. glorot is U(−a, a), a = √(6/(fan_in+fan_out)),
 * drawn as (2u − 1)·a like the benchmark peers; fan_in is the first axis ([in, out] weights), and
 * for a convolution kernel [O, C, kh, kw] fan_in = C·kh·kw, fan_out = O·kh·kw (as PyTorch).
 */
final class Initializers {
    private Initializers() {}

    static Tensor draw(Expr.Call c, Shape shape, SplitMix64 random, ExprLowering exprs, Scope scope) {
        ExprLowering.Args args = new ExprLowering.Args(c, exprs, scope);
        double[] v = new double[shape.size()];
        switch (c.fn()) {
            case "zeros" -> args.expect(0);
            case "ones" -> {
                args.expect(0);
                java.util.Arrays.fill(v, 1.0);
            }
            case "uniform" -> {
                args.expect(2, "low", "high");
                double lo = args.number(0, "low", 0), hi = args.number(1, "high", 1);
                if (!(hi > lo)) throw new CompileError(c.span(), "uniform(low, high) needs low < high");
                for (int i = 0; i < v.length; i++) v[i] = lo + (hi - lo) * random.nextUnit();
            }
            case "normal" -> {
                args.expect(0, "mean", "std");
                double mean = args.number(0, "mean", 0), std = args.number(1, "std", 1);
                if (!(std >= 0)) throw new CompileError(c.span(), "normal(mean, std) needs std ≥ 0");
                for (int i = 0; i < v.length; i++) v[i] = mean + std * random.nextGaussian();
            }
            case "glorot", "he" -> {
                args.expect(0);
                int fanIn, fanOut;
                if (shape.rank() == 4) { // a convolution kernel [O, C, kh, kw], PyTorch's fans
                    int field = shape.dim(2) * shape.dim(3);
                    fanIn = shape.dim(1) * field;
                    fanOut = shape.dim(0) * field;
                } else {
                    fanIn = shape.rank() == 0 ? 1 : shape.dim(0);
                    fanOut = shape.rank() < 2 ? 1 : shape.dim(shape.rank() - 1);
                }
                if (c.fn().equals("glorot")) {
                    double a = Math.sqrt(6.0 / (fanIn + fanOut));
                    for (int i = 0; i < v.length; i++) v[i] = (2.0 * random.nextUnit() - 1.0) * a;
                } else {
                    double std = Math.sqrt(2.0 / fanIn);
                    for (int i = 0; i < v.length; i++) v[i] = std * random.nextGaussian();
                }
            }
            default -> throw new IllegalStateException(c.fn());
        }
        return new Tensor(shape, v);
    }
}
