package dev.nnc.diag;

/**
 * A region of a source file: 1-based line and column of its first character (columns count
 * Unicode code points), and its length in code points on that line.
 */
public record Span(int line, int column, int length) {
    public static final Span NONE = new Span(0, 0, 0);
    public static final Span START = new Span(1, 1, 1);

    public boolean isKnown() {
        return line > 0;
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
