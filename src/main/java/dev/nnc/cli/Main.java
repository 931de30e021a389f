package dev.nnc.cli;

import dev.nnc.diag.CompileError;
import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.Source;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The `nnc` command line. Holds no logic: each command calls the API and prints. */
@Command(name = "nnc", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "nnc 0.1.0",
        description = {"A symbolic differentiation compiler for small neural-network models.", ""},
        subcommands = {CheckCommand.class, GradCommand.class, CompileCommand.class, TrainCommand.class, GradcheckCommand.class, CompareCommand.class, GraphCommand.class, VerifyCommand.class, ExplainCommand.class, HessianCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Errors in a model are printed as FILE:LINE:COL: error: MESSAGE with the line and a caret;",
                "the exit status is 1 for a mistake in the input and 2 for a fault of nnc itself.",
                "The language: docs/LANGUAGE.md."})
public final class Main implements Runnable {
    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "show the full trace of an internal error")
    boolean debug;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "missing command");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("nnc: error: " + e.getMessage());
            CommandLine c = e.getCommandLine();
            err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more.");
            return 1;
        });
        cli.setExecutionExceptionHandler((e, c, parsed) -> report(e, err, main.debug || hasDebug(args)));
        int status = cli.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    private static boolean hasDebug(String[] args) {
        for (String a : args) if (a.equals("--debug")) return true;
        return false;
    }

    static int report(Throwable e, PrintWriter err, boolean debug) {
        if (e instanceof UserError u) {
            err.print(u.render());
            return 1;
        }
        if (e instanceof CompileError c) {
            err.print(render(c, c.source()));
            return 1;
        }
        if (e instanceof NoSuchFileException f) {
            err.println("nnc: error: cannot read " + f.getFile() + ": no such file");
            return 1;
        }
        if (e instanceof java.nio.file.AccessDeniedException f) {
            err.println("nnc: error: cannot read " + f.getFile() + ": permission denied");
            return 1;
        }
        if (e instanceof java.io.IOException io) {
            err.println("nnc: error: " + io.getMessage());
            return 1;
        }
        if (e instanceof OutOfMemoryError) {
            err.println("nnc: error: out of memory (the model is too large for this heap)");
            return 1;
        }
        String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        err.println("nnc: internal error: " + e.getClass().getSimpleName() + ": " + first
                + (debug ? "" : " (this is a bug in nnc; --debug shows the details)"));
        if (debug) {
            err.println(e.getMessage()); // for generated code Janino rejected: the source with line numbers
            e.printStackTrace(err);
        }
        return 2;
    }

    static String render(CompileError c, Source source) {
        StringBuilder b = new StringBuilder();
        for (Diagnostic d : c.diagnostics()) {
            if (source == null || !d.span().isKnown()) {
                b.append(source == null ? "nnc" : source.name()).append(": error: ").append(d.message()).append('\n');
            } else {
                b.append(source.render(d));
            }
        }
        return b.toString();
    }

    /** A CompileError with the source it belongs to, thrown by commands so that report() can render it. */
    static final class UserError extends RuntimeException {
        private final CompileError error;
        private final Source source;

        UserError(CompileError error, Source source) {
            super(error.getMessage(), null, false, false);
            this.error = error;
            this.source = error.source() != null ? error.source() : source;
        }

        String render() {
            return Main.render(error, source);
        }
    }
}
