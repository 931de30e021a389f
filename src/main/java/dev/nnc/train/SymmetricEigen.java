package dev.nnc.train;

/**
 * Eigenvalues and eigenvectors of a small symmetric matrix by cyclic Jacobi rotations (Golub and
 * Van Loan, Alg. 8.5.3): A = V·diag(values)·Vᵀ with orthonormal columns in V. Accurate for every
 * eigenvalue, including tiny and negative ones, which is what damping an indefinite Hessian needs.
 */
record SymmetricEigen(double[] values, double[][] vectors) {
    private static final int MAX_SWEEPS = 100;

    static SymmetricEigen of(double[][] matrix) {
        int n = matrix.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) a[i] = matrix[i].clone();
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) v[i][i] = 1;
        double norm = 0;
        for (double[] row : a) for (double x : row) norm += x * x;
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) for (int q = p + 1; q < n; q++) off += a[p][q] * a[p][q];
            if (off <= 1e-32 * norm || off == 0) break;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] == 0) continue;
                    // the rotation that zeroes a[p][q]: t = tan θ, the smaller root for stability
                    double tau = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
                    double c = 1 / Math.sqrt(1 + t * t), s = t * c;
                    for (int k = 0; k < n; k++) {
                        double kp = a[k][p], kq = a[k][q];
                        a[k][p] = c * kp - s * kq;
                        a[k][q] = s * kp + c * kq;
                    }
                    for (int k = 0; k < n; k++) {
                        double pk = a[p][k], qk = a[q][k];
                        a[p][k] = c * pk - s * qk;
                        a[q][k] = s * pk + c * qk;
                    }
                    for (int k = 0; k < n; k++) {
                        double kp = v[k][p], kq = v[k][q];
                        v[k][p] = c * kp - s * kq;
                        v[k][q] = s * kp + c * kq;
                    }
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) values[i] = a[i][i];
        return new SymmetricEigen(values, v);
    }

    double smallest() {
        double m = Double.POSITIVE_INFINITY;
        for (double x : values) m = Math.min(m, x);
        return m;
    }

    /** x = V·diag(1/(values + shift))·Vᵀ·b: solves (A + shift·I)·x = b. */
    double[] solveShifted(double shift, double[] b) {
        int n = values.length;
        double[] x = new double[n];
        for (int j = 0; j < n; j++) {
            double coefficient = 0;
            for (int i = 0; i < n; i++) coefficient += vectors[i][j] * b[i];
            coefficient /= values[j] + shift;
            for (int i = 0; i < n; i++) x[i] += coefficient * vectors[i][j];
        }
        return x;
    }
}
