package dev.nnc.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.nnc.diag.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Method bodies from statements: each run of statements from the same source line is preceded
 * by {@code // line N: <the line>}, and a long list is cut into chunks small enough for the
 * JVM's 64 KB method limit (and for the JIT, which ignores methods over 8000 bytes).
 */
final class Statements {
    static final int MAX_STATEMENTS = 150;
    static final int MAX_WEIGHT = 400;

    /** One statement (possibly a loop nest), its source position, and a rough size. */
    record Stmt(Span span, CodeBlock code, int weight) {}

    private Statements() {}

    /** The bodies of consecutive methods that together run {@code stmts} in order; at least one. */
    static List<CodeBlock> chunks(List<Stmt> stmts, List<String> sourceLines) {
        List<CodeBlock> out = new ArrayList<>();
        CodeBlock.Builder b = CodeBlock.builder();
        int count = 0, weight = 0, line = 0;
        for (Stmt s : stmts) {
            if (count > 0 && (count + 1 > MAX_STATEMENTS || weight + s.weight() > MAX_WEIGHT)) {
                out.add(b.build());
                b = CodeBlock.builder();
                count = 0;
                weight = 0;
                line = 0;
            }
            int l = s.span() == null ? 0 : s.span().line();
            if (l > 0 && l != line) {
                String text = sourceText(sourceLines, l);
                b.add(text.isEmpty() ? "// line $L\n" : "// line $L: $L\n", l, text);
            }
            line = l;
            b.add(s.code());
            count++;
            weight += s.weight();
        }
        out.add(b.build());
        return out;
    }

    /**
     * The trimmed source line, safe inside a Java line comment: backslashes are doubled (so no
     * {@code \}{@code u000a} unicode escape can end the comment) and control characters become spaces.
     */
    static String sourceText(List<String> sourceLines, int line) {
        if (sourceLines == null || line < 1 || line > sourceLines.size()) return "";
        String text = sourceLines.get(line - 1).strip();
        if (text.codePointCount(0, text.length()) > MAX_ECHO) {
            // a 10⁵-term sum is one line, echoed above every method it is cut into: Janino lexed
            // 10 MB of such comments for a 2·10⁴-term sum
            text = text.substring(0, text.offsetByCodePoints(0, MAX_ECHO)) + " …";
        }
        return commentText(text);
    }

    /** The most characters of a source line echoed in a comment. */
    static final int MAX_ECHO = 200;

    /** Any text, trimmed and made safe inside a line comment. */
    static String commentText(String text) {
        if (text == null) return "";
        StringBuilder b = new StringBuilder();
        text.strip().codePoints().forEach(cp -> {
            if (cp == '\\') b.append("\\\\");
            else if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029) b.append(' ');
            else b.appendCodePoint(cp);
        });
        return b.toString();
    }
}
