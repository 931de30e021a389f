package dev.nnc.api;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs a compilation on a thread with a large stack. The parser and the AST builder recurse
 * along the nesting of an expression, and a flat 100k-character `1 + 1 + …` is 30,000 levels
 * deep; every pass after them is iterative.
 */
final class BigStack {
    static final long STACK_BYTES = 1L << 30;

    private BigStack() {}

    static <T> T call(Supplier<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(work.get());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "nnc-compile", STACK_BYTES);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            t.interrupt();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling", e);
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException r) throw r;
        if (e instanceof Error err) throw err;
        if (e != null) throw new IllegalStateException(e);
        return result.get();
    }
}
