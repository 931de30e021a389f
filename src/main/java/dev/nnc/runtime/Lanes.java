package dev.nnc.runtime;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector shapes generated code uses for the rows of broadcasting elementwise loops (which
 * C2 does not vectorise by itself: it gives up when the arrays of one loop are read at different
 * offsets). Referenced only by classes generated while the Vector API module is present.
 */
public final class Lanes {
    private Lanes() {}

    public static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    public static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    public static final int DOUBLES = D.length();
    public static final int FLOATS = F.length();

    /** {@link Kernels#step} lane by lane: 1 where x > 0, x itself where NaN, else +0. */
    public static DoubleVector step(DoubleVector x) {
        DoubleVector zero = DoubleVector.zero(D);
        return zero.blend(DoubleVector.broadcast(D, 1.0), x.compare(VectorOperators.GT, 0.0)).blend(x, x.test(VectorOperators.IS_NAN));
    }

    public static FloatVector step(FloatVector x) {
        FloatVector zero = FloatVector.zero(F);
        return zero.blend(FloatVector.broadcast(F, 1.0f), x.compare(VectorOperators.GT, 0.0f)).blend(x, x.test(VectorOperators.IS_NAN));
    }

    /**
     * Lanes where v replaces the running maximum m of a max-pooling scan, as {@link Kernels#firstMax}:
     * v &gt; m, or v is NaN.
     */
    public static VectorMask<Double> replaces(DoubleVector m, DoubleVector v) {
        return v.compare(VectorOperators.GT, m).or(v.compare(VectorOperators.NE, v));
    }

    public static VectorMask<Float> replaces(FloatVector m, FloatVector v) {
        return v.compare(VectorOperators.GT, m).or(v.compare(VectorOperators.NE, v));
    }
}
