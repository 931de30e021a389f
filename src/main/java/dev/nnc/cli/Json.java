package dev.nnc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.nnc.ir.Shape;

/** Tensors as JSON: scalars as numbers, tensors as nested lists in row-major order. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Json() {}

    static JsonNode tensor(Shape shape, double[] data) {
        if (shape.isScalar()) return number(data[0]);
        int[] offset = {0};
        return nest(shape, data, 0, offset);
    }

    private static JsonNode nest(Shape shape, double[] data, int axis, int[] offset) {
        ArrayNode a = F.arrayNode();
        for (int i = 0; i < shape.dim(axis); i++) {
            a.add(axis == shape.rank() - 1 ? number(data[offset[0]++]) : nest(shape, data, axis + 1, offset));
        }
        return a;
    }

    /** Non-finite numbers have no JSON form; they are written as the strings "NaN", "Infinity", "-Infinity". */
    static JsonNode number(double v) {
        return Double.isFinite(v) ? F.numberNode(v) : F.textNode(Double.toString(v));
    }

    static JsonNode shape(Shape s) {
        ArrayNode a = F.arrayNode();
        for (int d : s.dims()) a.add(d);
        return a;
    }
}
