package dev.nnc.lower;

import dev.nnc.runtime.SplitMix64;
import dev.nnc.ast.Expr;
import dev.nnc.ast.Program;
import dev.nnc.ast.Stmt;
import dev.nnc.diag.CompileError;
import dev.nnc.diag.Span;
import dev.nnc.interp.Tensor;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Optimizer;
import dev.nnc.ir.Shape;
import dev.nnc.syntax.Parsing;
import dev.nnc.diag.Source;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** AST → {@link Model}: binds names in source order, checks shapes, evaluates initial values. */
public final class Lowering {
    /** Tensors with more elements than this are refused at their declaration (by default; see {@link Settings#maxElements}). */
    public static final long MAX_ELEMENTS = Settings.DEFAULT_MAX_ELEMENTS;

    private final Program program;
    private final Settings settings;
    private final Graph g = new Graph();
    private final ExprLowering exprs;
    private final Scope globals = new Scope(null);
    private final SplitMix64 random;
    private final Map<String, Integer> dims = new LinkedHashMap<>();
    private final List<Model.Leaf> params = new ArrayList<>();
    private final List<Model.Leaf> inputs = new ArrayList<>();
    private final Map<String, Model.Definition> definitions = new LinkedHashMap<>();
    private final Map<String, Span> used = new LinkedHashMap<>();
    private final Map<String, Model.Definition> reports = new LinkedHashMap<>();
    private final List<Model.DataDecl> data = new ArrayList<>();
    private Model.Training training;
    private Span optimizerSpan;

    /** newton forms the Hessian of every param entry, so it is for small models (as nnc hessian is). */
    static final int MAX_NEWTON_ENTRIES = 2000;
    static final int MAX_HISTORY = 1000;

    private Lowering(Program program, Settings settings) {
        this.program = program;
        this.settings = settings;
        this.random = new SplitMix64(settings.seed());
        this.exprs = new ExprLowering(g, new BatchNorms(settings.training()));
    }

    public static Model lower(Program program, Settings settings) {
        return new Lowering(program, settings).run();
    }

    private Model run() {
        for (Stmt s : program.statements()) statement(s);
        checkSets();
        BatchNorms bn = exprs.batchnorms();
        inputs.addAll(bn.stateInputs());
        if (training != null && training.optimizer().kind() == Optimizer.Kind.NEWTON) {
            long entries = params.stream().mapToLong(p -> p.node().shape().size()).sum();
            if (entries > MAX_NEWTON_ENTRIES) {
                throw new CompileError(optimizerSpan, "newton forms the Hessian of every param entry, and this model has "
                        + entries + " (at most " + MAX_NEWTON_ENTRIES + "): use lbfgs(m = …) instead");
            }
        }
        return new Model(program.source(), g, dims, params, inputs, definitions, reports, data, training, bn.calls(), bn.hidden());
    }

    private void statement(Stmt s) {
        int before = g.size();
        lowerStatement(s);
        for (int id = before; id < g.size(); id++) {
            if (g.node(id).shape().sizeLong() > settings.maxElements()) {
                throw new CompileError(declaredName(s), "this needs a tensor of shape " + g.node(id).shape() + ", "
                        + g.node(id).shape().sizeLong() + " elements, more than the " + settings.maxElements() + " allowed: too large"
                        + " (--max-elements sets the limit)");
            }
        }
    }

    private static Span declaredName(Stmt s) {
        if (s instanceof Stmt.Def d) return d.nameSpan();
        if (s instanceof Stmt.TensorDecl t) return t.nameSpan();
        if (s instanceof Stmt.Dim d) return d.nameSpan();
        if (s instanceof Stmt.Train t) return t.objectiveSpan();
        return s.span();
    }

