package dev.nnc.api;

import dev.nnc.codegen.JaninoCompiler;
import dev.nnc.runtime.GeneratedModel;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.stream.Stream;

/**
 * A directory of compiled generated classes, so that a second compile of the same model skips
 * Janino, the dominant cost of a cold compile (about two thirds of the compile stages of a cold
 * {@code nnc grad models/sine.nn}; see BENCHMARKS.md).
 *
 * <p>The key is SHA-256 of the generated Java source itself, with the class's name, the
 * Janino settings and the bytes of the runtime package the class links against. The class files
 * are a pure function of those, so an entry can never be stale: a change to the model's text, to
 * an option, to the data a dim comes from or to nnc's code generator changes the source, and a
 * change to {@code dev.nnc.runtime} (a kernel's signature) changes the build id. The passes before
 * code generation still run on a hit: the compiled model needs their result (names, shapes,
 * initial values), and they are cheap beside Janino.
 *
 * <p>An entry is one file, {@code <key>.classes}, written to a temporary file and renamed into
 * place, so readers see the whole entry or none and concurrent runs are safe (they write the same
 * bytes). An entry that does not read back whole (truncated, foreign, a different key, a bad
 * checksum) or whose classes do not load is ignored, recompiled and replaced. I/O failures never
 * fail a compile: the cache is then just missed.
 */
public final class CompileCache {
    private static final int MAGIC = 0x4E4E4343; // "NNCC"
    private static final int FORMAT = 1;
    /** Janino's jar (its name carries the version) and the debugging information JaninoCompiler asks for. */
    private static final String JANINO_SETTINGS = "debug=source,lines "
            + CompileCache.class.getClassLoader().getResource("org/codehaus/janino/SimpleCompiler.class");

    private final Path dir;

    public CompileCache(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /**
     * The directory the command line uses: {@code $NNC_CACHE_DIR}, else {@code $XDG_CACHE_HOME/nnc},
     * else {@code ~/.cache/nnc}; null when {@code NNC_CACHE} is {@code off} (or {@code 0}, {@code false}).
     */
    public static Path defaultDir(Map<String, String> env) {
        String switch_ = env.getOrDefault("NNC_CACHE", "");
        if (List.of("off", "0", "false", "no").contains(switch_.trim().toLowerCase(java.util.Locale.ROOT))) return null;
        String explicit = env.get("NNC_CACHE_DIR");
        if (explicit != null && !explicit.isBlank()) return Path.of(explicit);
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "nnc");
        return Path.of(System.getProperty("user.home"), ".cache", "nnc");
    }

    /** The outcome of {@link #load}: the instance, and whether it came from the cache. */
    public record Loaded(GeneratedModel model, boolean hit) {}

    /** An instance of the generated class: from the cache when an entry loads, else compiled by Janino and stored. */
    public Loaded load(String className, String javaSource) {
        String key = key(className, javaSource);
        Path entry = dir.resolve(key + ".classes");
        Map<String, byte[]> cached = read(entry, key);
        if (cached != null) {
            try {
                return new Loaded(JaninoCompiler.instantiate(className, cached, javaSource), true);
            } catch (RuntimeException e) {
                // a damaged entry that still checksummed (or a loader problem): compile afresh below
            }
        }
        Map<String, byte[]> classes = JaninoCompiler.compile(className, javaSource);
        GeneratedModel model = JaninoCompiler.instantiate(className, classes, javaSource);
        write(entry, key, classes);
        return new Loaded(model, false);
    }

    /** The entry's name: SHA-256 of the format, the build id, the class name and the source. */
    String key(String className, String javaSource) {
        MessageDigest sha = sha256();
        sha.update(("nnc compile cache " + FORMAT + "\n" + JANINO_SETTINGS + "\n" + BuildId.VALUE + "\n" + className + "\n")
                .getBytes(StandardCharsets.UTF_8));
        sha.update(javaSource.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
    }

    private static Map<String, byte[]> read(Path entry, String key) {
        byte[] all;
        try {
            all = Files.readAllBytes(entry);
        } catch (IOException e) {
            return null; // absent (the usual miss) or unreadable
        }
        if (all.length < 32) return null;
        byte[] body = Arrays.copyOf(all, all.length - 32);
        if (!Arrays.equals(sha256().digest(body), Arrays.copyOfRange(all, all.length - 32, all.length))) return null;
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(body))) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT || !in.readUTF().equals(key)) return null;
            int n = in.readInt();
            if (n <= 0 || n > 10_000) return null;
            Map<String, byte[]> classes = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                classes.put(name, bytes);
            }
            return in.read() == -1 ? classes : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void write(Path entry, String key, Map<String, byte[]> classes) {
        Path temp = null;
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(buffer)) {
                out.writeInt(MAGIC);
                out.writeInt(FORMAT);
                out.writeUTF(key);
                out.writeInt(classes.size());
                for (var e : new TreeMap<>(classes).entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeInt(e.getValue().length);
                    out.write(e.getValue());
                }
            }
            byte[] body = buffer.toByteArray();
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, "." + key.substring(0, 16), ".tmp");
            try (var out = Files.newOutputStream(temp)) {
                out.write(body);
                out.write(sha256().digest(body));
            }
            try {
                Files.move(temp, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, entry, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException | RuntimeException e) {
            // a cache that cannot be written is a cache that misses; the compile itself succeeded
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // nothing more to do
                }
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /**
     * What the cached class files depend on beyond their source: the class files of the runtime
     * package they link against (a kernel whose signature changed must not be called through old
     * bytecode). Computed once per process from nnc's own class path (a directory or a jar).
     */
    static final class BuildId {
        static final String VALUE = compute();

        private BuildId() {}

        private static String compute() {
            MessageDigest sha = sha256();
            try {
                Map<String, byte[]> files = runtimeClassFiles();
                for (var e : files.entrySet()) {
                    sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                    sha.update(e.getValue());
                }
                sha.update(("java " + Runtime.version().feature()).getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(sha.digest());
            } catch (IOException | URISyntaxException | RuntimeException e) {
                // unknown build: a key no other process shares, so nothing stale is ever read
                return "unknown-" + System.nanoTime() + "-" + ProcessHandle.current().pid();
            }
        }

        /** dev/nnc/runtime/*.class → bytes, sorted by name. */
        private static Map<String, byte[]> runtimeClassFiles() throws IOException, URISyntaxException {
            String prefix = "dev/nnc/runtime/";
            URL url = GeneratedModel.class.getResource("GeneratedModel.class");
            if (url == null) throw new IOException("GeneratedModel.class not found");
            Map<String, byte[]> out = new TreeMap<>();
            if (url.getProtocol().equals("file")) {
                Path folder = Path.of(url.toURI()).getParent();
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path p : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                        out.put(prefix + p.getFileName(), Files.readAllBytes(p));
                    }
                }
            } else if (url.getProtocol().equals("jar")) {
                var connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(false);
                try (var jar = connection.getJarFile()) {
                    for (JarEntry e : java.util.Collections.list(jar.entries())) {
                        if (e.getName().startsWith(prefix) && e.getName().endsWith(".class")) {
                            try (InputStream in = jar.getInputStream(e)) {
                                out.put(e.getName(), in.readAllBytes());
                            }
                        }
                    }
                }
            } else {
                throw new IOException("cannot list " + url);
            }
            if (out.isEmpty()) throw new IOException("no runtime classes under " + url);
            return new LinkedHashMap<>(out);
        }
    }
}
