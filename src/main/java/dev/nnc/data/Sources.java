package dev.nnc.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where training data comes from: files (CSV, NumPy {@code .npy}, MNIST IDX), the installed
 * Fashion-MNIST set, and generators of the seeds' toy sets. Every method returns a
 * {@link Dataset} or throws a {@link DataError} that names the file and, where there is one,
 * the row.
 */
public final class Sources {
    /** Where the Debian package dataset-fashion-mnist installs the set. */
    public static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** The environment variable that overrides {@link #FASHION_MNIST_DIR}. */
    public static final String FASHION_MNIST_ENV = "NNC_FASHION_MNIST_DIR";

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

    /**
     * MNIST-style IDX images [n, rows, cols] and labels [n] (unsigned bytes, gzip or plain):
     * columns "images" (row shape [rows, cols], values 0..255, not scaled) and "labels".
     */
    public static Dataset idx(Path images, Path labels) {
        return IdxReader.read(images, labels);
    }

    /**
     * The Fashion-MNIST "train" (60,000) or "test" (10,000) split from the Debian package
     * dataset-fashion-mnist, or from the directory in {@value #FASHION_MNIST_ENV} when set.
     */
    public static Dataset fashionMnist(String split) {
        return fashionMnist(split, fashionMnistDir(System.getenv()));
    }

    static Dataset fashionMnist(String split, Path dir) {
        String prefix;
        if ("train".equals(split)) {
            prefix = "train";
        } else if ("test".equals(split)) {
            prefix = "t10k";
        } else {
            throw new DataError("", 0, "fashion_mnist: unknown split '" + split + "': expected \"train\" or \"test\"");
        }
        Path images = dir.resolve(prefix + "-images-idx3-ubyte.gz");
        Path labels = dir.resolve(prefix + "-labels-idx1-ubyte.gz");
        if (!Files.isRegularFile(images) || !Files.isRegularFile(labels)) {
            throw DataError.named(dir.toString(), "Fashion-MNIST not found in " + dir
                    + ": install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist)");
        }
        return idx(images, labels);
    }

    static Path fashionMnistDir(Map<String, String> env) {
        String dir = env.get(FASHION_MNIST_ENV);
        return dir == null || dir.isBlank() ? FASHION_MNIST_DIR : Path.of(dir);
    }

    /**
     * bev033dle lab 2's mixture: columns x1, x2, y; y ~ Bernoulli(0.5), each class an equal
     * mixture of two Gaussians with σ = 0.45, class 0 at (±1, 0), class 1 at (0, ±0.9).
     */
    public static Dataset gaussianMixture(int n, long seed) {
        return ToyData.gaussianMixture(n, seed);
    }

    /** LMU's five points: (0,0)→1, (1,0)→0, (0,−1)→0, (−1,0)→0, (0,1)→0; columns x1, x2, y. */
    public static Dataset fivePoints() {
        return ToyData.fivePoints();
    }

    /**
     * XOR: points uniform in [−1, 1)², y = 1 when x1·x2 > 0; columns x1, x2, y. n = 4 gives
     * the four corners (±1, ±1) exactly.
     */
    public static Dataset xor(int n, long seed) {
        return ToyData.xor(n, seed);
    }
}
