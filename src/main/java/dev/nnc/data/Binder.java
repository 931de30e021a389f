package dev.nnc.data;

import dev.nnc.ast.Expr;
import dev.nnc.ast.Program;
import dev.nnc.ast.Stmt;
import dev.nnc.diag.CompileError;
import dev.nnc.diag.Span;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the splits a program's `data` statements name and lays their columns out for the
 * inputs they feed. Runs before lowering, because the data binds sizes (the batch dim N).
 * Errors point at the data statement's source call and name the file and row.
 */
public final class Binder {
    private Binder() {}

    /** Every split of the program, in statement order; empty when the program has no data. */
    public static Map<String, SplitData> load(Program program, Path baseDir, long seed) {
        return load(program, baseDir, seed, Map.of());
    }

    /**
     * @param paths split → a file to read instead of the one the statement names (relative to the
     *              working directory, as a command-line path is)
     */
    public static Map<String, SplitData> load(Program program, Path baseDir, long seed, Map<String, String> paths) {
        Map<String, SplitData> out = new LinkedHashMap<>();
        for (Stmt s : program.statements()) {
            if (s instanceof Stmt.Data d && d.source() instanceof Expr.Call call) {
                if (out.containsKey(d.split())) continue; // lowering reports the duplicate
                Expr.Call source = paths.containsKey(d.split()) ? withPath(call, paths.get(d.split())) : call;
                Path base = paths.containsKey(d.split()) ? Path.of("").toAbsolutePath() : baseDir;
                out.put(d.split(), bind(d.split(), source, load(source, base, seed)));
            }
        }
        for (String split : paths.keySet()) {
            if (!out.containsKey(split)) {
                throw new CompileError(Span.NONE, "--data " + split + "=…: the model has no data split '" + split + "'");
            }
        }
        return out;
    }

    /** The call with its first argument (the file) replaced. */
    private static Expr.Call withPath(Expr.Call call, String path) {
        List<Expr.Arg> args = new ArrayList<>(call.args());
        if (args.isEmpty() || args.get(0).name() != null || !(args.get(0).value() instanceof Expr.Str)) {
            throw new CompileError(call.span(), "--data: this source (" + call.fn() + ") reads no file to replace");
        }
        args.set(0, new Expr.Arg(null, new Expr.Str(path, call.span()), args.get(0).span()));
        return new Expr.Call(call.fn(), args, call.span());
    }

    private static Dataset load(Expr.Call call, Path baseDir, long seed) {
        List<Object> args = new ArrayList<>();
        for (Expr.Arg a : call.args()) {
            if (a.name() != null) break;
            if (a.value() instanceof Expr.Str str) args.add(str.value());
            else if (a.value() instanceof Expr.Num n) args.add(n.value());
            else throw new CompileError(Expr.start(a.value()), "a data source argument must be a string or a number");
        }
        try {
            return switch (call.fn()) {
                case "csv" -> {
                    expect(call, args, 1, "csv(\"file.csv\", INPUT = column, …)");
                    yield Sources.csv(path(call, baseDir, args.get(0)));
                }
                case "npy" -> {
                    expect(call, args, 1, "npy(\"file.npy\", INPUT = column index, …)");
                    yield withIndexColumns(Sources.npy(path(call, baseDir, args.get(0))));
                }
                case "idx" -> {
                    expect(call, args, 2, "idx(\"images.gz\", \"labels.gz\", X = images, y = labels)");
                    yield Sources.idx(path(call, baseDir, args.get(0)), path(call, baseDir, args.get(1)));
                }
                case "fashion_mnist" -> {
                    if (args.isEmpty() || args.size() > 3) {
                        throw new CompileError(call.span(), "usage: fashion_mnist(\"train\" or \"test\"[, rows | , from, to], X = images, y = labels)");
                    }
                    Dataset all = Sources.fashionMnist(string(call, args.get(0)));
                    if (args.size() == 2) yield all.slice(0, Math.min(all.rows(), count(call, args.get(1))));
                    if (args.size() == 3) {
                        int from = (int) number(call, args.get(1)), to = (int) number(call, args.get(2));
                        if (from < 0 || to > all.rows() || from >= to) {
                            throw new CompileError(call.span(), "rows " + from + " to " + to + " are not within the split's " + all.rows());
                        }
                        yield all.slice(from, to);
                    }
                    yield all;
                }
                case "gaussian_mixture" -> {
                    if (args.isEmpty() || args.size() > 2) throw new CompileError(call.span(), "usage: gaussian_mixture(n, seed)");
                    yield Sources.gaussianMixture(count(call, args.get(0)), args.size() > 1 ? (long) number(call, args.get(1)) : seed);
                }
                case "five_points" -> {
                    expect(call, args, 0, "five_points(X = [x1, x2], y = y)");
                    yield Sources.fivePoints();
                }
                case "xor" -> {
                    if (args.isEmpty() || args.size() > 2) throw new CompileError(call.span(), "usage: xor(n, seed)");
                    yield Sources.xor(count(call, args.get(0)), args.size() > 1 ? (long) number(call, args.get(1)) : seed);
                }
                default -> throw new CompileError(call.span(), "unknown data source '" + call.fn() + "'");
            };
        } catch (DataError e) {
            throw new CompileError(call.span(), e.getMessage());
        }
    }

