package dev.nnc.codegen;

/**
 * The generated Java did not compile or load. That is a bug of nnc, not of the user's file, so the
 * message carries the compiler's complaint and the whole generated source with line numbers.
 */
public final class InternalCompilerError extends RuntimeException {
    public InternalCompilerError(String message, String source, Throwable cause) {
        super("internal compiler error: " + message + "\n--- generated source ---\n" + numbered(source), cause);
    }

    /** {@code   12 | text}, one line per source line. */
    static String numbered(String source) {
        StringBuilder b = new StringBuilder();
        String[] lines = source.split("\n", -1);
        int width = Integer.toString(lines.length).length();
        for (int i = 0; i < lines.length; i++) {
            String n = Integer.toString(i + 1);
            b.append(" ".repeat(width - n.length())).append(n).append(" | ").append(lines[i]).append('\n');
        }
        return b.toString();
    }
}
