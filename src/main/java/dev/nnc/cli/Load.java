package dev.nnc.cli;

import dev.nnc.api.Compilation;
import dev.nnc.api.CompiledModel;
import dev.nnc.api.Nnc;
import dev.nnc.api.Options;
import dev.nnc.diag.CompileError;
import dev.nnc.diag.Source;
import dev.nnc.diag.Span;
import dev.nnc.lower.Model;
import java.io.IOException;
import java.nio.file.Path;

/** Reads and compiles the command's model; user mistakes leave as {@link Main.UserError}. */
final class Load {
    private Load() {}

    static Source read(Path file) throws IOException {
        try {
            return Nnc.read(file);
        } catch (CompileError e) {
            throw new Main.UserError(e, null);
        }
    }

    static CompiledModel compile(Source source, Options options) {
        try {
            return Nnc.compile(source, options);
        } catch (CompileError e) {
            throw new Main.UserError(e, source);
        }
    }

    static Compilation analyse(Source source, Options options) {
        try {
            return Nnc.analyse(source, options);
        } catch (CompileError e) {
            throw new Main.UserError(e, source);
        }
    }

    /** Every input must have a value before anything is evaluated. */
    static void requireInputValues(CompiledModel m, Source source) {
        for (Model.Leaf in : m.model().inputs()) {
            if (in.value() == null) {
                throw new Main.UserError(new CompileError(in.span(), "input '" + in.name() + "' has no value: give it one in the file ("
                        + "input " + in.name() + " = …) or with --set " + in.name() + "=…"), source);
            }
        }
    }

    static Main.UserError error(Source source, Span span, String message) {
        return new Main.UserError(new CompileError(span, message), source);
    }
}
