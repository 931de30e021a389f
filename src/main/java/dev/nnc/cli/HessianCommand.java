package dev.nnc.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nnc.api.Hessians;
import dev.nnc.diag.CompileError;
import dev.nnc.diag.Source;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "hessian", description = {
        "Print the Hessian of the objective (reverse over reverse), or a Hessian-vector product.",
        "All entries for small models; --hvp V gives H·V without forming H (V lists one number per",
        "entry of the chosen params, in order)."})
final class HessianCommand implements Callable<Integer> {
    @Mixin ModelOptions common;
    @Spec CommandSpec spec;

    @Option(names = "--wrt", paramLabel = "NAMES", split = ",", description = "params (or inputs) to differentiate by (default: every param)")
    List<String> wrt = new ArrayList<>();

    @Option(names = "--of", paramLabel = "NAME", description = "a scalar definition instead of the objective")
    String of;

    @Option(names = "--hvp", paramLabel = "V", description = "a vector, as a .nn list: [1, 0, 2]")
    String hvp;

    @Override
    public Integer call() throws Exception {
        Source source = Load.read(common.file);
        Hessians.Result r;
        try {
            var options = common.options().withOf(of);
            r = hvp == null ? Hessians.hessian(source, options, wrt) : Hessians.hvp(source, options, wrt, vector(hvp));
        } catch (CompileError e) {
            throw new Main.UserError(e, source);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (common.json) {
            ObjectNode root = Json.MAPPER.createObjectNode();
            root.put("objective", r.objective());
            ArrayNode names = root.putArray("entries");
            r.names().forEach(names::add);
            if (r.matrix() != null) {
                ArrayNode rows = root.putArray("hessian");
                for (double[] row : r.matrix()) {
                    ArrayNode a = rows.addArray();
                    for (double v : row) a.add(Json.number(v));
                }
            } else {
                ArrayNode p = root.putArray("hvp");
                for (double v : r.product()) p.add(Json.number(v));
            }
            out.println(Json.MAPPER.writeValueAsString(root));
            return 0;
        }
        if (r.matrix() != null) {
            out.println("Hessian of " + r.objective() + " (rows and columns: " + String.join(", ", r.names()) + ")");
            for (int i = 0; i < r.matrix().length; i++) {
                StringBuilder b = new StringBuilder(String.format("  %-8s", r.names().get(i)));
                for (double v : r.matrix()[i]) b.append(String.format(" %12s", Format.number(v)));
                out.println(b);
            }
        } else {
            out.println("H·v for " + r.objective() + ":");
            for (int i = 0; i < r.product().length; i++) out.println("  " + r.names().get(i) + " = " + Format.number(r.product()[i]));
        }
        return 0;
    }

    private static double[] vector(String text) {
        String inner = text.strip();
        if (inner.startsWith("[")) inner = inner.substring(1);
        if (inner.endsWith("]")) inner = inner.substring(0, inner.length() - 1);
        String[] parts = inner.split(",");
        double[] v = new double[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) v[i] = Double.parseDouble(parts[i].strip());
        } catch (NumberFormatException e) {
            throw new Main.UserError(new CompileError(dev.nnc.diag.Span.NONE, "--hvp: expected a list of numbers such as [1, 0, 2], got " + text), null);
        }
        return v;
    }
}