    private void lowerStatement(Stmt s) {
        if (s instanceof Stmt.Dim d) {
            declare(d.name(), d.nameSpan());
            int value = ConstEval.integer(exprs.lower(d.value(), globals), d.value().span(), "a dim");
            String set = settings.sets().get(d.name());
            if (set != null) value = setInteger(d.name(), set);
            if (value <= 0) throw new CompileError(d.value().span(), "dim " + d.name() + " must be positive, got " + value);
            dims.put(d.name(), value);
            globals.define(d.name(), new Scope.DimB(value, d.nameSpan()));
        } else if (s instanceof Stmt.TensorDecl t) {
            tensor(t);
        } else if (s instanceof Stmt.Def d) {
            declare(d.name(), d.nameSpan());
            Node node = exprs.lower(d.value(), globals);
            definitions.put(d.name(), new Model.Definition(d.name(), node, d.nameSpan()));
            globals.define(d.name(), new Scope.TensorB(node, d.nameSpan()));
        } else if (s instanceof Stmt.Fn f) {
            declare(f.name(), f.nameSpan());
            for (int i = 0; i < f.params().size(); i++) {
                for (int j = 0; j < i; j++) {
                    if (f.params().get(j).equals(f.params().get(i))) {
                        throw new CompileError(f.paramSpans().get(i), "parameter '" + f.params().get(i) + "' is named twice");
                    }
                }
            }
            globals.define(f.name(), new Scope.FnB(f, f.nameSpan()));
            checkFreeNames(f);
        } else if (s instanceof Stmt.Data d) {
            data.add(DataStatements.lower(d, data, inputs, exprs, globals));
        } else if (s instanceof Stmt.Report r) {
            declare(r.name(), r.nameSpan());
            Node node = exprs.lower(r.value(), globals);
            if (!node.shape().isScalar()) {
                throw new CompileError(r.nameSpan(), "a report must be a scalar (e.g. a mean), but '" + r.name() + "' has shape " + node.shape());
            }
            reports.put(r.name(), new Model.Definition(r.name(), node, r.nameSpan()));
            globals.define(r.name(), new Scope.TensorB(node, r.nameSpan()));
        } else {
            train((Stmt.Train) s);
        }
    }

    /** A function body may use its parameters and what is defined before it; calls are checked when made. */
    private void checkFreeNames(Stmt.Fn f) {
        java.util.ArrayDeque<Expr> todo = new java.util.ArrayDeque<>(List.of(f.body()));
        while (!todo.isEmpty()) {
            Expr e = todo.pop();
            if (e instanceof Expr.Name n) {
                if (!f.params().contains(n.name()) && globals.lookup(n.name()) == null && !n.name().equals("pi") && !n.name().equals("π")) {
                    throw new CompileError(n.span(), "undefined name '" + n.name() + "' in the body of '" + f.name() + "'"
                            + Suggest.closest(n.name(), f.params()));
                }
            } else if (e instanceof Expr.Binary b) { todo.push(b.rhs()); todo.push(b.lhs()); }
            else if (e instanceof Expr.Unary u) todo.push(u.operand());
            else if (e instanceof Expr.ListLit l) l.items().forEach(todo::push);
            else if (e instanceof Expr.Call c) c.args().forEach(a -> todo.push(a.value()));
            else if (e instanceof Expr.Attr a) todo.push(a.target());
            else if (e instanceof Expr.Index i) {
                todo.push(i.target());
                for (Expr.IndexItem item : i.items()) {
                    if (item instanceof Expr.At at) todo.push(at.index());
                    else {
                        Expr.Slice sl = (Expr.Slice) item;
                        for (Expr x : new Expr[] {sl.start(), sl.stop(), sl.step()}) if (x != null) todo.push(x);
                    }
                }
            }
        }
    }

    private void declare(String name, Span span) {
        Scope.Binding previous = globals.local(name);
        if (previous != null) {
            throw new CompileError(span, "'" + name + "' is already defined at line " + previous.span().line());
        }
        used.put(name, span);
    }

    private void tensor(Stmt.TensorDecl t) {
        declare(t.name(), t.nameSpan());
        Shape shape = shape(t);
        if (t.kind() != Stmt.TensorKind.INPUT || t.init() != null) {
            Heap.require(8 * shape.sizeLong(), t.nameSpan(), "the value of '" + t.name() + "' " + shape);
        }
        Span previous = g.at(t.nameSpan());
        try {
            switch (t.kind()) {
                case CONST -> {
                    Tensor v = value(t, shape, t.init());
                    Node node = g.constant(shape, v.data());
                    globals.define(t.name(), new Scope.TensorB(node, t.nameSpan()));
                }
                case PARAM -> {
                    if (t.init() == null) {
                        throw new CompileError(t.nameSpan(), "param '" + t.name() + "' needs an initial value, e.g. "
                                + "param " + t.name() + (shape.isScalar() ? "" : shape.toString()) + " = zeros");
                    }
                    Node node = g.param(t.name(), shape);
                    params.add(new Model.Leaf(t.name(), node, value(t, shape, t.init()), t.nameSpan()));
                    globals.define(t.name(), new Scope.TensorB(node, t.nameSpan()));
                }
                case INPUT -> {
                    Node node = g.input(t.name(), shape);
                    String set = settings.sets().get(t.name());
                    Tensor v;
                    Tensor given = settings.values().get(t.name());
                    if (given != null) {
                        if (!given.shape().equals(shape)) {
                            throw new CompileError(t.nameSpan(), "input '" + t.name() + "' is declared " + shape + " but its data has shape " + given.shape());
                        }
                        v = given;
                    } else if (set != null) v = setValue(t, shape, set);
                    else v = t.init() == null ? null : value(t, shape, t.init());
                    inputs.add(new Model.Leaf(t.name(), node, v, t.nameSpan()));
                    globals.define(t.name(), new Scope.TensorB(node, t.nameSpan()));
                }
            }
        } finally {
            g.at(previous);
        }
    }

