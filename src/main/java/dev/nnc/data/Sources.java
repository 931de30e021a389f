package dev.nnc.data;

import java.nio.file.Path;

/**
 * Where training data comes from: files (CSV, NumPy {@code .npy}, MNIST IDX), the installed
 * Fashion-MNIST set, and generators of the seeds' toy sets. Every method returns a
 * {@link Dataset} or throws a {@link DataError} that names the file and, where there is one,
 * the row.
 */
public final class Sources {
    private Sources() {}

    /**
     * A CSV file with a header row: one scalar column per header name, in header order. Every
     * value must be a finite decimal number; NaN and infinities are refused.
     */
    public static Dataset csv(Path file) {
        return CsvReader.read(file);
    }
}
