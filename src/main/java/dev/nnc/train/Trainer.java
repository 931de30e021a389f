package dev.nnc.train;

import dev.nnc.api.CompiledModel;
import dev.nnc.api.Nnc;
import dev.nnc.api.Options;
import dev.nnc.ast.Program;
import dev.nnc.data.Binder;
import dev.nnc.data.SplitData;
import dev.nnc.diag.CompileError;
import dev.nnc.diag.Source;
import dev.nnc.diag.Span;
import dev.nnc.lower.Model;
import dev.nnc.syntax.Parsing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The training loop: minibatches of the train split through the generated step, the reports
 * on every split after each epoch, checkpoints, and divergence caught at the step it happens.
 * Sizes are static in generated code, so a run compiles one variant per batch size it meets
 * (the batch, a last partial batch, each whole split for evaluation) and moves the params and
 * optimizer state between them.
 */
public final class Trainer {
    /** What a run reports as it goes. */
    public interface Listener {
        default void started(Plan plan) {}
        default void stepped(long step, double loss) {}
        default void epochEnded(Epoch epoch) {}
    }

    /** The shape of a run: how many epochs and steps, over how many rows. */
    public record Plan(String objective, long epochs, long stepsPerEpoch, long totalSteps, int rows, int batch,
                       List<String> splits, List<String> reports) {}

    /**
     * One epoch's figures: the objective and every report averaged over the epoch's steps (as
     * they were computed during training, before each update), and, per evaluated split, the
     * objective and reports after the epoch.
     */
    public record Epoch(long epoch, long steps, double trainLoss, Map<String, Double> batchMeans,
                        Map<String, Map<String, Double>> splits, double seconds) {}

    /** The end of a run. */
    /** The end of a run; {@code search} counts newton's or lbfgs's iterations (null for sgd and adam). */
    public record Result(Plan plan, List<Epoch> epochs, double finalLoss, double paramSum, Map<String, double[]> params,
                         CompiledModel model, SecondOrder.Progress search) {}

    private final Source source;
    private final Options options;
    private final TrainConfig config;
    private final Listener listener;

    public Trainer(Source source, Options options, TrainConfig config, Listener listener) {
        this.source = source;
        this.options = options;
        this.config = config;
        this.listener = listener;
        // the kernels the training steps will call get compiled by C2 while the model compiles
        if (options.backend() == Options.Backend.COMPILED) dev.nnc.runtime.Warmup.start(options.float32());
    }

