package dev.nnc.lower;

import dev.nnc.diag.CompileError;
import dev.nnc.diag.Span;
import java.util.Locale;

/**
 * The heap a compilation may still use, checked before tensors are allocated, so that a model
 * too big for this JVM is a positioned error ("needs 7.2 GB, 5.9 GB free") rather than an
 * OutOfMemoryError halfway through.
 */
public final class Heap {
    private Heap() {}

    /** Bytes the JVM can still allocate: its maximum heap less what is in use. */
    public static long available() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /** Throws a positioned error when {@code bytes} for {@code what} do not fit in the heap. */
    public static void require(long bytes, Span span, String what) {
        long free = available();
        if (bytes <= free) return;
        System.gc(); // what is in use may be garbage from an earlier compilation
        free = available();
        if (bytes <= free) return;
        throw new CompileError(span, what + " needs " + size(bytes) + " of memory, more than this JVM has free (" + size(free)
                + " of at most " + size(Runtime.getRuntime().maxMemory()) + "); give it more with NNC_JAVA_OPTS=-Xmx…, "
                + "or make the model smaller");
    }

    /** 7.2 GB, 512 MB, 3 kB. */
    public static String size(long bytes) {
        String[] units = {"bytes", "kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) { v /= 1000; u++; }
        return u == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
