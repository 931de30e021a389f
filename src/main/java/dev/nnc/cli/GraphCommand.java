package dev.nnc.cli;

import dev.nnc.api.Compilation;
import dev.nnc.diag.Source;
import dev.nnc.explain.DotGraph;
import dev.nnc.explain.Graphviz;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "graph", description = {
        "Draw the computational graph (DOT, SVG or PNG).",
        "Params (blue boxes), inputs (green ellipses), constants, and every op with its shape;",
        " --backward adds the gradient's graph, with dashed edges to the forward values",
        "it reuses. DOT on stdout, or SVG/PNG through Graphviz (Debian package graphviz)."})
final class GraphCommand implements Callable<Integer> {
    @Mixin ModelOptions common;
    @Spec CommandSpec spec;

    @Option(names = "--backward", description = "also draw the gradient graph")
    boolean backward;

    @Option(names = "--values", description = "write each node's value (when every input has one)")
    boolean values;

    @Option(names = "--format", paramLabel = "dot|svg|png", description = "default: from -o's extension, else dot")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to FILE instead of stdout")
    Path output;

    @Override
    public Integer call() throws Exception {
        Source source = Load.read(common.file);
        Compilation c = Load.analyse(source, common.options());
        String dot = DotGraph.render(c, backward, values);
        String fmt = format != null ? format : output != null && output.toString().endsWith(".svg") ? "svg"
                : output != null && output.toString().endsWith(".png") ? "png" : "dot";
        if (!fmt.equals("dot") && !fmt.equals("svg") && !fmt.equals("png")) {
            throw new Main.UserError(new dev.nnc.diag.CompileError(dev.nnc.diag.Span.NONE, "--format must be dot, svg or png"), null);
        }
        byte[] bytes;
        try {
            bytes = fmt.equals("dot") ? dot.getBytes(StandardCharsets.UTF_8) : Graphviz.render(dot, fmt);
        } catch (Graphviz.GraphvizError e) {
            throw new Main.UserError(new dev.nnc.diag.CompileError(dev.nnc.diag.Span.NONE, e.getMessage()), null);
        }
        if (output == null) {
            if (!fmt.equals("dot") && !fmt.equals("svg")) {
                throw new Main.UserError(new dev.nnc.diag.CompileError(dev.nnc.diag.Span.NONE, "a PNG needs -o FILE.png"), null);
            }
            spec.commandLine().getOut().print(new String(bytes, StandardCharsets.UTF_8));
            spec.commandLine().getOut().flush();
        } else {
            Files.write(output, bytes);
            spec.commandLine().getOut().println("wrote " + output);
        }
        return 0;
    }
}
