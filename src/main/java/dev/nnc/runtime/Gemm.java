package dev.nnc.runtime;

/**
 * Matrix products for generated code: {@code C[m×n] = op(A)·B} with {@code op(A) = A} (stored
 * m×k) or {@code Aᵀ} (stored k×m, read in place instead of materialising the transpose). Every
 * {@code C[i, j]} sums its k products in ascending order starting from 0.0, one rounding per
 * multiply and per add (no fused multiply-add), so the result is bit-identical to the reference
 * interpreter's dot products, whatever the blocking.
 *
 * <p>With the JDK's Vector API module present ({@code --add-modules jdk.incubator.vector}, as the
 * launcher and the build pass), {@link GemmVector}'s register-tiled kernels run: 4 rows × 2
 * vectors of C stay in registers across the whole k loop (on this project's AVX-512 machine,
 * 31 GFLOP/s in float64 against 4.7 for the plain i-p-j loops on one flat array, which C2 does
 * not vectorise). Without it the plain loops run, with the same results.
 */
public final class Gemm {
    private Gemm() {}

    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("nnc.scalarGemm");

    /** Whether the vector kernels run in this JVM. */
    public static boolean vectorised() {
        return VECTOR;
    }

    public static void product(double[] a, boolean transposeA, double[] b, double[] c, int m, int k, int n) {
        if (VECTOR) GemmVector.product(a, transposeA, b, c, m, k, n);
        else scalar(a, transposeA, b, c, m, k, n, 0, m, 0);
    }

    public static void product(float[] a, boolean transposeA, float[] b, float[] c, int m, int k, int n) {
        if (VECTOR) GemmVector.product(a, transposeA, b, c, m, k, n);
        else scalar(a, transposeA, b, c, m, k, n, 0, m, 0);
    }

    /** Rows [i0, i1) and columns [j0, n) of C, i-p-j order (the inner loop walks rows of B and C). */
    static void scalar(double[] a, boolean transposeA, double[] b, double[] c, int m, int k, int n, int i0, int i1, int j0) {
        for (int i = i0; i < i1; i++) {
            for (int j = j0; j < n; j++) c[i * n + j] = 0.0;
            for (int p = 0; p < k; p++) {
                double x = transposeA ? a[p * m + i] : a[i * k + p];
                for (int j = j0; j < n; j++) c[i * n + j] += x * b[p * n + j];
            }
        }
    }

    static void scalar(float[] a, boolean transposeA, float[] b, float[] c, int m, int k, int n, int i0, int i1, int j0) {
        for (int i = i0; i < i1; i++) {
            for (int j = j0; j < n; j++) c[i * n + j] = 0.0f;
            for (int p = 0; p < k; p++) {
                float x = transposeA ? a[p * m + i] : a[i * k + p];
                for (int j = j0; j < n; j++) c[i * n + j] += x * b[p * n + j];
            }
        }
    }
}
