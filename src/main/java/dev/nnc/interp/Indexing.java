package dev.nnc.interp;

import dev.nnc.ir.Attr;
import dev.nnc.ir.Shape;
import java.util.Arrays;

/** Index arithmetic of the interpreter: for each element of one shape, its offset in another. */
public final class Indexing {
    private Indexing() {}

    /** Offsets {@code base + Σ idx[i]·stride[i]} for every multi-index of {@code shape}, row-major. */
    static int[] offsets(Shape shape, int[] stride, int base) {
        int n = shape.size();
        int[] out = new int[n];
        int rank = shape.rank();
        int[] idx = new int[rank];
        int off = base;
        for (int i = 0; i < n; i++) {
            out[i] = off;
            for (int a = rank - 1; a >= 0; a--) {
                idx[a]++;
                off += stride[a];
                if (idx[a] < shape.dim(a)) break;
                off -= stride[a] * idx[a];
                idx[a] = 0;
            }
        }
        return out;
    }

    /** For each element of {@code out}, the offset of the element of {@code in} broadcast onto it. */
    public static int[] broadcastOffsets(Shape in, Shape out) {
        int[] stride = new int[out.rank()];
        int[] inStride = in.strides();
        int lead = out.rank() - in.rank();
        for (int a = 0; a < in.rank(); a++) stride[lead + a] = in.dim(a) == 1 ? 0 : inStride[a];
        return offsets(out, stride, 0);
    }

    /** For each element of the window's result, its offset in a tensor of shape {@code in}. */
    public static int[] windowOffsets(Attr.Window w, Shape in) {
        int[] inStride = in.strides();
        int base = 0;
        int kept = 0;
        for (int a = 0; a < in.rank(); a++) { base += w.start()[a] * inStride[a]; if (w.kept()[a]) kept++; }
        int[] dims = new int[kept];
        int[] stride = new int[kept];
        for (int a = 0, j = 0; a < in.rank(); a++) {
            if (!w.kept()[a]) continue;
            dims[j] = w.count()[a];
            stride[j++] = w.step()[a] * inStride[a];
        }
        return offsets(Shape.of(dims), stride, base);
    }

    /** For each element of {@code in}, the flat offset of its group after reducing {@code axes}. */
    public static int[] reduceOffsets(Shape in, int[] axes) {
        int[] reducedDims = in.dims();
        for (int a : axes) reducedDims[a] = 1;
        int[] rStride = Shape.of(reducedDims).strides();
        for (int a : axes) rStride[a] = 0;
        return offsets(in, rStride, 0);
    }

    /** For each element of {@code in}, its index along {@code axis}. */
    static int[] axisPositions(Shape in, int axis) {
        int[] stride = new int[in.rank()];
        stride[axis] = 1;
        return offsets(in, stride, 0);
    }

    static String show(int[] a) {
        return Arrays.toString(a);
    }
}
