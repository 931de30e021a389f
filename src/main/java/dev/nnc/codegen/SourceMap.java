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
    private final int[] nnLine; // index: Java line (1-based); 0 = none

    private SourceMap(int[] nnLine) {
        this.nnLine = nnLine;
    }

    public static SourceMap of(String javaSource) {
        String[] lines = javaSource.split("\n", -1);
        int[] map = new int[lines.length + 1];
        int current = 0;
        for (int i = 0; i < lines.length; i++) {
            Matcher m = COMMENT.matcher(lines[i]);
            if (m.find()) current = Integer.parseInt(m.group(1));
            else if (lines[i].matches("^    }\\s*$") || lines[i].matches("^    (public|private) .*")) current = 0;
            map[i + 1] = current;
        }
        return new SourceMap(map);
    }

    /** The `.nn` line of a generated Java line, or 0 when it belongs to none. */
    public int nnLine(int javaLine) {
        return javaLine >= 1 && javaLine < nnLine.length ? nnLine[javaLine] : 0;
    }

    /** JSON: {"source": …, "ranges": [[firstJavaLine, lastJavaLine, nnLine], …]}. */
    public String toJson(String sourceName) {
        List<String> ranges = new ArrayList<>();
        int start = -1;
        for (int j = 1; j <= nnLine.length; j++) {
            int here = j < nnLine.length ? nnLine[j] : -1;
            int before = j > 1 ? nnLine[j - 1] : -1;
            if (start > 0 && here != before) {
                if (before > 0) ranges.add("[" + start + ", " + (j - 1) + ", " + before + "]");
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
