package dev.nnc.interp;

import dev.nnc.ir.Shape;

/** A dense row-major float64 tensor value. The array is owned by whoever built it. */
public record Tensor(Shape shape, double[] data) {
    public Tensor {
        if (data.length != shape.size()) throw new IllegalArgumentException(data.length + " values for " + shape);
    }

    public static Tensor scalar(double v) {
        return new Tensor(Shape.SCALAR, new double[] {v});
    }

    public double item() {
        return data[0];
    }
}