    private Shape shape(Stmt.TensorDecl t) {
        int[] dimsOut = new int[t.shape().size()];
        long size = 1;
        for (int i = 0; i < dimsOut.length; i++) {
            Expr e = t.shape().get(i);
            if (e instanceof Expr.Name n && globals.lookup(n.name()) == null) {
                String set = settings.sets().get(n.name());
                if (set == null) {
                    throw new CompileError(n.span(), "dim '" + n.name() + "' is not bound: declare it (dim " + n.name()
                            + " = …) or pass --set " + n.name() + "=…");
                }
                int v = setInteger(n.name(), set);
                dims.put(n.name(), v);
                globals.define(n.name(), new Scope.DimB(v, n.span()));
            }
            int d = ConstEval.integer(exprs.lower(e, globals), e.span(), "a size");
            if (d <= 0) throw new CompileError(e.span(), "a size must be positive, got " + d);
            dimsOut[i] = d;
            size *= d;
            if (size > settings.maxElements()) {
                throw new CompileError(t.nameSpan(), "'" + t.name() + "' would have more than " + settings.maxElements()
                        + " elements; sizes this large are refused (--max-elements sets the limit)");
            }
        }
        return Shape.of(dimsOut);
    }

    /** The declared value: a constant that fits the shape (a scalar fills it), or an initializer. */
    private Tensor value(Stmt.TensorDecl t, Shape shape, Expr init) {
        Span span = Expr.start(init);
        if (init instanceof Expr.Call c && Builtins.INITIALIZERS.contains(c.fn()) && globals.lookup(c.fn()) == null) {
            return Initializers.draw(c, shape, random, exprs, globals);
        }
        if (init instanceof Expr.Name n && Builtins.INITIALIZERS.contains(n.name()) && globals.lookup(n.name()) == null) {
            return Initializers.draw(new Expr.Call(n.name(), List.of(), n.span()), shape, random, exprs, globals);
        }
        Tensor v = ConstEval.tensor(exprs.lower(init, globals), span, "the value of '" + t.name() + "'");
        if (v.shape().equals(shape)) return v;
        if (v.shape().isScalar()) {
            double[] data = new double[shape.size()];
            java.util.Arrays.fill(data, v.item());
            return new Tensor(shape, data);
        }
        throw new CompileError(span, "the value has shape " + v.shape() + " but '" + t.name() + "' is declared "
                + (shape.isScalar() ? "a scalar" : "with shape " + shape));
    }

    private Tensor setValue(Stmt.TensorDecl t, Shape shape, String text) {
        Expr e = parseSetValue(t.name(), text);
        return value(t, shape, e);
    }

    private int setInteger(String name, String text) {
        Expr e = parseSetValue(name, text);
        return ConstEval.integer(exprs.lower(e, globals), Span.NONE, "--set " + name);
    }

    private static Expr parseSetValue(String name, String text) {
        try {
            Program p = Parsing.parse(new Source("--set " + name, "__v = " + text));
            if (p.statements().size() == 1 && p.statements().get(0) instanceof Stmt.Def d) {
                return d.value();
            }
        } catch (CompileError e) {
            // reported below
        }
        throw new CompileError(Span.NONE, "--set " + name + "=" + text + ": the value is not a number or list");
    }

    private void checkSets() {
        for (String name : settings.sets().keySet()) {
            if (!dims.containsKey(name) && inputs.stream().noneMatch(i -> i.name().equals(name))) {
                throw new CompileError(Span.NONE, "--set " + name + ": the file declares no dim or input named '" + name + "'");
            }
        }
    }

