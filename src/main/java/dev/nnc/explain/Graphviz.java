package dev.nnc.explain;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Renders DOT to SVG or PNG with Graphviz's {@code dot} (Debian package {@code graphviz}). */
public final class Graphviz {
    private Graphviz() {}

    /** Graphviz is missing or failed: the message says what to do. */
    public static final class GraphvizError extends RuntimeException {
        GraphvizError(String message) {
            super(message, null, false, false);
        }
    }

    public static byte[] render(String dot, String format) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder("dot", "-T" + format).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new GraphvizError("drawing " + format + " needs Graphviz's 'dot': install the Debian package graphviz "
                    + "(apt-get install graphviz), or use --format dot");
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write(dot.getBytes(StandardCharsets.UTF_8));
        }
        byte[] image;
        try (InputStream out = p.getInputStream()) {
            image = out.readAllBytes();
        }
        String errors = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new GraphvizError("Graphviz's dot did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GraphvizError("interrupted while drawing");
        }
        if (p.exitValue() != 0) throw new GraphvizError("Graphviz's dot failed: " + errors.strip());
        return image;
    }
}
