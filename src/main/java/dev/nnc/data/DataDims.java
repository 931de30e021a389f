package dev.nnc.data;

import dev.nnc.ast.Expr;
import dev.nnc.ast.Program;
import dev.nnc.ast.Stmt;
import dev.nnc.diag.CompileError;
import dev.nnc.interp.Tensor;
import dev.nnc.ir.Shape;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds the sizes that data decides — the batch dim of `input X[N, 2]` and any other unbound
 * dim of a data-fed input — and, optionally, the inputs' values for a run of rows.
 */
public final class DataDims {
    private DataDims() {}

    /** The bindings for rows {@code [0, rows)} of {@code split}. */
    public record Binding(Map<String, String> dims, Map<String, Tensor> values) {}

    /**
     * @param split     the split whose rows feed the inputs
     * @param rows      how many rows a run has (the batch dim's value)
     * @param withData  whether to give the inputs the split's first {@code rows} rows as values
     * @param userSets  what the caller already bound (never overridden)
     */
    public static Binding bind(Program program, SplitData split, int rows, boolean withData, Map<String, String> userSets) {
        Set<String> declaredDims = new HashSet<>();
        for (Stmt s : program.statements()) if (s instanceof Stmt.Dim d) declaredDims.add(d.name());
        Map<String, String> dims = new LinkedHashMap<>();
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (Stmt s : program.statements()) {
            if (!(s instanceof Stmt.TensorDecl t) || t.kind() != Stmt.TensorKind.INPUT) continue;
            SplitData.BoundInput in = split.inputs().get(t.name());
            if (in == null || t.shape().isEmpty()) continue;
            List<Expr> shape = t.shape();
            bindDim(shape.get(0), rows, declaredDims, userSets, dims);
            // the other axes: bound from the row's shape when the ranks agree
            if (shape.size() - 1 == in.rowShape().length) {
                for (int a = 1; a < shape.size(); a++) bindDim(shape.get(a), in.rowShape()[a - 1], declaredDims, userSets, dims);
            } else if (shape.size() == 2 && shape.get(1) instanceof Expr.Name) {
                bindDim(shape.get(1), in.rowSize(), declaredDims, userSets, dims);
            }
            if (withData) {
                double[] v = Arrays.copyOf(in.values(), rows * in.rowSize());
                int[] dimsOut = new int[] {rows};
                int[] declared = declaredRest(shape, dims, userSets, program);
                if (declared != null && product(declared) == in.rowSize()) {
                    dimsOut = new int[declared.length + 1];
                    dimsOut[0] = rows;
                    System.arraycopy(declared, 0, dimsOut, 1, declared.length);
                } else if (in.rowShape().length > 0 || shape.size() > 1) {
                    dimsOut = shapeOf(rows, in.rowShape(), shape);
                }
                values.put(t.name(), new Tensor(Shape.of(dimsOut), v));
            }
        }
        return new Binding(dims, values);
    }

    /** The declared sizes after the batch axis, when each is a number or a bound dim; else null. */
    private static int[] declaredRest(List<Expr> shape, Map<String, String> bound, Map<String, String> userSets, Program program) {
        int[] out = new int[shape.size() - 1];
        for (int a = 1; a < shape.size(); a++) {
            Expr e = shape.get(a);
            if (e instanceof Expr.Num n && n.value() == Math.rint(n.value())) out[a - 1] = (int) n.value();
            else if (e instanceof Expr.Name n && bound.containsKey(n.name())) out[a - 1] = Integer.parseInt(bound.get(n.name()));
            else if (e instanceof Expr.Name n && declaredDim(program, n.name()) != null) out[a - 1] = declaredDim(program, n.name());
            else return null;
        }
        return out;
    }

    private static Integer declaredDim(Program program, String name) {
        for (Stmt s : program.statements()) {
            if (s instanceof Stmt.Dim d && d.name().equals(name) && d.value() instanceof Expr.Num n) return (int) n.value();
        }
        return null;
    }

    private static int product(int[] dims) {
        int p = 1;
        for (int d : dims) p *= d;
        return p;
    }

    /** The data's shape in the declared rank: [rows, 28, 28] declared as [N, 784] becomes [rows, 784]. */
    private static int[] shapeOf(int rows, int[] rowShape, List<Expr> declared) {
        int rowSize = 1;
        for (int d : rowShape) rowSize *= d;
        if (declared.size() - 1 == rowShape.length) {
            int[] out = new int[rowShape.length + 1];
            out[0] = rows;
            System.arraycopy(rowShape, 0, out, 1, rowShape.length);
            return out;
        }
        if (declared.size() == 2) return new int[] {rows, rowSize};
        int[] out = new int[rowShape.length + 1];
        out[0] = rows;
        System.arraycopy(rowShape, 0, out, 1, rowShape.length);
        return out;
    }

    private static void bindDim(Expr e, int value, Set<String> declared, Map<String, String> userSets, Map<String, String> out) {
        if (!(e instanceof Expr.Name n) || declared.contains(n.name()) || userSets.containsKey(n.name())) return;
        String previous = out.get(n.name());
        if (previous != null && !previous.equals(Integer.toString(value))) {
            throw new CompileError(n.span(), "dim '" + n.name() + "' is bound by the data to both " + previous + " and " + value);
        }
        out.put(n.name(), Integer.toString(value));
    }
}
