package dev.nnc.data;

import java.nio.file.Path;
import java.util.Map;

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

    /**
     * A {@code .npy} array (versions 1.0–3.0; dtypes f8 f4 i8 i4 i2 i1 u8 u4 u2 u1 b1, either byte
     * order; C order) as one column "array": rows are the first axis, the row shape the rest.
     */
    public static Dataset npy(Path file) {
        return NpyReader.read(file);
    }

    /**
     * Named columns of a 2-D {@code .npy} array, in the map's iteration order (pass a
     * LinkedHashMap to fix it): one index gives a scalar column, k indices a [k] vector
     * column. Negative indices count from the end, as in NumPy.
     */
    public static Dataset npyColumns(Path file, Map<String, int[]> columns) {
        return NpyReader.columns(file, columns);
    }
}
