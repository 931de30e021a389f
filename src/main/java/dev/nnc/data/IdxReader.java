package dev.nnc.data;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads MNIST-style IDX files: a big-endian magic {@code 0x000008dd} (unsigned bytes,
 * {@code dd} dimensions), the dimensions as big-endian ints, then the bytes. A file that
 * starts with the gzip magic {@code 1f 8b} is decompressed first, whatever its name.
 */
final class IdxReader {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    /** One IDX file as read: its dimensions and where its data starts in {@code bytes}. */
    private record Idx(int[] dims, byte[] bytes, int offset) {
        /** The number of values, saturating at Long.MAX_VALUE (only a zero dimension brings it back). */
        long count() {
            long n = 1;
            for (int d : dims) {
                n = Math.multiplyHigh(n, d) != 0 || n * d < 0 ? Long.MAX_VALUE : n * d;
            }
            return n;
        }
    }

    private IdxReader() {}

    /** Columns "images" (row shape [rows, cols], values 0..255) and "labels" (scalar). */
    static Dataset read(Path images, Path labels) {
        Idx x = idx(images, IMAGES_MAGIC, "unsigned-byte images [n, rows, cols]");
        Idx y = idx(labels, LABELS_MAGIC, "unsigned-byte labels [n]");
        if (x.dims()[0] != y.dims()[0]) {
            throw new DataError(labels.toString(), 0, "has " + y.dims()[0] + " labels, but " + images
                    + " has " + x.dims()[0] + " images");
        }
        return Dataset.builder(x.dims()[0])
                .adopt("images", new int[] {x.dims()[1], x.dims()[2]}, values(x))
                .adopt("labels", new int[0], values(y))
                .build();
    }

    private static double[] values(Idx idx) {
        double[] values = new double[(int) idx.count()];
        for (int i = 0; i < values.length; i++) {
            values[i] = Byte.toUnsignedInt(idx.bytes()[idx.offset() + i]);
        }
        return values;
    }

    private static Idx idx(Path path, int magic, String what) {
        String file = path.toString();
        byte[] bytes = decompressed(file, read(path));
        if (bytes.length < 4) {
            throw new DataError(file, 0, "truncated: the file ends inside the magic number");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes); // big-endian, as IDX is
        int found = in.getInt(0);
        if (found != magic) {
            throw new DataError(file, 0, String.format("bad magic 0x%08x: expected 0x%08x (%s)", found, magic, what));
        }
        int rank = magic & 0xFF;
        int offset = 4 + 4 * rank;
        if (bytes.length < offset) {
            throw new DataError(file, 0, "truncated: the file ends inside the " + rank + " dimensions");
        }
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = in.getInt(4 + 4 * i);
            if (dims[i] < 0) {
                throw new DataError(file, 0, "dimension " + (i + 1) + " is negative (" + dims[i] + ")");
            }
        }
        Idx idx = new Idx(dims, bytes, offset);
        long have = bytes.length - (long) offset;
        if (idx.count() > have) {
            String count = idx.count() == Long.MAX_VALUE ? "" : " = " + idx.count();
            throw new DataError(file, 0, "truncated: the header promises " + dimsText(dims) + count
                    + " bytes of data, the file has " + have);
        }
        return idx;
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new DataError(path.toString(), 0, "no such file", e);
        } catch (IOException e) {
            throw new DataError(path.toString(), 0, DataError.cannotRead(path, e), e);
        }
    }

    /** The bytes themselves, or their decompression when they start with the gzip magic. */
    private static byte[] decompressed(String file, byte[] bytes) {
        if (bytes.length < 2 || (bytes[0] & 0xFF) != 0x1f || (bytes[1] & 0xFF) != 0x8b) {
            return bytes;
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes), 1 << 16)) {
            return in.readAllBytes();
        } catch (EOFException e) {
            throw new DataError(file, 0, "truncated: the gzip stream ends early", e);
        } catch (ZipException e) {
            throw new DataError(file, 0, "corrupt gzip data: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DataError(file, 0, "cannot decompress: " + e, e);
        }
    }

    private static String dimsText(int[] dims) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            sb.append(i > 0 ? " × " : "").append(dims[i]);
        }
        return sb.toString();
    }
}
