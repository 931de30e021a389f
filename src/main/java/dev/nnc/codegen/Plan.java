package dev.nnc.codegen;

import dev.nnc.ir.Node;
import dev.nnc.ir.Optimizer;
import java.util.List;

/**
 * Everything the code generator needs to know about one model, independent of how it was written.
 *
 * @param className   simple name of the class to generate (a valid Java identifier)
 * @param sourceName  the `.nn` file's name, for the header comment
 * @param sourceLines the `.nn` file's lines; a statement is commented with {@code sourceLines[span.line-1]}
 * @param params      PARAM leaves, in declaration order (the order of {@code params()})
 * @param inputs      INPUT leaves, in declaration order (the order of {@code inputs()})
 * @param values      named forward values computed by {@code forward()} (order of {@code values()})
 * @param gradients   named gradient nodes computed by {@code backward()} (order of {@code gradients()})
 * @param update      how {@code update()} changes params, or null when the file names no optimizer
 */
public record Plan(String className, String sourceName, List<String> sourceLines,
                   List<Node> params, List<Node> inputs,
                   List<Named> values, List<Named> gradients, Update update) {

    /** A node the caller reads by name. */
    public record Named(String name, Node node) {}

    /**
     * @param gradientOfParam for each param (by index), the index in {@code gradients} of its
     *                        gradient; every param has one (a zero constant when unreachable)
     */
    public record Update(Optimizer optimizer, boolean maximize, int[] gradientOfParam) {}
}
