package dev.nnc.train;

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
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Steady-state time of a training run, measured as the benchmark peers of ../shared/bench measure
 * it (peers/common.py, {@code bench}): run 0 trains from the initial params and gives final_loss
 * (the last step's forward pass) and param_sum; if it took at least {@code longS}, the time per
 * step is taken inside it after its first tenth ("in-run"); otherwise whole runs from the same
 * initial params are repeated for {@code warmupS} and then timed for {@code measureS}, and the
 * time per step is the median run's ("reps"). The loop is the trainer's without its reports:
 * gather the batch, step.
 */
public final class Benchmark {
    public record Timing(double warmupS, double measureS, double longS, int maxReps) {
        public static Timing defaults() {
            return new Timing(1.0, 2.0, 3.0, 100_000);
        }
    }

    public record Result(long steps, int batch, int rows, double finalLoss, double paramSum, double steadyNsPerStep,
                         String method, int repsMeasured, boolean repsIdentical, double firstRunS, double compileS,
                         double allocatedBytesPerStep) {}

    private Benchmark() {}

    /** Compiles the file's training step (and a last partial batch) and sets the initial params. */
    public static Loop prepare(Source source, Options options, TrainConfig config) throws IOException {
        Trainer trainer = new Trainer(source, options, config, new Trainer.Listener() {});
        Program program = Parsing.parse(source);
        Map<String, SplitData> splits = Binder.load(program, trainer.baseDir(), config.seed(), options.dataPaths());
        SplitData train = splits.isEmpty() ? null : splits.getOrDefault("train", splits.values().iterator().next());
        int rows = train == null ? 1 : train.rows();
        Integer literal = config.batch() != null ? config.batch() : Trainer.literalBatch(program);
        int batch = Math.min(rows, literal != null ? literal : rows);
        Variant step = new Variant(trainer.compile(train, train == null ? 0 : batch, train == null, splits), batch);
        Model.Training t = step.model.model().training();
        if (t == null) throw new CompileError(Span.START, "nothing to train: the file has no 'minimize' or 'maximize'");
        if (t.optimizer().hostSide()) {
            throw new CompileError(Span.NONE, "bench times generated training steps; " + t.optimizer().describe()
                    + " runs in the trainer instead (time it with nnc train)");
        }
        if (config.batch() == null && t.batch() != null && Math.min(rows, t.batch()) != batch) {
            batch = Math.min(rows, t.batch());
            step = new Variant(trainer.compile(train, batch, false, splits), batch);
        }
        int rest = rows % batch;
        Variant partial = rest == 0 ? null : new Variant(trainer.compile(train, rest, false, splits), rest);
        long perEpoch = (rows + batch - 1) / batch;
        long steps = config.steps() != null ? config.steps()
                : config.epochs() != null ? config.epochs() * perEpoch
                : t.unit().equals("steps") ? t.count() : t.count() * perEpoch;
        if (steps <= 0) throw new CompileError(Span.NONE, "the number of epochs or steps must be positive");
        if (config.init() != null) Checkpoints.read(config.init(), step.model.model().params(), step.runtime.params(), false);
        return new Loop(step, partial, HoistedData.of(train, step.model.compilation().hoisted(), options.float32()), batch, rows, steps);
    }

    public static Result run(Source source, Options options, TrainConfig config, Timing timing) throws IOException {
        long c0 = System.nanoTime();
        Loop run = prepare(source, options, config);
        double compileS = (System.nanoTime() - c0) / 1e9;
        long steps = run.steps;
        int batch = run.batch, rows = run.rows;
        run.meter = new AllocationMeter();
        long t0 = System.nanoTime();
        run.train();
        long t1 = System.nanoTime();
        double loss = run.loss, sum = run.paramSum();
        double first = t1 - t0;
        if (first >= timing.longS() * 1e9) {
            double steady = (double) (t1 - run.tMark) / Math.max(1, steps - run.mark);
            return new Result(steps, batch, rows, loss, sum, steady, "in-run", 0, true, first / 1e9, compileS, run.allocatedPerStep());
        }
        while (System.nanoTime() - t0 < timing.warmupS() * 1e9) run.train();
        List<Long> times = new ArrayList<>();
        long spent = 0;
        boolean identical = true;
        while ((times.isEmpty() || spent < timing.measureS() * 1e9) && times.size() < timing.maxReps()) {
            long a = System.nanoTime();
            run.train();
            long d = System.nanoTime() - a;
            times.add(d);
            spent += d;
            identical &= run.loss == loss && run.paramSum() == sum;
        }
        Collections.sort(times);
        double median = times.size() % 2 == 1 ? times.get(times.size() / 2)
                : (times.get(times.size() / 2 - 1) + times.get(times.size() / 2)) / 2.0;
        // the last run's allocation, past its first tenth, as the in-run case measures it
        return new Result(steps, batch, rows, loss, sum, median / steps, "reps", times.size(), identical, first / 1e9, compileS,
                run.allocatedPerStep());
    }

    /** Training runs from the initial params and optimizer state, or single steps (for JMH). */
    public static final class Loop {
        final Variant step, partial;
        final SplitData train;
        final int batch, rows;
        final long steps, mark;
        final double[][] initialParams, initialState;
        final int[] order;
        double loss;
        long tMark;
        /** Reads the allocation past the mark and at the end of each run (null: not read, as in JMH). */
        AllocationMeter meter;
        long allocMark, allocEnd;

        /** Bytes allocated per step, by all the JVM's threads, between the last run's mark and its end. */
        double allocatedPerStep() {
            return (double) (allocEnd - allocMark) / Math.max(1, steps - mark);
        }

        private void markStep() {
            tMark = System.nanoTime();
            if (meter != null) allocMark = meter.total();
        }

        private void endRun() {
            if (meter != null) allocEnd = meter.total();
        }

        Loop(Variant step, Variant partial, SplitData train, int batch, int rows, long steps) {
            this.step = step;
            this.partial = partial;
            this.train = train;
            this.batch = batch;
            this.rows = rows;
            this.steps = steps;
            this.mark = steps / 10;
            this.initialParams = Variant.copyOf(step.runtime.params());
            this.initialState = Variant.copyOf(step.runtime.optimizerState());
            this.order = new int[rows];
            for (int i = 0; i < rows; i++) order[i] = i;
        }

        private long next;
        private Variant holder;

        /** One step of the file's schedule, continuing through the epochs (state carries on). */
        public double step() {
            if (holder == null) holder = step;
            long perEpoch = (rows + batch - 1) / batch;
            int from = (int) (next++ % perEpoch) * batch, to = Math.min(rows, from + batch);
            Variant v = to - from == batch ? step : partial;
            v.takeStateFrom(holder);
            holder = v;
            if (train != null) train.gather(order, from, to, v.inputArrays);
            v.runtime.step();
            return v.objectiveValue();
        }

        /** The generated model of the full batch. */
        public dev.nnc.runtime.GeneratedModel runtime() {
            return step.runtime;
        }

        /** Whether a float32 class still goes through its double mirrors every step (tests compare the two ways). */
        boolean throughMirrors;

        /** The whole training run, from the initial params. */
        public void train() {
            Variant.copy(initialParams, step.runtime.params());
            Variant.copy(initialState, step.runtime.optimizerState());
            if (step.model.hasUpdate()) step.runtime.updates(0);
            if (step.floats != null && !throughMirrors) {
                trainFloats();
                return;
            }
            Variant holder = step;
            long perEpoch = (rows + batch - 1) / batch;
            // a whole-split batch in file order is the same rows every step: gathered once
            boolean fixed = train != null && perEpoch == 1;
            if (fixed) train.gather(order, 0, rows, step.inputArrays);
            for (long s = 0; s < steps; s++) {
                if (s == mark) markStep();
                int from = (int) (s % perEpoch) * batch, to = Math.min(rows, from + batch);
                Variant v = to - from == batch ? step : partial;
                v.takeStateFrom(holder);
                holder = v;
                if (train != null && !fixed) train.gather(order, from, to, v.inputArrays);
                v.runtime.step();
            }
            endRun();
            loss = holder.objectiveValue();
            step.takeStateFrom(holder);
        }

        /**
         * {@link #train} on a float32 class's own arrays, as PyTorch keeps float32 tensors: batches are
         * rounded to float as they are gathered, and the double mirrors are read at the start, written
         * at the end and at a change of variant (a last partial batch). Same bits as through the mirrors.
         */
        private void trainFloats() {
            Variant holder = step;
            step.floats.narrowMirrors();
            long perEpoch = (rows + batch - 1) / batch;
            boolean fixed = train != null && perEpoch == 1;
            if (fixed) train.gatherFloats(order, 0, rows, step.floatInputArrays);
            for (long s = 0; s < steps; s++) {
                if (s == mark) markStep();
                int from = (int) (s % perEpoch) * batch, to = Math.min(rows, from + batch);
                Variant v = to - from == batch ? step : partial;
                if (v != holder) {
                    holder.floats.widenMirrors();
                    v.takeStateFrom(holder);
                    v.floats.narrowMirrors();
                    holder = v;
                }
                if (train != null && !fixed) train.gatherFloats(order, from, to, v.floatInputArrays);
                v.floats.floatStep();
            }
            endRun();
            holder.floats.widenMirrors();
            loss = holder.objectiveValue();
            step.takeStateFrom(holder);
        }

        public double paramSum() {
            double sum = 0;
            for (double[] p : step.runtime.params()) for (double x : p) sum += x;
            return sum;
        }
    }

    /**
     * Bytes allocated so far by the threads alive when it was made (the caller and the product
     * helper), read without allocating: a step that boxes vectors shows here as bytes per step.
     */
    static final class AllocationMeter {
        private final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        private final long[] ids = threads.getAllThreadIds();

        long total() {
            long sum = 0;
            for (long id : ids) sum += Math.max(0, threads.getThreadAllocatedBytes(id));
            return sum;
        }
    }
}
