package dev.nnc.cli;

import dev.nnc.api.CompiledModel;
import dev.nnc.diag.Source;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "compile", description = "Write the generated Java source of a model to DIR/<Name>Model.java.")
final class CompileCommand implements Callable<Integer> {
    @Mixin ModelOptions common;
    @Spec CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "output directory (default: ${DEFAULT-VALUE})")
    Path output = Path.of("generated");

    @Override
    public Integer call() throws Exception {
        Source source = Load.read(common.file);
        CompiledModel m = Load.compile(source, common.options());
        String className = m.compilation().plan().className();
        Files.createDirectories(output);
        Path target = output.resolve(className + ".java");
        Path temp = Files.createTempFile(output, "." + className, ".tmp");
        Files.writeString(temp, m.javaSource(), StandardCharsets.UTF_8);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (common.json) {
            var root = Json.MAPPER.createObjectNode();
            root.put("class", "dev.nnc.generated." + className);
            root.put("file", target.toString());
            spec.commandLine().getOut().println(Json.MAPPER.writeValueAsString(root));
        } else {
            spec.commandLine().getOut().println("wrote " + target);
        }
        return 0;
    }
}
