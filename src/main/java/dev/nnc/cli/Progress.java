package dev.nnc.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nnc.train.Trainer;
import java.io.PrintWriter;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** How training shows itself: a bar on a terminal, plain lines in a log, JSON lines for programs. */
abstract class Progress implements Trainer.Listener, AutoCloseable {

    static Progress choose(boolean json, PrintWriter out) {
        if (json) return new JsonLines(out);
        if (System.console() != null) return new Bar(out);
        return new Plain(out);
    }

    @Override
    public void close() {}

    static String figures(Trainer.Epoch e) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Map<String, Double>> split : e.splits().entrySet()) {
            b.append("  | ").append(split.getKey()).append(':');
            split.getValue().forEach((k, v) -> b.append(' ').append(k).append(" = ").append(Format.number(v)));
        }
        return b.toString();
    }

    /** One JSON object per epoch; the command adds the summary line. */
    static final class JsonLines extends Progress {
        private final PrintWriter out;

        JsonLines(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void epochEnded(Trainer.Epoch e) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("epoch", e.epoch());
            o.put("steps", e.steps());
            o.set("train_loss", Json.number(e.trainLoss()));
            ObjectNode batches = o.putObject("batch_means");
            e.batchMeans().forEach((k, v) -> batches.set(k, Json.number(v)));
            ObjectNode splits = o.putObject("splits");
            for (var split : e.splits().entrySet()) {
                ObjectNode s = splits.putObject(split.getKey());
                split.getValue().forEach((k, v) -> s.set(k, Json.number(v)));
            }
            o.put("seconds", e.seconds());
            try {
                out.println(Json.MAPPER.writeValueAsString(o));
            } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
        }
    }

    /** Lines for logs: about twenty over the run, and the last epoch. */
    static final class Plain extends Progress {
        private final PrintWriter out;
        private long every = 1;
        private long epochs;
        private long started;

        Plain(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void started(Trainer.Plan plan) {
            epochs = plan.epochs();
            every = Math.max(1, epochs / 20);
            started = System.nanoTime();
            out.println("training " + plan.objective() + ": " + plan.epochs() + " epochs of " + plan.stepsPerEpoch()
                    + " steps (batch " + plan.batch() + " of " + plan.rows() + " rows)");
        }

        @Override
        public void epochEnded(Trainer.Epoch e) {
            if (e.epoch() == 1 || e.epoch() % every == 0 || e.epoch() == epochs) {
                double seconds = (System.nanoTime() - started) / 1e9;
                out.printf("epoch %d/%d  steps' mean %s%s  (%.1f s)%n", e.epoch(), epochs, Format.number(e.trainLoss()), figures(e), seconds);
                out.flush();
            }
        }
    }

    /** me.tongfei's progress bar on stderr: epoch, step, loss, steps/s and ETA. */
    static final class Bar extends Progress {
        private final PrintWriter out;
        private ProgressBar bar;
        private long epochs;
        private long epoch = 1;
        private long lastUpdate;

        Bar(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void started(Trainer.Plan plan) {
            epochs = plan.epochs();
            bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(plan.totalSteps())
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(200)
                    .showSpeed().setUnit(" steps", 1).build();
        }

        @Override
        public void stepped(long step, double loss) {
            if ((step & 255) != 0) return;
            long now = System.nanoTime();
            if (now - lastUpdate < 100_000_000L) return;
            lastUpdate = now;
            bar.stepTo(step);
            bar.setExtraMessage("  epoch " + epoch + "/" + epochs + " loss " + Format.number(loss));
        }

        @Override
        public void epochEnded(Trainer.Epoch e) {
            epoch = e.epoch() + 1;
            bar.stepTo(e.steps());
            bar.setExtraMessage("  epoch " + e.epoch() + "/" + epochs + " loss " + Format.number(e.trainLoss()));
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
            out.flush();
        }
    }
}
