package dev.nnc.data;

import dev.nnc.runtime.SplitMix64;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A table of named columns with a common row count; a column is a tensor whose first axis
 * is the row. Immutable: every accessor returns a copy, and {@link #select}, {@link #slice}
 * and {@link #shuffled} return new datasets.
 *
 * <p>A column's row shape is the shape of one row: {@code []} for a scalar column,
 * {@code [28, 28]} for an image. Its values are stored row-major as doubles,
 * {@code rows() * prod(rowShape)} of them.
 */
public final class Dataset {
    private final int rows;
    private final List<String> names;
    private final Map<String, Column> columns;

    /** One column: its row shape, the number of values per row, and all values row-major. */
    private record Column(int[] shape, int width, double[] values) {}

    private Dataset(int rows, Map<String, Column> columns) {
        this.rows = rows;
        this.columns = Collections.unmodifiableMap(columns);
        this.names = List.copyOf(columns.keySet());
    }

    /** Starts a dataset of {@code rows} rows; add its columns in order. */
    public static Builder builder(int rows) {
        return new Builder(rows);
    }

    public int rows() {
        return rows;
    }

    /** The column names in source order (CSV header order, the order they were added). */
    public List<String> columnNames() {
        return names;
    }

    /** The shape of one row of the column: {@code []} for a scalar column. */
    public int[] columnShape(String name) {
        return get(name).shape().clone();
    }

    /** A copy of the column's values, row-major: {@code rows() * prod(columnShape(name))} doubles. */
    public double[] column(String name) {
        return get(name).values().clone();
    }

    /** A new dataset with the given rows in the given order; indices may repeat. */
    public Dataset select(int[] rowIndices) {
        for (int r : rowIndices) {
            Objects.checkIndex(r, rows);
        }
        Map<String, Column> out = new LinkedHashMap<>();
        for (String name : names) {
            Column c = columns.get(name);
            int w = c.width();
            double[] values = new double[Math.multiplyExact(rowIndices.length, w)];
            for (int i = 0; i < rowIndices.length; i++) {
                System.arraycopy(c.values(), rowIndices[i] * w, values, i * w, w);
            }
            out.put(name, new Column(c.shape(), w, values));
        }
        return new Dataset(rowIndices.length, out);
    }

    /** A new dataset with rows {@code from} (inclusive) to {@code to} (exclusive). */
    public Dataset slice(int from, int to) {
        Objects.checkFromToIndex(from, to, rows);
        Map<String, Column> out = new LinkedHashMap<>();
        for (String name : names) {
            Column c = columns.get(name);
            int w = c.width();
            out.put(name, new Column(c.shape(), w, Arrays.copyOfRange(c.values(), from * w, to * w)));
        }
        return new Dataset(to - from, out);
    }

    /**
     * The rows in a seeded random order: a Fisher–Yates shuffle driven by splitmix64 (for i
     * from rows-1 down to 1, swap row i with row {@code next() mod (i+1)}, unsigned), so the
     * same seed gives the same order on every run and platform.
     */
    public Dataset shuffled(long seed) {
        return select(SplitMix64.permutation(rows, seed));
    }

    private Column get(String name) {
        Column c = columns.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no column '" + name + "'; the columns are " + names);
        }
        return c;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Dataset[").append(rows).append(" rows");
        for (String name : names) {
            sb.append(", ").append(name).append(Arrays.toString(columns.get(name).shape()));
        }
        return sb.append(']').toString();
    }

    /** Collects columns for a new {@link Dataset}; names must be distinct and non-empty. */
    public static final class Builder {
        private final int rows;
        private final Map<String, Column> columns = new LinkedHashMap<>();

        private Builder(int rows) {
            if (rows < 0) {
                throw new IllegalArgumentException("negative row count " + rows);
            }
            this.rows = rows;
        }

        /** Adds a column (its values are copied): {@code rows * prod(rowShape)} values, row-major. */
        public Builder add(String name, int[] rowShape, double[] values) {
            return adopt(name, rowShape.clone(), values.clone());
        }

        /** Adds a column without copying: for readers in this package that built the array. */
        Builder adopt(String name, int[] rowShape, double[] values) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a column needs a name");
            }
            if (columns.containsKey(name)) {
                throw new IllegalArgumentException("duplicate column '" + name + "'");
            }
            int width = 1;
            for (int d : rowShape) {
                if (d < 0) {
                    throw new IllegalArgumentException("column '" + name + "': negative dimension in "
                            + Arrays.toString(rowShape));
                }
                width = Math.multiplyExact(width, d);
            }
            if ((long) rows * width != values.length) {
                throw new IllegalArgumentException("column '" + name + "': " + rows + " rows of shape "
                        + Arrays.toString(rowShape) + " need " + (long) rows * width + " values, got "
                        + values.length);
            }
            columns.put(name, new Column(rowShape, width, values));
            return this;
        }

        public Dataset build() {
            return new Dataset(rows, new LinkedHashMap<>(columns));
        }
    }
}
