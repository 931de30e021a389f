package dev.nnc.syntax;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.Span;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/** Replaces ANTLR's console listeners: turns syntax errors into positioned diagnostics. */
final class DiagnosticListener extends BaseErrorListener {
    final List<Diagnostic> diagnostics = new ArrayList<>();

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int col,
                            String antlrMessage, RecognitionException e) {
        if (!diagnostics.isEmpty()) return; // later errors are mostly echoes of the first
        Token token = offendingSymbol instanceof Token t ? t : null;
        String message;
        Span span;
        if (token == null) {
            message = "unexpected character";
            span = new Span(line, col + 1, 1);
        } else if (token.getType() == Token.EOF) {
            message = "unexpected end of file" + expectation(recognizer, e);
            span = new Span(line, col + 1, 1);
        } else {
            String text = token.getText();
            String shown = token.getType() == NncLexer.NEWLINE ? "end of line" : "'" + clip(text) + "'";
            if (token.getType() == NncLexer.BAD_NUMBER) {
                message = "malformed number '" + clip(text) + "': an exponent needs digits, as in 1e-3";
            } else if (token.getType() == NncLexer.UNTERMINATED_STRING) {
                message = "unterminated string: a closing \" is missing on this line";
            } else if (token.getType() == NncLexer.UNKNOWN) {
                message = "unexpected character " + shown;
            } else if (e instanceof NoViableAltException) {
                message = "unexpected " + shown;
            } else {
                message = "unexpected " + shown + expectation(recognizer, e) + missingCloser(recognizer, token);
            }
            span = new Span(line, col + 1, Math.max(1, text.codePointCount(0, text.length())));
        }
        diagnostics.add(new Diagnostic(span, message));
    }

    private static String expectation(Recognizer<?, ?> recognizer, RecognitionException e) {
        if (!(recognizer instanceof Parser parser)) return "";
        IntervalSet expected;
        try {
            expected = e instanceof InputMismatchException || e == null ? parser.getExpectedTokens() : e.getExpectedTokens();
        } catch (RuntimeException ignored) {
            return "";
        }
        if (expected == null || expected.size() == 0) return "";
        List<String> names = new ArrayList<>();
        boolean nameExpected = expected.contains(NncParser.ID);
        for (int type : expected.toList()) {
            String name = parser.getVocabulary().getDisplayName(type);
            if (nameExpected && name.matches("'[a-z]+'")) continue; // soft keywords are names too
            names.add(switch (name) {
                case "NEWLINE" -> "end of line";
                case "ID" -> "a name";
                case "NUMBER" -> "a number";
                case "EOF" -> "end of file";
                default -> name;
            });
        }
        if (names.size() > 4) return "";
        return ", expected " + String.join(" or ", names);
    }

    /** Newlines inside brackets are not statement ends, so a missing ] shows up on a later line. */
    private static String missingCloser(Recognizer<?, ?> recognizer, Token offending) {
        if (!(recognizer instanceof Parser parser)) return "";
        IntervalSet expected;
        try {
            expected = parser.getExpectedTokens();
        } catch (RuntimeException ignored) {
            return "";
        }
        Token previous = parser.getInputStream().LT(-1);
        if (previous == null || previous.getLine() >= offending.getLine()) return "";
        String closer = expected.contains(parser.getTokenType("']'")) ? "]" : expected.contains(parser.getTokenType("')'")) ? ")" : null;
        return closer == null ? "" : " (is a '" + closer + "' missing at the end of line " + previous.getLine() + "?)";
    }

    private static String clip(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