    private void train(Stmt.Train t) {
        if (training != null) throw new CompileError(t.objectiveSpan(), "a file has one objective; '" + training.objective() + "' is already it");
        Model.Definition def = definitions.get(t.objective());
        Node node;
        if (def != null) node = def.node();
        else if (globals.lookup(t.objective()) instanceof Scope.TensorB) {
            String kind = reports.containsKey(t.objective()) ? "a report (evaluated, never differentiated)"
                    : params.stream().anyMatch(p -> p.name().equals(t.objective())) ? "a param"
                    : inputs.stream().anyMatch(p -> p.name().equals(t.objective())) ? "an input" : "a constant";
            throw new CompileError(t.objectiveSpan(), "the objective '" + t.objective() + "' is " + kind + ", not a definition: "
                    + "define the value to " + (t.maximize() ? "maximize" : "minimize") + ", e.g. L = …, and name it here");
        }
        else if (globals.lookup(t.objective()) instanceof Scope.FnB) throw new CompileError(t.objectiveSpan(), "the objective '"
                + t.objective() + "' is a function, not a value: define the value to minimize, e.g. L = " + t.objective() + "(…)");
        else if (globals.lookup(t.objective()) instanceof Scope.DimB) throw new CompileError(t.objectiveSpan(), "the objective '"
                + t.objective() + "' is a dim, not a value");
        else throw new CompileError(t.objectiveSpan(), "the objective '" + t.objective() + "' is not defined"
                + Suggest.closest(t.objective(), definitions.keySet()));
        if (!node.shape().isScalar()) {
            throw new CompileError(t.objectiveSpan(), "the objective '" + t.objective() + "' must be a scalar, but its shape is " + node.shape());
        }
        Optimizer optimizer = optimizer(t.optimizer());
        long count = 1;
        String unit = "steps";
        if (t.count() != null) {
            count = ConstEval.integer(exprs.lower(t.count(), globals), t.count().span(), "the number of " + t.unit());
            if (count <= 0) throw new CompileError(t.count().span(), "the number of " + t.unit() + " must be positive, got " + count);
            unit = t.unit();
            if (!unit.equals("epochs") && !unit.equals("steps") && !unit.equals("epoch") && !unit.equals("step")) {
                throw new CompileError(t.unitSpan(), "expected 'epochs' or 'steps', got '" + unit + "'");
            }
            if (!unit.endsWith("s")) unit = unit + "s";
        }
        Integer batch = null;
        if (t.batch() != null) {
            batch = ConstEval.integer(exprs.lower(t.batch(), globals), t.batch().span(), "the batch size");
            if (batch <= 0) throw new CompileError(t.batch().span(), "the batch size must be positive, got " + batch);
        }
        if (optimizer.hostSide() && t.batch() != null) {
            throw new CompileError(t.batch().span(), optimizer.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + " takes every step over the whole training split: remove 'batch'");
        }
        optimizerSpan = t.optimizer().span();
        training = new Model.Training(t.objective(), t.objectiveSpan(), node, t.maximize(), optimizer, count, unit, batch);
    }

    private Optimizer optimizer(Expr e) {
        if (!(e instanceof Expr.Call c)) throw new CompileError(e.span(), "expected an optimizer: sgd(lr = …), adam(lr = …), newton(damping = …) or lbfgs(m = …)");
        ExprLowering.Args args = new ExprLowering.Args(c, exprs, globals);
        return switch (c.fn()) {
            case "sgd" -> {
                args.expect(1, "lr", "momentum");
                yield Optimizer.sgd(positive(args, 0, "lr", Double.NaN), args.number(1, "momentum", 0));
            }
            case "adam" -> {
                args.expect(0, "lr", "beta1", "beta2", "eps");
                yield Optimizer.adam(positive(args, 0, "lr", 0.001), args.number(1, "beta1", 0.9),
                        args.number(2, "beta2", 0.999), args.number(3, "eps", 1e-8));
            }
            case "newton" -> {
                args.expect(0, "damping");
                yield Optimizer.newton(positive(args, 0, "damping", 1e-3));
            }
            case "lbfgs" -> {
                args.expect(0, "m");
                int m = args.integer(0, "m", 10);
                if (m < 1 || m > MAX_HISTORY) {
                    throw new CompileError(c.span(), "'m' of lbfgs is how many steps it remembers: between 1 and " + MAX_HISTORY + ", got " + m);
                }
                yield Optimizer.lbfgs(m);
            }
            default -> throw new CompileError(c.span(), "unknown optimizer '" + c.fn()
                    + "': use sgd(lr = …), adam(lr = …), newton(damping = …) or lbfgs(m = …)");
        };
    }

    private static double positive(ExprLowering.Args args, int position, String name, double fallback) {
        double v = args.number(position, name, fallback);
        if (!(v > 0) || Double.isInfinite(v)) throw new CompileError(args.span(), "'" + name + "' must be a positive number, got " + Values.format(v));
        return v;
    }
}
