package dev.nnc.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generated Java lines → `.nn` lines, read off the `// line N:` comments the emitter writes
 * before each group of statements: every Java line up to the next such comment (or the end of
 * the method) belongs to line N. Written beside the class by `nnc compile`, and used to place a
 * fault inside generated code at the `.nn` line it came from.
 */
public final class SourceMap {
    private static final Pattern COMMENT = Pattern.compile("^\\s*// line (\\d+): ");
    private static final Pattern METHOD = Pattern.compile("^    (?:public|private) void (forward|backward|update)\\d*\\(");
    private final int[] nnLine; // index: Java line (1-based); 0 = none
    private final String[] phase; // forward, backward (the derivation) or update (the optimizer), per Java line

    private SourceMap(int[] nnLine, String[] phase) {
        this.nnLine = nnLine;
        this.phase = phase;
    }

    public static SourceMap of(String javaSource) {
        String[] lines = javaSource.split("\n", -1);
        int[] map = new int[lines.length + 1];
        String[] phases = new String[lines.length + 1];
        int current = 0;
        String method = null;
        for (int i = 0; i < lines.length; i++) {
            Matcher m = COMMENT.matcher(lines[i]);
            Matcher def = METHOD.matcher(lines[i]);
            if (def.find()) method = def.group(1);
            if (m.find()) current = Integer.parseInt(m.group(1));
            else if (lines[i].matches("^    }\\s*$") || lines[i].matches("^    (public|private) .*")) current = 0;
            if (lines[i].matches("^    }\\s*$")) method = null;
            map[i + 1] = current;
            phases[i + 1] = method;
        }
        return new SourceMap(map, phases);
    }

    /** The `.nn` line of a generated Java line, or 0 when it belongs to none. */
    public int nnLine(int javaLine) {
        return javaLine >= 1 && javaLine < nnLine.length ? nnLine[javaLine] : 0;
    }

    /** The method a Java line is in: forward, backward (the gradient), update (the optimizer), or null. */
    public String phase(int javaLine) {
        return javaLine >= 1 && javaLine < phase.length ? phase[javaLine] : null;
    }

    /**
     * JSON: {"source": …, "ranges": [[firstJavaLine, lastJavaLine, nnLine, "forward"|"backward"|"update"], …]}:
     * which `.nn` line, and which step of the derivation (forward values, their gradient, the optimizer's update).
     */
    public String toJson(String sourceName) {
        List<String> ranges = new ArrayList<>();
        int start = -1;
        for (int j = 1; j <= nnLine.length; j++) {
            int here = j < nnLine.length ? nnLine[j] : -1;
            int before = j > 1 ? nnLine[j - 1] : -1;
            boolean samePhase = j < nnLine.length && j > 1 && java.util.Objects.equals(phase[j], phase[j - 1]);
            if (start > 0 && (here != before || !samePhase)) {
                if (before > 0) ranges.add("[" + start + ", " + (j - 1) + ", " + before + ", \"" + phase[j - 1] + "\"]");
                start = -1;
            }
            if (start < 0 && here > 0) start = j;
        }
        return "{\"source\": \"" + sourceName.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\n \"ranges\": [\n  "
                + String.join(",\n  ", ranges) + "\n ]}\n";
    }

    /** The `.nn` line of the innermost frame of generated class {@code className} in {@code t}'s trace, or 0. */
    public int nnLine(Throwable t, String className) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals(className) && e.getLineNumber() > 0) return nnLine(e.getLineNumber());
        }
        return 0;
    }
}
