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

    @Option(names = "--timings", description = "print the time of each compile stage (parse … janino)")
    boolean timings;

    @Option(names = "--repeat", paramLabel = "N", description = "with --timings: compile N times in this JVM and report "
            + "the median of each stage over runs 2…N, the warm compile time (default: ${DEFAULT-VALUE})")
    int repeat = 1;

    @Override
    public Integer call() throws Exception {
        Source source = Load.read(common.file);
        CompiledModel m = Load.compile(source, common.options());
        java.util.List<java.util.Map<String, Long>> runs = new java.util.ArrayList<>();
        runs.add(m.stageNanos());
        for (int i = 1; i < repeat; i++) runs.add(Load.compile(source, common.options()).stageNanos());
        String className = m.compilation().plan().className();
        Files.createDirectories(output);
        Path target = output.resolve(className + ".java");
        Path temp = Files.createTempFile(output, "." + className, ".tmp");
        Files.writeString(temp, m.javaSource(), StandardCharsets.UTF_8);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        // beside the class: which .nn line each generated Java line comes from
        Path map = output.resolve(className + ".map.json");
        Path mapTemp = Files.createTempFile(output, "." + className, ".tmp");
        Files.writeString(mapTemp, dev.nnc.codegen.SourceMap.of(m.javaSource()).toJson(source.name()), StandardCharsets.UTF_8);
        Files.move(mapTemp, map, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (common.json) {
            var root = Json.MAPPER.createObjectNode();
            root.put("class", "dev.nnc.generated." + className);
            root.put("file", target.toString());
            if (timings) {
                var t = root.putObject("stage_ms");
                medians(runs).forEach((k, v) -> t.put(k, v / 1e6));
            }
            spec.commandLine().getOut().println(Json.MAPPER.writeValueAsString(root));
        } else {
            spec.commandLine().getOut().println("wrote " + target);
        }
        if (timings) printTimings(runs);
        return 0;
    }

    /** Per stage, the median over the warm runs (all but the first), or the only run. */
    private static java.util.Map<String, Long> medians(java.util.List<java.util.Map<String, Long>> runs) {
        java.util.List<java.util.Map<String, Long>> warm = runs.size() > 1 ? runs.subList(1, runs.size()) : runs;
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (String stage : warm.get(0).keySet()) {
            long[] v = warm.stream().mapToLong(r -> r.getOrDefault(stage, 0L)).sorted().toArray();
            out.put(stage, v[v.length / 2]);
        }
        return out;
    }

    private void printTimings(java.util.List<java.util.Map<String, Long>> runs) {
        var out = spec.commandLine().getOut();
        out.println(runs.size() > 1 ? "compile stages, median of " + (runs.size() - 1) + " warm runs:" : "compile stages (cold, one run):");
        long total = 0;
        for (var e : medians(runs).entrySet()) {
            out.printf("  %-18s %9.3f ms%n", e.getKey(), e.getValue() / 1e6);
            total += e.getValue();
        }
        out.printf("  %-18s %9.3f ms%n", "total", total / 1e6);
    }
}
