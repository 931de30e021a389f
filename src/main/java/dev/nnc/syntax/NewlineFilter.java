package dev.nnc.syntax;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenFactory;
import org.antlr.v4.runtime.TokenSource;

/**
 * Drops NEWLINE tokens inside parentheses and brackets, so a list or a call may span lines
 * while newlines still end statements at the top level. Keeps the grammar free of actions.
 */
final class NewlineFilter implements TokenSource {
    private final TokenSource lexer;
    private int depth;
    private int maxDepth;

    NewlineFilter(TokenSource lexer) {
        this.lexer = lexer;
    }

    int maxDepth() {
        return maxDepth;
    }

    @Override
    public Token nextToken() {
        while (true) {
            Token t = lexer.nextToken();
            switch (t.getText() == null ? "" : t.getText()) {
                case "(", "[" -> maxDepth = Math.max(maxDepth, ++depth);
                case ")", "]" -> depth = Math.max(0, depth - 1);
                default -> { }
            }
            if (t.getType() == NncLexer.NEWLINE && depth > 0) continue;
            return t;
        }
    }

    @Override public int getLine() { return lexer.getLine(); }
    @Override public int getCharPositionInLine() { return lexer.getCharPositionInLine(); }
    @Override public CharStream getInputStream() { return lexer.getInputStream(); }
    @Override public String getSourceName() { return lexer.getSourceName(); }
    @Override public void setTokenFactory(TokenFactory<?> factory) { lexer.setTokenFactory(factory); }
    @Override public TokenFactory<?> getTokenFactory() { return lexer.getTokenFactory(); }
}
