package dev.nnc.ir;

/** A shape rule refused its operands; lowering turns it into a positioned error. */
public final class ShapeException extends RuntimeException {
    public ShapeException(String message) {
        super(message, null, false, false);
    }
}
