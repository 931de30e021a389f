package dev.nnc.api;

import dev.nnc.codegen.JaninoCompiler;
import dev.nnc.codegen.JavaEmitter;
import dev.nnc.diag.CompileError;
import dev.nnc.diag.Source;
import dev.nnc.interp.InterpretedModel;
import dev.nnc.runtime.GeneratedModel;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The in-process compile API.
 *
 * <pre>{@code
 * CompiledModel m = Nnc.compile(Path.of("models/sine.nn"), Options.defaults());
 * m.forward(); m.backward();
 * double loss = m.value("L")[0];
 * double[] dw = m.gradient("w");
 * }</pre>
 *
 * Mistakes in the model throw {@link CompileError} with positioned diagnostics
 * ({@link CompileError#diagnostics()}); render them with {@link Source#render}.
 */
public final class Nnc {
    private Nnc() {}

    /** Compiles a `.nn` file. */
    public static CompiledModel compile(Path file, Options options) throws IOException {
        return compile(read(file), options);
    }

    /** Compiles `.nn` text; {@code name} is what error messages call it. */
    public static CompiledModel compile(String name, String text, Options options) {
        return compile(new Source(name, text), options);
    }

    /** Compiles `.nn` text. */
    public static CompiledModel compile(String text, Options options) {
        return compile(new Source("<string>", text), options);
    }

    public static CompiledModel compile(Source source, Options options) {
        return BigStack.call(() -> build(source, options));
    }

    private static CompiledModel build(Source source, Options options) {
        Compilation c = analyseHere(source, options);
        long t0 = System.nanoTime();
        GeneratedModel runtime;
        String javaSource = null;
        if (options.backend() == Options.Backend.INTERPRETED) {
            checkHeap(interpretedFootprint(c.plan()));
            runtime = new InterpretedModel(c.plan());
        } else {
            checkHeap(JavaEmitter.footprint(c.plan(), options.float32() ? dev.nnc.codegen.Precision.FLOAT32 : dev.nnc.codegen.Precision.FLOAT64));
            var file = JavaEmitter.emit(c.plan(), options.float32() ? dev.nnc.codegen.Precision.FLOAT32 : dev.nnc.codegen.Precision.FLOAT64);
            long t1 = System.nanoTime();
            c.stageNanos().put("emit", t1 - t0);
            javaSource = file.toString();
            if (options.cacheDir() == null) {
                runtime = JaninoCompiler.load(file);
                c.stageNanos().put("janino", System.nanoTime() - t1);
            } else {
                // a hit defines the classes a previous run compiled: the stage is then called "cache"
                CompileCache.Loaded loaded = new CompileCache(options.cacheDir()).load(JaninoCompiler.className(file), javaSource);
                runtime = loaded.model();
                c.stageNanos().put(loaded.hit() ? "cache" : "janino", System.nanoTime() - t1);
            }
        }
        return new CompiledModel(c, runtime, javaSource, options);
    }

    /** The planned buffers must fit in the heap before any is allocated; the error points at the largest one. */
    private static void checkHeap(JavaEmitter.Footprint f) {
        if (f.largest() == null) return;
        dev.nnc.diag.Span span = f.largest().span().isKnown() ? f.largest().span() : dev.nnc.diag.Span.START;
        dev.nnc.lower.Heap.require(f.bytes(), span, "the model (its largest tensor " + f.largest().shape() + " is here)");
    }

    /** The interpreter keeps every node's value: all of them, at 8 bytes an element. */
    private static JavaEmitter.Footprint interpretedFootprint(dev.nnc.codegen.Plan plan) {
        java.util.List<dev.nnc.ir.Node> roots = new java.util.ArrayList<>(plan.params());
        roots.addAll(plan.inputs());
        for (var v : plan.values()) roots.add(v.node());
        for (var g : plan.gradients()) roots.add(g.node());
        long elements = 0;
        dev.nnc.ir.Node largest = null;
        for (dev.nnc.ir.Node n : dev.nnc.ir.Dag.topo(roots)) {
            elements += n.shape().sizeLong();
            if (largest == null || n.shape().sizeLong() > largest.shape().sizeLong()) largest = n;
        }
        return new JavaEmitter.Footprint(8 * elements, largest);
    }

    /** Parses, lowers, differentiates and simplifies, without generating code. */
    public static Compilation analyse(Source source, Options options) {
        return BigStack.call(() -> analyseHere(source, options));
    }

    private static Compilation analyseHere(Source source, Options options) {
        try {
            return Pipeline.run(source, options);
        } catch (StackOverflowError e) {
            throw new CompileError(dev.nnc.diag.Span.START, "the model is nested too deeply to compile");
        }
    }

    /** Reads a `.nn` file as strict UTF-8: invalid bytes are a positioned error, not garbage. */
    public static Source read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            if (text.startsWith("\uFEFF")) text = text.substring(1);
            return new Source(file.toString(), text);
        } catch (CharacterCodingException e) {
            int line = 1, col = 1, i = 0;
            var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE);
            String lossy = decoder.replaceWith("\uFFFD").decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            for (; i < lossy.length() && lossy.charAt(i) != '\uFFFD'; i++) {
                if (lossy.charAt(i) == '\n') { line++; col = 1; } else if (!Character.isLowSurrogate(lossy.charAt(i))) col++;
            }
            throw new CompileError(new dev.nnc.diag.Span(line, col, 1), "invalid UTF-8 in source: is this a text file?")
                    .withSource(new Source(file.toString(), lossy));
        }
    }
}
