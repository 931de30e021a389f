package dev.nnc.api;

import dev.nnc.ast.Program;
import dev.nnc.autodiff.ReverseMode;
import dev.nnc.codegen.Plan;
import dev.nnc.data.Binder;
import dev.nnc.data.DataDims;
import dev.nnc.data.SplitData;
import dev.nnc.lower.Settings;
import dev.nnc.diag.CompileError;
import dev.nnc.diag.Source;
import dev.nnc.diag.Span;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.lower.InputHoisting;
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
        return new Pipeline().compile(source, options, List.of());
    }

    /** With statements added after the file's own (a claim to verify, say). */
    static Compilation run(Source source, Options options, List<dev.nnc.ast.Stmt> extra) {
        return new Pipeline().compile(source, options, extra);
    }

    private Compilation compile(Source source, Options options, List<dev.nnc.ast.Stmt> extra) {
        Program parsed = timed("parse", () -> Parsing.parse(source));
        Program program = extra.isEmpty() ? parsed : new Program(parsed.source(), concat(parsed.statements(), extra));
        Options.DataChoice choice = options.data();
        Map<String, SplitData> data = choice.loaded() != null ? choice.loaded()
                : timed("data", () -> Binder.load(program, baseDir(source), options.seed(), options.dataPaths()));
        Settings settings = options.settings();
        if (!data.isEmpty()) {
            SplitData split = choice.split() != null ? data.get(choice.split())
                    : data.getOrDefault("train", data.values().iterator().next());
            if (split == null) throw new CompileError(Span.NONE, "the file has no data split '" + choice.split() + "'");
            int rows = choice.rows() != null ? choice.rows() : Math.min(split.rows(), fileBatch(program, split.rows()));
            DataDims.Binding b = DataDims.bind(program, split, rows, choice.values(), options.sets());
            Map<String, String> sets = new LinkedHashMap<>(b.dims());
            sets.putAll(options.sets());
            settings = new Settings(sets, b.values(), options.seed(), options.training(), options.maxElements());
        }
        Settings bound = settings;
        Model lowered = timed("lower", () -> Lowering.lower(program, bound));
        if (options.lr() != null && lowered.training() != null) lowered = withLr(lowered, options.lr());
        Model loweredModel = lowered;
        Simplifier.Result forward = timed("simplify-forward", () -> Simplifier.simplify(loweredModel.graph(), loweredModel.namedNodes()));
        Model simplified = loweredModel.mapNodes(forward::of);
        InputHoisting.Result hoisting = choice.hoist() && !data.isEmpty() && options.wrt().isEmpty()
                ? timed("hoist", () -> InputHoisting.hoist(simplified, boundInEverySplit(data)))
                : new InputHoisting.Result(simplified, List.of());
        Model model = hoisting.model();
        List<InputHoisting.Hoisted> hoisted = hoisting.hoisted();

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
        return new Compilation(lowered, forward, model, objective, derivation, backward, gradients, plan, data, nanos, hoisted);
    }

    /** The inputs every split feeds (an evaluation split's rows go through the same model). */
    private static java.util.Set<String> boundInEverySplit(Map<String, SplitData> data) {
        java.util.Set<String> names = null;
        for (SplitData s : data.values()) {
            if (names == null) names = new java.util.HashSet<>(s.inputs().keySet());
            else names.retainAll(s.inputs().keySet());
        }
        return names == null ? java.util.Set.of() : names;
    }

    private static Model withLr(Model m, double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) throw new CompileError(Span.NONE, "--lr must be a positive number, got " + lr);
        Model.Training t = m.training();
        dev.nnc.ir.Optimizer o = t.optimizer();
        if (o.hostSide()) {
            throw new CompileError(Span.NONE, "--lr does not apply to " + o.describe() + ": it chooses its own steps");
        }
        dev.nnc.ir.Optimizer changed = o.withLr(lr);
        return new Model(m.source(), m.graph(), m.dims(), m.params(), m.inputs(), m.definitions(), m.reports(), m.data(),
                new Model.Training(t.objective(), t.objectiveSpan(), t.node(), t.maximize(), changed, t.count(), t.unit(), t.batch()),
                m.batchnorms(), m.hidden());
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** The batch the file's minimize statement names (a literal), else {@code whole}: the rows one step sees. */
    private static int fileBatch(Program program, int whole) {
        for (var s : program.statements()) {
            if (s instanceof dev.nnc.ast.Stmt.Train t && t.batch() instanceof dev.nnc.ast.Expr.Num n
                    && n.value() >= 1 && n.value() == Math.rint(n.value())) {
                return (int) Math.min(whole, n.value());
            }
        }
        return whole;
    }

    /** Data paths are relative to the `.nn` file. */
    private static java.nio.file.Path baseDir(Source source) {
        java.nio.file.Path parent = java.nio.file.Path.of(source.name()).toAbsolutePath().getParent();
        return parent != null ? parent : java.nio.file.Path.of("").toAbsolutePath();
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

}
