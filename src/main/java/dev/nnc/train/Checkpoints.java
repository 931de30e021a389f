package dev.nnc.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nnc.ir.Shape;
import dev.nnc.lower.Model;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Params on disk: a JSON object of nested lists by param name (the format of the benchmark
 * peers' *_init.json), plus, for resuming, an "_nnc" object with the optimizer state and the
 * epoch reached. Doubles are written in their shortest round-trip form, so reading gives back
 * the same bits. Every write goes to a temp file, is synced, and is renamed over the target.
 *
 * <p>A checkpoint written by {@code --save} carries "_nnc"."sha256": the SHA-256 of its numbers
 * (each param's name, shape and the bits of its values, in file order, then the training state),
 * and, once the run has ended, "_nnc"."npy": the SHA-256 of each FILE.NAME.npy beside it. Reading
 * recomputes them, so a truncated, corrupted or edited checkpoint is refused with the file's name
 * instead of silently resuming from wrong numbers.
 */
public final class Checkpoints {
    static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoints() {}

    /** What a checkpoint holds besides params. */
    public record State(long epoch, long step, long updates, double[][] optimizer, double[][] running) {}

    public static void write(Path file, List<Model.Leaf> params, double[][] values, State state) throws IOException {
        write(file, params, values, state, Map.of());
    }

    /** As {@link #write(Path, List, double[][], State)}, recording the checksums of the .npy files written beside it. */
    static void write(Path file, List<Model.Leaf> params, double[][] values, State state, Map<String, String> npy) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        Digest digest = new Digest();
        for (int i = 0; i < params.size(); i++) {
            root.set(params.get(i).name(), nest(params.get(i).node().shape(), values[i]));
            digest.param(params.get(i).name(), params.get(i).node().shape().dims(), values[i]);
        }
        if (state != null) {
            ObjectNode nnc = root.putObject("_nnc");
            nnc.put("sha256", digest.state(state));
            if (!npy.isEmpty()) {
                ObjectNode files = nnc.putObject("npy");
                npy.forEach(files::put);
            }
            nnc.put("epoch", state.epoch());
            nnc.put("step", state.step());
            nnc.put("updates", state.updates());
            ArrayNode opt = nnc.putArray("optimizer_state");
            for (double[] buffer : state.optimizer()) {
                ArrayNode a = opt.addArray();
                for (double v : buffer) a.add(v);
            }
            ArrayNode run = nnc.putArray("batchnorm_running");
            for (double[] buffer : state.running()) {
                ArrayNode a = run.addArray();
                for (double v : buffer) a.add(v);
            }
        }
        atomically(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root).getBytes(StandardCharsets.UTF_8));
    }

    /** Each param also as a float64 .npy file beside the JSON: FILE.json → FILE.NAME.npy. */
    public static void writeNpy(Path json, List<Model.Leaf> params, double[][] values) throws IOException {
        npyFiles(json, params, values);
    }

    /**
     * The run's last checkpoint: each param as FILE.NAME.npy, then the JSON, which records their
     * checksums (written last, so that it never names .npy files that are not yet on disk).
     */
    public static void writeFinal(Path json, List<Model.Leaf> params, double[][] values, State state) throws IOException {
        write(json, params, values, state, npyFiles(json, params, values));
    }

    private static Map<String, String> npyFiles(Path json, List<Model.Leaf> params, double[][] values) throws IOException {
        String base = json.getFileName().toString().replaceFirst("\\.json$", "");
        Map<String, String> sums = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            Path npy = json.resolveSibling(base + "." + params.get(i).name() + ".npy");
            byte[] bytes = npy(params.get(i).node().shape(), values[i]);
            atomically(npy, bytes);
            sums.put(npy.getFileName().toString(), Digest.hex(Digest.sha256().digest(bytes)));
        }
        return sums;
    }

    /** Reads params by name into {@code target}, checking every name and shape. */
    public static State read(Path file, List<Model.Leaf> params, double[][] target, boolean needState) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new CheckpointError(file + ": not a readable JSON checkpoint (" + (e instanceof java.nio.file.NoSuchFileException ? "no such file"
                    : "truncated or corrupted? " + e.getMessage().lines().findFirst().orElse("")) + ")");
        }
        if (root == null || !root.isObject()) throw new CheckpointError(file + ": expected a JSON object of params by name");
        JsonNode nnc = root.get("_nnc");
        if (nnc != null) verify(file, root, nnc);
        for (int i = 0; i < params.size(); i++) {
            Model.Leaf p = params.get(i);
            JsonNode v = root.get(p.name());
            if (v == null) throw new CheckpointError(file + ": no value for param '" + p.name() + "'");
            List<Integer> shape = new ArrayList<>();
            List<Double> flat = new ArrayList<>();
            flatten(v, shape, flat, 0, file, p.name());
            Shape s = Shape.of(shape.stream().mapToInt(Integer::intValue).toArray());
            if (!s.equals(p.node().shape())) {
                throw new CheckpointError(file + ": param '" + p.name() + "' has shape " + s + " there, but the model declares "
                        + p.node().shape());
            }
            for (int k = 0; k < flat.size(); k++) target[i][k] = flat.get(k);
        }
        if (needState) {
            for (var it = root.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!name.equals("_nnc") && params.stream().noneMatch(p -> p.name().equals(name))) {
                    throw new CheckpointError(file + ": has a param '" + name + "' that this model does not declare: it was written "
                            + "by another model");
                }
            }
        }
        if (nnc == null) {
            if (needState) throw new CheckpointError(file + ": has params but no training state to resume from (was it written by --save?)");
            return null;
        }
        return new State(nnc.path("epoch").asLong(), nnc.path("step").asLong(), nnc.path("updates").asLong(),
                arrays(nnc.get("optimizer_state")), arrays(nnc.get("batchnorm_running")));
    }

    /** Recomputes the checksums a --save checkpoint carries: of its numbers, and of the .npy files it names. */
    private static void verify(Path file, JsonNode root, JsonNode nnc) throws IOException {
        JsonNode expected = nnc.get("sha256");
        if (expected == null || !expected.isTextual()) {
            throw new CheckpointError(file + ": its training state has no checksum (\"_nnc\".\"sha256\"): not a complete --save checkpoint");
        }
        Digest digest = new Digest();
        for (var it = root.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equals("_nnc")) continue;
            List<Integer> shape = new ArrayList<>();
            List<Double> flat = new ArrayList<>();
            flatten(e.getValue(), shape, flat, 0, file, e.getKey());
            double[] values = new double[flat.size()];
            for (int k = 0; k < values.length; k++) values[k] = flat.get(k);
            digest.param(e.getKey(), shape.stream().mapToInt(Integer::intValue).toArray(), values);
        }
        State state = new State(nnc.path("epoch").asLong(), nnc.path("step").asLong(), nnc.path("updates").asLong(),
                arrays(nnc.get("optimizer_state")), arrays(nnc.get("batchnorm_running")));
        if (!digest.state(state).equals(expected.asText())) {
            throw new CheckpointError(file + ": checksum mismatch: the checkpoint is corrupted or was edited (its numbers do not "
                    + "match the SHA-256 it was written with)");
        }
        JsonNode npy = nnc.get("npy");
        if (npy == null) return;
        for (var it = npy.fields(); it.hasNext(); ) {
            var e = it.next();
            Path f = file.resolveSibling(Path.of(e.getKey()).getFileName().toString());
            if (!Files.exists(f)) throw new CheckpointError(f + ": missing (the checkpoint " + file + " was written with it)");
            String sum = Digest.hex(Digest.sha256().digest(Files.readAllBytes(f)));
            if (!sum.equals(e.getValue().asText())) {
                throw new CheckpointError(f + ": checksum mismatch: the file is truncated or corrupted (the checkpoint " + file
                        + " records another SHA-256)");
            }
        }
    }

    /** SHA-256 over a checkpoint's numbers: names, shapes and the exact bits of every double. */
    static final class Digest {
        private final java.security.MessageDigest sha = sha256();

        static java.security.MessageDigest sha256() {
            try {
                return java.security.MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }

        void param(String name, int[] shape, double[] values) {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            putLong(n.length);
            sha.update(n);
            putLong(shape.length);
            for (int d : shape) putLong(d);
            putArray(values);
        }

        String state(State s) {
            putLong(s.epoch());
            putLong(s.step());
            putLong(s.updates());
            putLong(s.optimizer().length);
            for (double[] a : s.optimizer()) putArray(a);
            putLong(s.running().length);
            for (double[] a : s.running()) putArray(a);
            return hex(sha.digest());
        }

        private void putArray(double[] values) {
            putLong(values.length);
            for (double v : values) putLong(Double.doubleToRawLongBits(v));
        }

        private void putLong(long v) {
            for (int k = 7; k >= 0; k--) sha.update((byte) (v >>> (8 * k)));
        }

        static String hex(byte[] bytes) {
            StringBuilder b = new StringBuilder();
            for (byte x : bytes) b.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
            return b.toString();
        }
    }

    private static double[][] arrays(JsonNode list) {
        double[][] buffers = new double[list == null ? 0 : list.size()][];
        for (int b = 0; b < buffers.length; b++) {
            buffers[b] = new double[list.get(b).size()];
            for (int k = 0; k < buffers[b].length; k++) buffers[b][k] = list.get(b).get(k).asDouble();
        }
        return buffers;
    }

    private static void flatten(JsonNode v, List<Integer> shape, List<Double> out, int depth, Path file, String name) {
        if (v.isNumber()) {
            if (depth < shape.size()) throw new CheckpointError(file + ": param '" + name + "' is a ragged list");
            out.add(v.asDouble());
            return;
        }
        if (!v.isArray() || v.isEmpty()) throw new CheckpointError(file + ": param '" + name + "' must be a number or a nested list of numbers");
        if (depth == shape.size()) shape.add(v.size());
        else if (shape.get(depth) != v.size()) throw new CheckpointError(file + ": param '" + name + "' is a ragged list");
        for (JsonNode item : v) flatten(item, shape, out, depth + 1, file, name);
    }

    private static JsonNode nest(Shape shape, double[] data) {
        if (shape.isScalar()) return JSON.getNodeFactory().numberNode(data[0]);
        int[] offset = {0};
        return nest(shape, data, 0, offset);
    }

    private static ArrayNode nest(Shape shape, double[] data, int axis, int[] offset) {
        ArrayNode a = JSON.createArrayNode();
        for (int i = 0; i < shape.dim(axis); i++) {
            if (axis == shape.rank() - 1) a.add(data[offset[0]++]);
            else a.add(nest(shape, data, axis + 1, offset));
        }
        return a;
    }

    private static byte[] npy(Shape shape, double[] data) {
        StringBuilder dims = new StringBuilder();
        for (int d : shape.dims()) dims.append(d).append(", ");
        String shapeText = shape.rank() == 1 ? "(" + shape.dim(0) + ",)" : "(" + dims.toString().replaceAll(", $", "") + ")";
        StringBuilder header = new StringBuilder("{'descr': '<f8', 'fortran_order': False, 'shape': " + shapeText + ", }");
        while ((10 + header.length() + 1) % 64 != 0) header.append(' ');
        header.append('\n');
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.toString().getBytes(StandardCharsets.US_ASCII));
        for (double v : data) b.putDouble(v);
        return b.array();
    }

    /** temp file beside the target, fsync, atomic rename: a reader sees the old file or the new one. */
    static void atomically(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A checkpoint or init file that does not fit the model. */
    public static final class CheckpointError extends RuntimeException {
        CheckpointError(String message) {
            super(message, null, false, false);
        }
    }
}
