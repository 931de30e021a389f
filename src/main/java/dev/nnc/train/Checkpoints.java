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
import java.util.List;

/**
 * Params on disk: a JSON object of nested lists by param name (the format of the benchmark
 * peers' *_init.json), plus, for resuming, an "_nnc" object with the optimizer state and the
 * epoch reached. Doubles are written in their shortest round-trip form, so reading gives back
 * the same bits. Every write goes to a temp file, is synced, and is renamed over the target.
 */
public final class Checkpoints {
    static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoints() {}

    /** What a checkpoint holds besides params. */
    public record State(long epoch, long step, long updates, double[][] optimizer, double[][] running) {}

    public static void write(Path file, List<Model.Leaf> params, double[][] values, State state) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        for (int i = 0; i < params.size(); i++) root.set(params.get(i).name(), nest(params.get(i).node().shape(), values[i]));
        if (state != null) {
            ObjectNode nnc = root.putObject("_nnc");
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
        String base = json.getFileName().toString().replaceFirst("\\.json$", "");
        for (int i = 0; i < params.size(); i++) {
            Path npy = json.resolveSibling(base + "." + params.get(i).name() + ".npy");
            atomically(npy, npy(params.get(i).node().shape(), values[i]));
        }
    }

    /** Reads params by name into {@code target}, checking every name and shape. */
    public static State read(Path file, List<Model.Leaf> params, double[][] target, boolean needState) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new CheckpointError(file + ": not a readable JSON checkpoint (" + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage().lines().findFirst().orElse("")) + ")");
        }
        if (root == null || !root.isObject()) throw new CheckpointError(file + ": expected a JSON object of params by name");
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
        JsonNode nnc = root.get("_nnc");
        if (nnc == null) {
            if (needState) throw new CheckpointError(file + ": has params but no training state to resume from (was it written by --save?)");
            return null;
        }
        return new State(nnc.path("epoch").asLong(), nnc.path("step").asLong(), nnc.path("updates").asLong(),
                arrays(nnc.get("optimizer_state")), arrays(nnc.get("batchnorm_running")));
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