    public Result run() throws IOException {
        Program program = Parsing.parse(source);
        Map<String, SplitData> splits = Binder.load(program, baseDir(), config.seed(), options.dataPaths());
        SplitData train = splits.isEmpty() ? null : splits.getOrDefault("train", splits.values().iterator().next());

        // the step variant comes first: it tells the file's schedule (its batch is known from the text)
        int rows = train == null ? 1 : train.rows();
        if (config.batch() != null && config.batch() <= 0) throw new CompileError(Span.NONE, "--batch must be positive");
        Integer literal = config.batch() != null ? config.batch() : literalBatch(program);
        int guess = Math.min(rows, literal != null ? literal : rows);
        CompiledModel probe = compile(train, train == null ? 0 : guess, train == null, splits);
        Model.Training t = probe.model().training();
        if (t == null) throw new CompileError(Span.START, "nothing to train: the file has no 'minimize' or 'maximize'");
        if (t.optimizer().hostSide() && config.batch() != null && config.batch() < rows) {
            throw new CompileError(Span.NONE, "--batch does not apply to " + t.optimizer().describe()
                    + ": it takes every step over the whole training split");
        }
        int batch = Math.min(rows, config.batch() != null ? config.batch() : t.batch() != null ? t.batch() : rows);
        if (batch != guess) probe = compile(train, batch, false, splits);
        long stepsPerEpoch = (rows + batch - 1) / batch;
        long totalSteps;
        if (config.steps() != null) totalSteps = config.steps();
        else if (config.epochs() != null) totalSteps = config.epochs() * stepsPerEpoch;
        else totalSteps = t.unit().equals("steps") ? t.count() : t.count() * stepsPerEpoch;
        if (totalSteps <= 0) throw new CompileError(Span.NONE, "the number of epochs or steps must be positive");
        long epochs = (totalSteps + stepsPerEpoch - 1) / stepsPerEpoch;

        // definitions of data alone, computed once per split here instead of in every step
        Map<String, SplitData> fed = HoistedData.of(splits, probe.compilation().hoisted(), options.float32());
        SplitData trainFed = train == null ? null : fed.get(train.split());
        Variant step = new Variant(probe, batch);
        int rest = rows % batch;
        Variant partial = rest == 0 ? null : new Variant(compile(train, rest, false, splits), rest);
        // with batchnorm, evaluation is a model of its own: running averages instead of batch statistics
        RunningStats running = new RunningStats(probe.model().batchnorms());
        boolean separateEval = !running.isEmpty();
        Map<String, Evaluator> evaluators = new LinkedHashMap<>();
        for (SplitData s : splits.values()) {
            if (config.evaluate() != null && !config.evaluate().contains(s.split())) continue;
            evaluators.put(s.split(), new Evaluator(this, fed.get(s.split()), splits, !separateEval, s == train && batch == rows && !separateEval ? step : null));
        }
        if (splits.isEmpty()) {
            evaluators.put("data", new Evaluator(separateEval ? new Variant(compile(null, 0, true, splits, false), 1) : step));
        }

        Plan plan = new Plan(t.objective(), epochs, stepsPerEpoch, totalSteps, rows, batch, List.copyOf(evaluators.keySet()),
                List.copyOf(probe.model().reports().keySet()));
        List<Model.Leaf> params = probe.model().params();

        long firstEpoch = 0;
        if (config.init() != null) Checkpoints.read(config.init(), params, step.runtime.params(), false);
        if (config.resume() != null) {
            Checkpoints.State s = Checkpoints.read(config.resume(), params, step.runtime.params(), true);
            double[][] state = step.runtime.optimizerState();
            if (s.optimizer().length != state.length) {
                throw new Checkpoints.CheckpointError(config.resume() + ": its optimizer state does not fit this model's optimizer");
            }
            for (int i = 0; i < state.length; i++) {
                if (s.optimizer()[i].length != state[i].length) throw new Checkpoints.CheckpointError(config.resume() + ": optimizer state of the wrong size");
                System.arraycopy(s.optimizer()[i], 0, state[i], 0, state[i].length);
            }
            if (step.model.hasUpdate()) step.runtime.updates(s.updates());
            running.restore(s.running(), config.resume());
            firstEpoch = s.epoch();
        }
        listener.started(plan);
        SecondOrder search = t.optimizer().hostSide() ? SecondOrder.of(step.model) : null;

        Snapshot snapshot = new Snapshot(step);
        int[] order = identity(rows);
        List<Epoch> history = new ArrayList<>();
        double lastLoss = Double.NaN;
        long done = firstEpoch * stepsPerEpoch;
        Variant holder = step;
        // figures after every epoch, but at most about a thousand times in a run (W1 has a million one-step epochs)
        long every = Math.max(1, epochs / 1000);
        boolean finalSaved = false;
        for (long e = firstEpoch; e < epochs && done < totalSteps; e++) {
            long t0 = System.nanoTime();
            snapshot.take(holder);
            if (config.shuffle()) shuffle(order, config.seed(), e);
            double sum = 0;
            long n = 0;
            double[] reportSums = new double[plan.reports().size()];
            for (long b = 0; b < stepsPerEpoch && done < totalSteps; b++) {
                int from = (int) (b * batch), to = Math.min(rows, from + batch);
                Variant v = to - from == batch ? step : partial;
                v.takeStateFrom(holder);
                holder = v;
                if (trainFed != null) trainFed.gather(order, from, to, v.inputArrays);
                if (search == null) {
                    v.model.step();
                } else {
                    v.model.forward();
                    // the step's figures are those of the point it starts from, as for sgd
                    double[][] figures = Variant.copyOf(v.runtime.values());
                    if (Double.isFinite(v.objectiveValue())) search.step();
                    Variant.copy(figures, v.runtime.values());
                }
                running.update(v);
                double loss = v.objectiveValue();
                if (!Double.isFinite(loss)) {
                    throw Divergence.explain(v, step, loss, e, b, done, snapshot, order, trainFed, batch, t);
                }
                sum += loss;
                for (int k = 0; k < reportSums.length; k++) reportSums[k] += v.value(plan.reports().get(k));
                n++;
                done++;
                lastLoss = loss;
                listener.stepped(done, loss);
            }
            boolean lastEpoch = e + 1 == epochs || done >= totalSteps;
            if ((e + 1) % every != 0 && !lastEpoch) continue;
            Map<String, Map<String, Double>> figures = new LinkedHashMap<>();
            for (var entry : evaluators.entrySet()) {
                figures.put(entry.getKey(), entry.getValue().evaluate(holder, running, t.objective(), plan.reports()));
            }
            Map<String, Double> means = new LinkedHashMap<>();
            means.put(t.objective(), sum / Math.max(1, n));
            for (int k = 0; k < reportSums.length; k++) means.put(plan.reports().get(k), reportSums[k] / Math.max(1, n));
            Epoch epoch = new Epoch(e + 1, done, sum / Math.max(1, n), means, figures, (System.nanoTime() - t0) / 1e9);
            history.add(epoch);
            listener.epochEnded(epoch);
            if (config.save() != null) {
                Checkpoints.State state = new Checkpoints.State(e + 1, done, holder.model.hasUpdate() ? holder.runtime.updates() : 0,
                        holder.runtime.optimizerState(), running.arrays());
                if (lastEpoch) Checkpoints.writeFinal(config.save(), params, holder.runtime.params(), state);
                else Checkpoints.write(config.save(), params, holder.runtime.params(), state);
                finalSaved = lastEpoch;
            }
        }
        step.takeStateFrom(holder);
        if (config.save() != null && !finalSaved) Checkpoints.writeNpy(config.save(), params, holder.runtime.params());
        Map<String, double[]> finalParams = new LinkedHashMap<>();
        double paramSum = 0;
        for (int i = 0; i < params.size(); i++) {
            double[] v = holder.runtime.params()[i].clone();
            for (double x : v) paramSum += x;
            finalParams.put(params.get(i).name(), v);
        }
        return new Result(plan, history, lastLoss, paramSum, finalParams, step.model, search == null ? null : search.progress());
    }

