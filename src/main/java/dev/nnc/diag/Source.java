package dev.nnc.diag;

import java.util.ArrayList;
import java.util.List;

/** The text of one `.nn` file and its display name, split into lines for error rendering. */
public record Source(String name, String text) {

    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                start = i + 1;
            }
        }
        lines.add(text.substring(start));
        return lines;
    }

    /** `FILE:LINE:COL: error: MESSAGE`, then the source line and a caret under the column. */
    public String render(Diagnostic d) {
        return render(d, "error");
    }

    /** As {@link #render(Diagnostic)} with another severity: `FILE:LINE:COL: warning: MESSAGE`. */
    public String render(Diagnostic d, String severity) {
        Span s = d.span();
        StringBuilder out = new StringBuilder();
        out.append(name).append(':').append(s.line()).append(':').append(s.column())
           .append(": ").append(severity).append(": ").append(d.message()).append('\n');
        List<String> lines = lines();
        if (s.line() >= 1 && s.line() <= lines.size()) {
            String line = printable(lines.get(s.line() - 1));
            out.append(line).append('\n');
            int col = Math.max(1, s.column());
            StringBuilder caret = new StringBuilder();
            int cp = 0;
            for (int i = 0; i < line.length() && cp < col - 1; i = line.offsetByCodePoints(i, 1), cp++) {
                caret.append(line.codePointAt(i) == '\t' ? '\t' : ' ');
            }
            while (cp++ < col - 1) caret.append(' ');
            caret.append('^');
            for (int i = 1; i < Math.min(s.length(), 200); i++) caret.append('~');
            out.append(caret).append('\n');
        }
        return out.toString();
    }

    /** Long lines are cut around nothing: a caret line of 100k characters helps nobody. */
    private static String printable(String line) {
        StringBuilder b = new StringBuilder();
        line.codePoints().limit(400).forEach(cp -> {
            if (cp == '\t' || cp >= 0x20 && cp != 0x7f) b.appendCodePoint(cp);
            else b.append('?');
        });
        if (line.codePointCount(0, line.length()) > 400) b.append(" …");
        return b.toString();
    }
}
