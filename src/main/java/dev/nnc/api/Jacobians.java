package dev.nnc.api;

import dev.nnc.ast.References;
import dev.nnc.ast.Stmt;
import dev.nnc.ir.Shape;
import dev.nnc.lower.Model;
import dev.nnc.syntax.Parsing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The edges of the graph a student draws from a file — each definition and the named values its
 * expression uses — with the shape of every edge Jacobian: ∂a/∂b as a size(a) × size(b) matrix.
 */
public final class Jacobians {
    private Jacobians() {}

    /** ∂of/∂wrt: the two tensors' shapes and the matrix they flatten to. */
    public record Edge(String of, String wrt, Shape ofShape, Shape wrtShape) {
        public long rows() { return ofShape.sizeLong(); }
        public long columns() { return wrtShape.sizeLong(); }
    }

    /** Every definition's edges to the params, inputs and definitions it names, in source order. */
    public static List<Edge> edges(Compilation c) {
        Map<String, Shape> shapes = shapes(c.model());
        List<Edge> out = new ArrayList<>();
        for (Stmt s : Parsing.parse(c.model().source()).statements()) {
            if (!(s instanceof Stmt.Def d)) continue;
            for (String name : References.of(d.value())) {
                if (shapes.containsKey(name) && !name.equals(d.name())) {
                    out.add(new Edge(d.name(), name, shapes.get(d.name()), shapes.get(name)));
                }
            }
        }
        return out;
    }

    /** ∂objective/∂v for every named v other than the objective. */
    public static List<Edge> gradients(Compilation c) {
        List<Edge> out = new ArrayList<>();
        if (c.objective() == null) return out;
        Map<String, Shape> shapes = shapes(c.model());
        Shape objective = shapes.get(c.objective());
        shapes.forEach((name, shape) -> {
            if (!name.equals(c.objective())) out.add(new Edge(c.objective(), name, objective, shape));
        });
        return out;
    }

    private static Map<String, Shape> shapes(Model m) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        m.params().forEach(p -> shapes.put(p.name(), p.node().shape()));
        m.inputs().stream().filter(i -> !i.name().contains("#")).forEach(i -> shapes.put(i.name(), i.node().shape()));
        m.definitions().values().forEach(d -> shapes.put(d.name(), d.node().shape()));
        return shapes;
    }
}
