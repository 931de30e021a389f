package dev.nnc.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nnc.api.Compilation;
import dev.nnc.diag.Source;
import dev.nnc.lower.Model;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "check", description = "Parse and shape-check a model; print each name with its shape.")
final class CheckCommand implements Callable<Integer> {
    @Mixin ModelOptions common;
    @Spec CommandSpec spec;

    @picocli.CommandLine.Option(names = "--jacobians", description = "also print the shape of every edge Jacobian of the "
            + "named graph (∂a/∂b for each definition a and each name b it uses) and of ∂objective/∂v")
    boolean jacobians;

    @Override
    public Integer call() throws Exception {
        Source source = Load.read(common.file);
        Compilation c = Load.analyse(source, common.options());
        Model m = c.model();
        var out = spec.commandLine().getOut();
        if (common.json) {
            ObjectNode root = Json.MAPPER.createObjectNode();
            ObjectNode dims = root.putObject("dims");
            m.dims().forEach(dims::put);
            ObjectNode params = root.putObject("params");
            m.params().forEach(p -> params.set(p.name(), Json.shape(p.node().shape())));
            ObjectNode inputs = root.putObject("inputs");
            m.inputs().forEach(p -> inputs.set(p.name(), Json.shape(p.node().shape())));
            ObjectNode defs = root.putObject("definitions");
            m.definitions().values().forEach(d -> defs.set(d.name(), Json.shape(d.node().shape())));
            if (jacobians) {
                var edges = root.putArray("jacobians");
                for (var e : dev.nnc.api.Jacobians.edges(c)) edges.add(jsonEdge(e));
                for (var e : dev.nnc.api.Jacobians.gradients(c)) edges.add(jsonEdge(e));
            }
            if (c.objective() != null) root.put("objective", c.objective());
            else root.putNull("objective");
            out.println(Json.MAPPER.writeValueAsString(root));
            return 0;
        }
        out.println(source.name() + ": ok");
        m.dims().forEach((k, v) -> out.println("  dim    " + k + " = " + v));
        m.params().forEach(p -> out.println("  param  " + p.name() + " : " + p.node().shape()));
        m.inputs().forEach(p -> out.println("  input  " + p.name() + " : " + p.node().shape()));
        m.definitions().values().forEach(d -> out.println("  " + d.name() + " : " + d.node().shape()));
        if (jacobians) {
            out.println("edge Jacobians, ∂a/∂b as a size(a) × size(b) matrix:");
            for (var e : dev.nnc.api.Jacobians.edges(c)) out.println("  " + jacobian(e));
            if (c.objective() != null) {
                out.println("gradients of " + c.objective() + ":");
                for (var e : dev.nnc.api.Jacobians.gradients(c)) out.println("  " + jacobian(e));
            }
        }
        if (m.training() != null) {
            var t = m.training();
            out.println("  " + (t.maximize() ? "maximize " : "minimize ") + t.objective() + " by " + t.optimizer().describe()
                    + " for " + t.count() + " " + t.unit() + (t.batch() == null ? "" : " batch " + t.batch()));
        }
        return 0;
    }

    private static String jacobian(dev.nnc.api.Jacobians.Edge e) {
        return String.format("∂%s/∂%s : %d × %d   (%s by %s)", e.of(), e.wrt(), e.rows(), e.columns(), e.ofShape(), e.wrtShape());
    }

    private static ObjectNode jsonEdge(dev.nnc.api.Jacobians.Edge e) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("of", e.of());
        o.put("wrt", e.wrt());
        o.put("rows", e.rows());
        o.put("columns", e.columns());
        return o;
    }
}
