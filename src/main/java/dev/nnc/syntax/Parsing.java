package dev.nnc.syntax;

import dev.nnc.ast.Program;
import dev.nnc.diag.CompileError;
import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.Source;
import dev.nnc.diag.Span;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;

/** Source text → AST, or a {@link CompileError} at the first syntax error. */
public final class Parsing {
    /** Deeper bracket nesting than this is refused before the recursive-descent parser sees it. */
    public static final int MAX_NESTING = 256;

    private Parsing() {}

    public static Program parse(Source source) {
        checkText(source);
        // ANTLR counts lines by \n only; a lone \r (old Mac files) ends a line as well
        String text = source.text().replace("\r\n", "\n").replace('\r', '\n');
        NncLexer lexer = new NncLexer(CharStreams.fromString(text, source.name()));
        lexer.removeErrorListeners();
        NewlineFilter filtered = new NewlineFilter(lexer);
        CommonTokenStream tokens = new CommonTokenStream(filtered);
        tokens.fill();
        checkNesting(tokens.getTokens());
        NncParser parser = new NncParser(tokens);
        parser.removeErrorListeners();
        DiagnosticListener listener = new DiagnosticListener();
        parser.addErrorListener(listener);
        NncParser.ProgramContext tree;
        try {
            tree = parser.program();
        } catch (StackOverflowError e) {
            throw new CompileError(Span.START, "expression nested too deeply to parse");
        }
        if (!listener.diagnostics.isEmpty()) throw new CompileError(listener.diagnostics);
        return new Program(source, new AstBuilder().program(tree));
    }

    private static void checkText(Source source) {
        String text = source.text();
        int line = 1, col = 1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (cp == 0) throw new CompileError(new Span(line, col, 1), "NUL byte in source: is this a text file?");
            if (cp == 0xFFFD) throw new CompileError(new Span(line, col, 1), "invalid UTF-8 in source");
            boolean crlf = cp == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n';
            if (cp == '\n' || cp == '\r' && !crlf) { line++; col = 1; } else if (!crlf) { col++; }
            i += Character.charCount(cp);
        }
    }

    private static void checkNesting(List<Token> tokens) {
        int depth = 0;
        for (Token t : tokens) {
            String text = t.getText();
            if ("(".equals(text) || "[".equals(text)) {
                if (++depth > MAX_NESTING) {
                    throw new CompileError(List.of(new Diagnostic(AstBuilder.span(t),
                            "brackets nested more than " + MAX_NESTING + " deep")));
                }
            } else if (")".equals(text) || "]".equals(text)) {
                depth = Math.max(0, depth - 1);
            }
        }
    }
}
