package dev.nnc.api;

import dev.nnc.ast.Program;
import dev.nnc.autodiff.ReverseMode;
import dev.nnc.codegen.Plan;
import dev.nnc.diag.CompileError;
import dev.nnc.diag.Source;
import dev.nnc.diag.Span;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.lower.Lowering;
import dev.nnc.lower.Model;
import dev.nnc.simplify.Simplifier;
import dev.nnc.syntax.Parsing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The passes, in order. Each is a function of the previous one's result. */
final class Pipeline {
    private final Map<String, Long> nanos = new LinkedHashMap<>();

    static Compilation run(Source source, Options options) {
        return new Pipeline().compile(source, options);
    }

    private Compilation compile(Source source, Options options) {
        Program program = timed("parse", () -> Parsing.parse(source));
        Model lowered = timed("lower", () -> Lowering.lower(program, options.settings()));
        Simplifier.Result forward = timed("simplify-forward", () -> Simplifier.simplify(lowered.graph(), lowered.namedNodes()));
        Model model = lowered.mapNodes(forward::of);

        String objective = objectiveName(model, options);
        ReverseMode.Result derivation = null;
        Simplifier.Result backward = null;
        Map<String, Node> gradients = new LinkedHashMap<>();
        if (objective != null) {
            Node f = objectiveNode(model, objective);
            // the params always, so that an optimizer step can follow; then whatever else was asked
            Map<String, Node> wrt = wrtNodes(model, List.of());
            wrt.putAll(wrtNodes(model, options.wrt()));
            derivation = timed("differentiate", () -> ReverseMode.differentiate(model.graph(), f, new ArrayList<>(wrt.values())));
            ReverseMode.Result d = derivation;
            backward = timed("simplify-gradient", () -> Simplifier.simplify(model.graph(), d.gradients().values()));
            for (var e : wrt.entrySet()) gradients.put(e.getKey(), backward.of(derivation.gradients().get(e.getValue())));
        }
        boolean trainsObjective = model.training() != null && model.training().objective().equals(objective);
        Plan plan = Plans.of(model, gradients, className(source, options), trainsObjective);
        return new Compilation(lowered, forward, model, objective, derivation, backward, gradients, plan, nanos);
    }

    private <T> T timed(String stage, Supplier<T> pass) {
        long t0 = System.nanoTime();
        T result = pass.get();
        nanos.put(stage, System.nanoTime() - t0);
        return result;
    }

    Map<String, Long> nanos() {
        return nanos;
    }

    private static String objectiveName(Model model, Options options) {
        if (options.of() != null) return options.of();
        return model.training() == null ? null : model.training().objective();
    }

    private static Node objectiveNode(Model model, String name) {
        Model.Definition d = model.definitions().get(name);
        if (d == null) {
            throw new CompileError(Span.NONE, "--of " + name + ": the file has no definition named '" + name + "'");
        }
        if (!d.node().shape().isScalar()) {
            throw new CompileError(d.span(), "--of " + name + ": a gradient needs a scalar, but '" + name + "' has shape " + d.node().shape());
        }
        return d.node();
    }

    /** Params by default; otherwise the named params, inputs or definitions, in the order given. */
    private static Map<String, Node> wrtNodes(Model model, List<String> names) {
        Map<String, Node> out = new LinkedHashMap<>();
        if (names.isEmpty()) {
            for (Model.Leaf p : model.params()) out.put(p.name(), p.node());
            return out;
        }
        for (String name : names) {
            Model.Leaf leaf = model.param(name) != null ? model.param(name) : model.input(name);
            Model.Definition def = model.definitions().get(name);
            if (leaf != null) out.put(name, leaf.node());
            else if (def != null) out.put(name, def.node());
            else throw new CompileError(Span.NONE, "--wrt " + name + ": the file has no param, input or definition named '" + name + "'");
        }
        return out;
    }

    private static String className(Source source, Options options) {
        if (options.className() != null) return options.className();
        return ClassNames.forFile(source.name());
    }

    static Graph graphOf(Compilation c) {
        return c.model().graph();
    }
}
