package dev.nnc.ir;

import java.util.Arrays;

/** A static tensor shape; rank 0 is a scalar. Immutable. */
public final class Shape {
    public static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;
    private final long size;

    private Shape(int[] dims) {
        this.dims = dims;
        long n = 1;
        for (int d : dims) n = Math.multiplyExact(n, (long) d);
        this.size = n;
    }

    public static Shape of(int... dims) {
        for (int d : dims) if (d < 0) throw new ShapeException("negative size " + d);
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    public int rank() { return dims.length; }

    public int dim(int axis) { return dims[axis]; }

    public int[] dims() { return dims.clone(); }

    /** Element count; {@link #size} fits an int for every shape that was allowed to be built. */
    public int size() { return (int) size; }

    public long sizeLong() { return size; }

    public boolean isScalar() { return dims.length == 0; }

    /** Row-major strides. */
    public int[] strides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) { s[i] = acc; acc *= dims[i]; }
        return s;
    }

    /** NumPy broadcasting of two shapes, or null when they do not broadcast. */
    public static Shape broadcast(Shape a, Shape b) {
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.rank() ? 1 : a.dims[i - (rank - a.rank())];
            int db = i < rank - b.rank() ? 1 : b.dims[i - (rank - b.rank())];
            if (da != db && da != 1 && db != 1) return null;
            out[i] = da == 1 ? db : da;
        }
        return Shape.of(out);
    }

    /** Normalises a possibly negative axis against this rank. */
    public int axis(int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= Math.max(1, dims.length) || dims.length == 0) {
            throw new ShapeException("axis " + axis + " is out of range for a tensor of shape " + this);
        }
        return a;
    }

    @Override public boolean equals(Object o) { return o instanceof Shape s && Arrays.equals(dims, s.dims); }

    @Override public int hashCode() { return Arrays.hashCode(dims); }

    /** `[2, 3]`, or `scalar`. */
    @Override
    public String toString() {
        if (dims.length == 0) return "scalar";
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) b.append(i == 0 ? "" : ", ").append(dims[i]);
        return b.append(']').toString();
    }
}
