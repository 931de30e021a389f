package dev.nnc.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes {@code .npy} bytes by hand, per the NumPy format spec, for the reader's tests. */
final class NpyFiles {
    private NpyFiles() {}

    /** A file of format {@code major}.0 whose header dict is {@code dict}, padded to 64 bytes. */
    static byte[] withHeader(int major, String dict, byte[] data) {
        int prefix = 6 + 2 + (major == 1 ? 2 : 4);
        StringBuilder header = new StringBuilder(dict);
        while ((prefix + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] text = header.toString().getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(prefix + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            b.putShort((short) text.length);
        } else {
            b.putInt(text.length);
        }
        return b.put(text).put(data).array();
    }

    /** The dict NumPy writes: {@code {'descr': '<f8', 'fortran_order': False, 'shape': (5, 2), }}. */
    static String dict(String descr, boolean fortran, long... shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i > 0 ? ", " : "").append(shape[i]);
        }
        s.append(shape.length == 1 ? ",)" : ")");
        return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + s + ", }";
    }

    /**
     * The values encoded as dtype {@code descr} (byte order + kind + size): integers take
     * {@code ints[i]}, floats {@code floats[i]}.
     */
    static byte[] encode(String descr, long[] ints, double[] floats) {
        ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        char kind = descr.charAt(1);
        int size = descr.charAt(2) - '0';
        int n = kind == 'f' ? floats.length : ints.length;
        ByteBuffer b = ByteBuffer.allocate(n * size).order(order);
        for (int i = 0; i < n; i++) {
            if (kind == 'f') {
                if (size == 8) {
                    b.putDouble(floats[i]);
                } else {
                    b.putFloat((float) floats[i]);
                }
            } else if (size == 8) {
                b.putLong(ints[i]);
            } else if (size == 4) {
                b.putInt((int) ints[i]);
            } else if (size == 2) {
                b.putShort((short) ints[i]);
            } else {
                b.put((byte) ints[i]);
            }
        }
        return b.array();
    }
}
