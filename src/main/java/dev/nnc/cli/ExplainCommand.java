package dev.nnc.cli;

import dev.nnc.api.Compilation;
import dev.nnc.diag.Source;
import dev.nnc.explain.Transcript;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "explain", description = {
        "Print the derivation step by step, as a teacher writes it.",
        "The forward pass as numbered steps with shapes and values, the chain rule",
        " from the objective back to the params, each simplification applied by rule name,",
        "the final gradients in the file's names, and the optimizer's update with numbers.",
        "--second adds the second derivation: the backward sweep of each gradient entry, as the first."})
final class ExplainCommand implements Callable<Integer> {
    @Mixin ModelOptions common;
    @Spec CommandSpec spec;

    @Option(names = "--of", paramLabel = "NAME", description = "differentiate this scalar definition instead of the objective")
    String of;

    @Option(names = "--wrt", paramLabel = "NAMES", split = ",", description = "with respect to these (default: every param)")
    List<String> wrt = new ArrayList<>();

    @Option(names = "--format", paramLabel = "text|markdown|latex", description = "default: ${DEFAULT-VALUE}")
    String format = "text";

    @Option(names = "--index", description = "also write each gradient element by element (index notation)")
    boolean index;

    @Option(names = {"--second", "--hessian"},
            description = "also differentiate the gradient again: each entry's backward sweep and its row of the Hessian")
    boolean second;

    @Option(names = "--memory", description = "list the forward values the backward pass keeps, their shapes and bytes")
    boolean memory;

    @Override
    public Integer call() throws Exception {
        Source source = Load.read(common.file);
        Compilation c = Load.analyse(source, common.options().withOf(of).withWrt(wrt));
        if (c.objective() == null) {
            throw Load.error(source, dev.nnc.diag.Span.START, "nothing to explain: the file has no 'minimize' or 'maximize' (or pass --of NAME)");
        }
        if (memory) {
            spec.commandLine().getOut().print(dev.nnc.explain.Memory.text(c, common.float32 ? 4 : 8));
            return 0;
        }
        if (!List.of("text", "markdown", "md", "latex", "tex").contains(format)) {
            throw Load.error(source, dev.nnc.diag.Span.NONE, "--format must be text, markdown or latex");
        }
        spec.commandLine().getOut().print(Transcript.render(c, format, index, second));
        return 0;
    }
}
