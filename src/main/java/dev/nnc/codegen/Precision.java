package dev.nnc.codegen;

/**
 * The floating-point type a generated class computes in. Either way the class implements
 * {@link dev.nnc.runtime.GeneratedModel} with {@code double[]} arrays; a {@link #FLOAT32} class
 * keeps its tensors, constants and optimizer state in {@code float[]} and converts at the
 * boundary of every method.
 */
public enum Precision {
    /** Every tensor a {@code double[]}; bit-identical to the reference interpreter. */
    FLOAT64,
    /** Every tensor a {@code float[]}, accumulators included, as PyTorch's float32 on the CPU. */
    FLOAT32
}
