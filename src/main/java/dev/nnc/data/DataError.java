package dev.nnc.data;

/**
 * Training data that cannot be read: a missing or corrupt file, a malformed row, a bad
 * argument to a source. The message starts with the place ({@code gmm_train.csv:17: …}),
 * so a command line can print it as it is; {@link #file()}, {@link #row()} and
 * {@link #detail()} give the parts to a caller that renders errors its own way.
 */
public final class DataError extends RuntimeException {
    private final String file;
    private final int row;
    private final String detail;

    /**
     * An error about {@code file} ("" when it is not about a file) at 1-based line {@code row}
     * (0 when it is not about a row).
     */
    public DataError(String file, int row, String detail) {
        this(file, row, detail, null);
    }

    /** The same, keeping the I/O or format exception that caused it. */
    public DataError(String file, int row, String detail, Throwable cause) {
        this(file, row, detail, location(file, row) + detail, cause);
    }

    private DataError(String file, int row, String detail, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.row = row;
        this.detail = detail;
    }

    /** What a failed read says to a user: "is a directory", "permission denied", never a Java class name. */
    static String cannotRead(java.nio.file.Path path, java.io.IOException e) {
        if (java.nio.file.Files.isDirectory(path)) return "is a directory, not a data file";
        if (e instanceof java.nio.file.AccessDeniedException) return "cannot read: permission denied";
        String why = e.getMessage() == null ? "an I/O error" : e.getMessage();
        return "cannot read: " + why;
    }

    /** About {@code file}, with a message that already names it, so it gets no prefix. */
    static DataError named(String file, String message) {
        return new DataError(file, 0, message, message, null);
    }

    private static String location(String file, int row) {
        if (file.isEmpty()) {
            return "";
        }
        return row > 0 ? file + ":" + row + ": " : file + ": ";
    }

    /** The file (or directory) the error is about, as it was given; "" when none. */
    public String file() {
        return file;
    }

    /** The 1-based line or record number; 0 when the error is not about one row. */
    public int row() {
        return row;
    }

    /** The message without the location prefix. */
    public String detail() {
        return detail;
    }
}
