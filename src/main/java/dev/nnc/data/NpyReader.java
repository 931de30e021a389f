package dev.nnc.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Reads NumPy {@code .npy} files, format versions 1.0, 2.0 and 3.0: the magic
 * {@code \x93NUMPY}, a version, a little-endian header length (2 bytes in 1.0, 4 after), the
 * header dict, then the data in C order. Numeric dtypes only; values become doubles.
 */
final class NpyReader {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** The element types read, by their dtype kind and size ({@code f8} is float64). */
    private enum Type {
        F8, F4, I8, I4, I2, I1, U8, U4, U2, U1, B1;

        int size() {
            return Integer.parseInt(name().substring(1));
        }

        double get(ByteBuffer b, int at) {
            switch (this) {
                case F8: return b.getDouble(at);
                case F4: return b.getFloat(at);
                case I8: return b.getLong(at);
                case I4: return b.getInt(at);
                case I2: return b.getShort(at);
                case I1: return b.get(at);
                case U8: return unsigned(b.getLong(at));
                case U4: return Integer.toUnsignedLong(b.getInt(at));
                case U2: return Short.toUnsignedInt(b.getShort(at));
                case U1: return Byte.toUnsignedInt(b.get(at));
                case B1: return b.get(at) != 0 ? 1 : 0;
                default: throw new AssertionError(this);
            }
        }

        private static double unsigned(long v) {
            return v >= 0 ? v : (double) ((v >>> 1) | (v & 1)) * 2.0; // the sticky bit keeps one rounding
        }
    }

    /** An array as read: its shape and its values in C order. */
    record Array(long[] shape, double[] values) {}

    private NpyReader() {}

    /** The whole array as one column "array": rows are shape[0], the row shape is shape[1:]. */
    static Dataset read(Path path) {
        Array a = array(path);
        if (a.shape().length == 0) {
            throw new DataError(path.toString(), 0, "a 0-d array (a single number) has no rows: need at least 1 dimension");
        }
        int[] rowShape = new int[a.shape().length - 1];
        for (int i = 0; i < rowShape.length; i++) {
            rowShape[i] = (int) a.shape()[i + 1];
        }
        return Dataset.builder((int) a.shape()[0]).adopt("array", rowShape, a.values()).build();
    }

    /**
     * Named columns of a 2-D array: each name takes the listed column indices (negative counts
     * from the end, as in NumPy); one index gives a scalar column, k indices a [k] vector.
     */
    static Dataset columns(Path path, Map<String, int[]> columns) {
        String file = path.toString();
        Array a = array(path);
        if (a.shape().length != 2) {
            throw new DataError(file, 0, "named columns need a 2-D array, but the shape is " + shapeText(a.shape()));
        }
        int rows = (int) a.shape()[0];
        int width = (int) a.shape()[1];
        Dataset.Builder data = Dataset.builder(rows);
        for (Map.Entry<String, int[]> column : columns.entrySet()) {
            int[] indices = column.getValue().clone();
            if (indices.length == 0) {
                throw new DataError(file, 0, "column '" + column.getKey() + "' lists no indices");
            }
            for (int k = 0; k < indices.length; k++) {
                int i = indices[k] < 0 ? indices[k] + width : indices[k];
                if (i < 0 || i >= width) {
                    throw new DataError(file, 0, "column '" + column.getKey() + "': index " + indices[k]
                            + " is out of range for an array with " + width + " columns");
                }
                indices[k] = i;
            }
            double[] values = new double[rows * indices.length];
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < indices.length; k++) {
                    values[r * indices.length + k] = a.values()[r * width + indices[k]];
                }
            }
            int[] shape = indices.length == 1 ? new int[0] : new int[] {indices.length};
            data.adopt(column.getKey(), shape, values);
        }
        return data.build();
    }

    static Array array(Path path) {
        String file = path.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new DataError(file, 0, "no such file", e);
        } catch (IOException e) {
            throw new DataError(file, 0, DataError.cannotRead(path, e), e);
        }
        if (bytes.length < 10 || !Arrays.equals(bytes, 0, 6, MAGIC, 0, 6)) {
            throw new DataError(file, 0, "not a .npy file: it does not start with \\x93NUMPY");
        }
        int major = bytes[6];
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength;
        int start;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(in.getShort(8));
            start = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new DataError(file, 0, "truncated: the file ends inside the header length");
            }
            headerLength = Integer.toUnsignedLong(in.getInt(8));
            start = 12;
        } else {
            throw new DataError(file, 0, "unsupported .npy format version " + major + "." + bytes[7]
                    + " (1.0, 2.0 and 3.0 are read)");
        }
        if (start + headerLength > bytes.length) {
            throw new DataError(file, 0, "truncated: the header says it is " + headerLength
                    + " bytes long, but the file ends before that");
        }
        String text = new String(bytes, start, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader header = NpyHeader.parse(file, text);
        return data(file, header, in, start + (int) headerLength);
    }

    private static Array data(String file, NpyHeader header, ByteBuffer in, int offset) {
        if (header.fortranOrder()) {
            throw new DataError(file, 0, "Fortran-order arrays are not supported: save np.ascontiguousarray(a)");
        }
        Type type = type(file, header.descr());
        long count = 1;
        for (long d : header.shape()) {
            count = d > Integer.MAX_VALUE ? Long.MAX_VALUE : count * d;
            if (count > Integer.MAX_VALUE - 8) {
                throw new DataError(file, 0, "the shape " + shapeText(header.shape()) + " is too large to load");
            }
        }
        long need = count * type.size();
        long have = in.capacity() - offset;
        if (have < need) {
            throw new DataError(file, 0, "truncated: the shape " + shapeText(header.shape()) + " of '"
                    + header.descr() + "' needs " + need + " bytes of data, the file has " + have);
        }
        in.order(byteOrder(file, header.descr(), type));
        double[] values = new double[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = type.get(in, offset + i * type.size());
        }
        return new Array(header.shape(), values);
    }

    private static Type type(String file, String descr) {
        if (descr.length() >= 3 && "<>|=".indexOf(descr.charAt(0)) >= 0) {
            for (Type t : Type.values()) {
                if (descr.substring(1).equals(t.name().toLowerCase(Locale.ROOT))) {
                    return t;
                }
            }
        }
        throw new DataError(file, 0, "unsupported dtype '" + descr + "': expected one of f8, f4, i8, i4, i2, i1,"
                + " u8, u4, u2, u1 or b1 with a byte order (<, > or |)");
    }

    private static ByteOrder byteOrder(String file, String descr, Type type) {
        switch (descr.charAt(0)) {
            case '<': return ByteOrder.LITTLE_ENDIAN;
            case '>': return ByteOrder.BIG_ENDIAN;
            case '=': return ByteOrder.nativeOrder();
            default:
                if (type.size() > 1) {
                    throw new DataError(file, 0, "dtype '" + descr + "' has no byte order ('|' is only for 1-byte types)");
                }
                return ByteOrder.LITTLE_ENDIAN;
        }
    }

    static String shapeText(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }
}