    CompiledModel compile(SplitData split, int rows, boolean values, Map<String, SplitData> splits) {
        return compile(split, rows, values, splits, true);
    }

    CompiledModel compile(SplitData split, int rows, boolean values, Map<String, SplitData> splits, boolean training) {
        Options o = options.withData(new Options.DataChoice(split == null ? null : split.split(),
                split == null ? null : rows, values, splits, hoist)).withTraining(training);
        CompiledModel compiled = Nnc.compile(source, o);
        var hoisted = compiled.compilation().hoisted();
        if (this.hoisted == null) this.hoisted = hoisted;
        else if (!this.hoisted.stream().map(h -> h.name()).toList().equals(hoisted.stream().map(h -> h.name()).toList())) {
            // every variant reads the same hoisted splits
            throw new IllegalStateException("variants of one model hoist different definitions: " + this.hoisted + " and " + hoisted);
        }
        return compiled;
    }

    /** {@code -Dnnc.hoistInputs=false} computes hoistable definitions in every step again (for comparisons). */
    private final boolean hoist = !"false".equals(System.getProperty("nnc.hoistInputs"));

    /** What the first compiled variant hoisted; every later one must agree. */
    private java.util.List<dev.nnc.lower.InputHoisting.Hoisted> hoisted;

    /** The batch the file names as a literal number, if it does. */
    static Integer literalBatch(Program program) {
        for (var s : program.statements()) {
            if (s instanceof dev.nnc.ast.Stmt.Train tr && tr.batch() instanceof dev.nnc.ast.Expr.Num n && n.value() >= 1) {
                return (int) Math.min(Integer.MAX_VALUE, n.value());
            }
        }
        return null;
    }

    Path baseDir() {
        Path parent = Path.of(source.name()).toAbsolutePath().getParent();
        return parent != null ? parent : Path.of("").toAbsolutePath();
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        return order;
    }

    /** Epoch e's order depends only on the seed and e, so a resumed run shuffles as an uninterrupted one. */
    static void shuffle(int[] order, long seed, long epoch) {
        for (int i = 0; i < order.length; i++) order[i] = i;
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        for (int i = order.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }

    /** Params and optimizer state at an epoch's start, to replay up to a divergence. */
    static final class Snapshot {
        final double[][] params;
        final double[][] state;
        long updates;

        Snapshot(Variant v) {
            params = Variant.copyOf(v.runtime.params());
            state = Variant.copyOf(v.runtime.optimizerState());
        }

        void take(Variant v) {
            Variant.copy(v.runtime.params(), params);
            Variant.copy(v.runtime.optimizerState(), state);
            updates = v.model.hasUpdate() ? v.runtime.updates() : 0;
        }

        void restore(Variant v) {
            Variant.copy(params, v.runtime.params());
            Variant.copy(state, v.runtime.optimizerState());
            if (v.model.hasUpdate()) v.runtime.updates(updates);
        }
    }
}
