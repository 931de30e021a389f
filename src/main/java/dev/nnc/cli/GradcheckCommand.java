package dev.nnc.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nnc.api.CompiledModel;
import dev.nnc.diag.Source;
import dev.nnc.diag.Span;
import dev.nnc.lower.Model;
import dev.nnc.train.GradCheck;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "gradcheck", description = {
        "Check the gradient against finite differences, per parameter.",
        "As in bev033dle lab 2 step 2: a random direction Δ = ε·u/‖u‖, (L(w+Δ) − L(w−Δ))/2 − ⟨∇L, Δ⟩,",
        "for ε = 1e-2 … 1e-8. Exit 1 when a parameter's error does not shrink with ε."})
final class GradcheckCommand implements Callable<Integer> {
    @Mixin ModelOptions common;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Source source = Load.read(common.file);
        CompiledModel m = Load.compile(source, common.options());
        if (m.objective() == null) throw Load.error(source, Span.START, "nothing to check: the file has no 'minimize' or 'maximize'");
        Load.requireInputValues(m, source);
        List<String> names = m.model().params().stream().map(Model.Leaf::name).toList();
        int objective = m.valueNames().indexOf(m.objective());
        List<GradCheck.Row> rows = GradCheck.run(m.runtime(), names, objective, common.seed);
        boolean ok = rows.stream().allMatch(GradCheck.Row::passed);
        PrintWriter out = spec.commandLine().getOut();
        List<GradCheck.Row> atKink = null;
        if (!ok && rows.stream().anyMatch(GradCheck.Row::firstOrder)) {
            // an error shrinking like ε, not ε³: the difference quotient straddles a kink (relu, abs or
            // max exactly at a tie, e.g. zero pixels under a zero bias); check again just off it
            atKink = rows;
            GradCheck.jitter(m.runtime(), 1e-3, common.seed);
            rows = GradCheck.run(m.runtime(), names, objective, common.seed);
            ok = rows.stream().allMatch(GradCheck.Row::passed);
        }
        if (common.json) {
            ObjectNode root = Json.MAPPER.createObjectNode();
            ArrayNode eps = root.putArray("epsilon");
            for (double e : GradCheck.EPSILONS) eps.add(e);
            ObjectNode params = root.putObject("errors");
            for (GradCheck.Row r : rows) {
                ArrayNode a = params.putArray(r.param());
                for (double e : r.error()) a.add(Json.number(e));
            }
            root.put("passed", ok);
            out.println(Json.MAPPER.writeValueAsString(root));
        } else {
            out.println("gradient check of " + m.objective() + ": (L(w+Δ) − L(w−Δ))/2 − ⟨∇L, Δ⟩ along a random direction, |Δ| = ε");
            StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-12s", "param"));
            for (double e : GradCheck.EPSILONS) head.append(String.format(Locale.ROOT, "%12s", "ε=" + Format.number(e)));
            out.println(head.append("   ok"));
            if (atKink != null) {
                for (GradCheck.Row r : atKink) {
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-12s", r.param()));
                    for (double e : r.error()) line.append(String.format(Locale.ROOT, "%12.3e", e));
                    out.println(line.append(r.passed() ? "   yes" : r.firstOrder() ? "   kink" : "   NO"));
                }
                out.println("an error proportional to ε means a kink (relu, abs, max at a tie) sits exactly at these params,");
                out.println("where one-sided slopes differ; checking again with every param moved by about 1e-3:");
            }
            for (GradCheck.Row r : rows) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-12s", r.param()));
                for (double e : r.error()) line.append(String.format(Locale.ROOT, "%12.3e", e));
                out.println(line.append(r.passed() ? "   yes" : "   NO"));
            }
            out.println(ok ? "the gradient agrees with finite differences" : "the gradient DISAGREES with finite differences");
        }
        return ok ? 0 : 1;
    }
}
