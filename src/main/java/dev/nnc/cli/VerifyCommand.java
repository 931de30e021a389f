package dev.nnc.cli;

import dev.nnc.api.Verification;
import dev.nnc.diag.CompileError;
import dev.nnc.diag.Source;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "verify", description = {
        "Check a hand-derived gradient against nnc's.",
        "The claim is written in the .nn expression language, e.g.",
        "  nnc verify models/sine.nn --claim \"dL/dw = 2*(y - t)*cos(w·x)*x\"",
        "Exit 0 when equal; 1 when not, naming the first factor of the claim that differs."})
final class VerifyCommand implements Callable<Integer> {
    @Mixin ModelOptions common;
    @Spec CommandSpec spec;

    @Option(names = "--claim", required = true, paramLabel = "\"dL/dw = EXPR\"", description = "the derivation to check")
    String claim;

    @Override
    public Integer call() throws Exception {
        Source source = Load.read(common.file);
        Verification.Result r;
        try {
            r = Verification.verify(source, common.options(), claim);
        } catch (CompileError e) {
            throw new Main.UserError(e, source);
        }
        PrintWriter out = spec.commandLine().getOut();
        String what = "∂" + r.of() + "/∂" + r.wrt();
        if (r.equal()) {
            out.println("equal: the claim is " + what + ", " + r.how());
            out.println("  nnc's form: " + what + " = " + r.gradientFormula());
            return 0;
        }
        out.println("not equal: the claim is not " + what);
        if (r.factor() != null) {
            // (no position: a factor the file also computes is one shared node, with the file's span)
            out.println("  the factor " + r.factor()
                    + (r.oppositeSign() ? " has the opposite sign of the gradient's" : " has no counterpart in the gradient"));
        }
        StringBuilder at = new StringBuilder();
        r.point().forEach((k, v) -> at.append(at.length() == 0 ? "" : ", ").append(k).append(" = ").append(java.util.Arrays.toString(v)));
        out.println("  where " + at);
        out.println("  the claim gives " + java.util.Arrays.toString(r.claimed()) + ", the gradient " + java.util.Arrays.toString(r.gradient()));
        out.println("  nnc's form: " + what + " = " + r.gradientFormula());
        return 1;
    }
}