    /** A 2-D array's columns, also as scalar columns "0", "1", …, so `x = 0` picks the first. */
    private static Dataset withIndexColumns(Dataset d) {
        int[] shape = d.columnShape("array");
        if (shape.length != 1) return d;
        Dataset.Builder b = Dataset.builder(d.rows()).add("array", shape, d.column("array"));
        double[] all = d.column("array");
        for (int j = 0; j < shape[0]; j++) {
            double[] col = new double[d.rows()];
            for (int r = 0; r < d.rows(); r++) col[r] = all[r * shape[0] + j];
            b.add(Integer.toString(j), new int[0], col);
        }
        return b.build();
    }

    private static void expect(Expr.Call call, List<Object> args, int n, String usage) {
        if (args.size() != n) throw new CompileError(call.span(), "usage: " + usage);
    }

    private static Path path(Expr.Call call, Path baseDir, Object arg) {
        if (!(arg instanceof String s)) throw new CompileError(call.span(), "expected a file path in quotes");
        Path p = Path.of(s);
        return p.isAbsolute() ? p : baseDir.resolve(p).normalize();
    }

    private static String string(Expr.Call call, Object arg) {
        if (!(arg instanceof String s)) throw new CompileError(call.span(), "expected a string");
        return s;
    }

    private static double number(Expr.Call call, Object arg) {
        if (!(arg instanceof Double d)) throw new CompileError(call.span(), "expected a number");
        return d;
    }

    private static int count(Expr.Call call, Object arg) {
        double d = number(call, arg);
        if (d != Math.rint(d) || d < 1 || d > 1e8) throw new CompileError(call.span(), "expected a positive whole number of rows");
        return (int) d;
    }

    /** Lays each binding's columns out as one input: one column as it is, several scalar columns side by side. */
    private static SplitData bind(String split, Expr.Call call, Dataset data) {
        Map<String, SplitData.BoundInput> inputs = new LinkedHashMap<>();
        for (Expr.Arg a : call.args()) {
            if (a.name() == null) continue;
            List<String> columns = new ArrayList<>();
            List<Expr> items = a.value() instanceof Expr.ListLit l ? l.items() : List.of(a.value());
            for (Expr item : items) columns.add(columnName(item, data, a.span()));
            inputs.put(a.name(), stack(a.name(), columns, data, a.span()));
        }
        return new SplitData(split, data.rows(), inputs);
    }

    private static String columnName(Expr item, Dataset data, Span span) {
        String name;
        if (item instanceof Expr.Name n) name = n.name();
        else if (item instanceof Expr.Str s) name = s.value();
        else if (item instanceof Expr.Num n && n.value() == Math.rint(n.value()) && n.value() >= 0
                && data.columnNames().contains(Long.toString((long) n.value()))) name = Long.toString((long) n.value());
        else if (item instanceof Expr.Num n && n.value() == Math.rint(n.value()) && n.value() >= 0
                && n.value() < data.columnNames().size()) name = data.columnNames().get((int) n.value());
        else throw new CompileError(Expr.start(item), "expected a column name (one of " + String.join(", ", data.columnNames()) + ")");
        if (!data.columnNames().contains(name)) {
            throw new CompileError(Expr.start(item), "the source has no column '" + name + "'; its columns: " + String.join(", ", data.columnNames()));
        }
        return name;
    }

    private static SplitData.BoundInput stack(String input, List<String> columns, Dataset data, Span span) {
        if (columns.size() == 1) {
            int[] shape = data.columnShape(columns.get(0));
            return new SplitData.BoundInput(input, shape, size(shape), data.column(columns.get(0)));
        }
        for (String c : columns) {
            if (data.columnShape(c).length != 0) throw new CompileError(span, "only scalar columns can be listed together; '" + c + "' has shape "
                    + Arrays.toString(data.columnShape(c)));
        }
        int k = columns.size(), rows = data.rows();
        double[] values = new double[rows * k];
        for (int j = 0; j < k; j++) {
            double[] col = data.column(columns.get(j));
            for (int r = 0; r < rows; r++) values[r * k + j] = col[r];
        }
        return new SplitData.BoundInput(input, new int[] {k}, k, values);
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }
}
