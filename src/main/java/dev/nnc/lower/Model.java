package dev.nnc.lower;

import dev.nnc.diag.Source;
import dev.nnc.diag.Span;
import dev.nnc.interp.Tensor;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Optimizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A lowered `.nn` file: its tensor DAG and the names the user gave to parts of it.
 *
 * @param dims        every dim's value, declared or bound by the caller
 * @param params      trainable leaves with their initial values
 * @param inputs      input leaves with their values (null when the file gives none)
 * @param definitions every `NAME = EXPR`, in source order
 * @param training    the `minimize`/`maximize` statement, or null
 */
public record Model(Source source, Graph graph, Map<String, Integer> dims, List<Leaf> params, List<Leaf> inputs,
                    Map<String, Definition> definitions, Map<String, Definition> reports, List<DataDecl> data,
                    Training training, List<BatchNorm> batchnorms, Map<String, Node> hidden) {

    /**
     * One batchnorm call. In training, the batch statistics are the hidden values {@code mean}
     * and {@code variance} (biased, per feature or channel, over {@code count} elements); in
     * evaluation, the running averages are the inputs {@code runningMean} and {@code runningVariance}.
     */
    public record BatchNorm(int index, Span span, int features, int count, double momentum,
                            String mean, String variance, String runningMean, String runningVariance) {}

    /** A param or input: its leaf node and value (null for an input the file gives no value). */
    public record Leaf(String name, Node node, Tensor value, Span span) {}

    public record Definition(String name, Node node, Span span) {}

    /**
     * `data SPLIT = SOURCE(args…, INPUT = COLUMNS, …)`: where a split's rows come from.
     *
     * @param source   the source function (csv, npy, idx, fashion_mnist, gaussian_mixture, five_points, xor)
     * @param args     the source's own arguments (paths, sizes, seeds), in order, already evaluated
     * @param bindings which input each column (or list of columns) feeds
     */
    public record DataDecl(String split, Span span, String source, Span sourceSpan, List<Object> args,
                           List<InputBinding> bindings) {}

    /** Columns of a source, by name or by index, feeding one input. */
    public record InputBinding(String input, List<String> columns, Span span) {}

    public record Training(String objective, Span objectiveSpan, Node node, boolean maximize, Optimizer optimizer,
                           long count, String unit, Integer batch) {}

    /** The same model with every definition's node replaced (leaves stay). */
    public Model mapNodes(UnaryOperator<Node> f) {
        Map<String, Definition> defs = new LinkedHashMap<>();
        definitions.forEach((k, d) -> defs.put(k, new Definition(d.name(), f.apply(d.node()), d.span())));
        Training t = training == null ? null : new Training(training.objective(), training.objectiveSpan(),
                f.apply(training.node()), training.maximize(), training.optimizer(), training.count(),
                training.unit(), training.batch());
        Map<String, Definition> reps = new LinkedHashMap<>();
        reports.forEach((k, d) -> reps.put(k, new Definition(d.name(), f.apply(d.node()), d.span())));
        Map<String, Node> hid = new LinkedHashMap<>();
        hidden.forEach((k, n) -> hid.put(k, f.apply(n)));
        return new Model(source, graph, dims, params, inputs, defs, reps, data, t, batchnorms, hid);
    }

    /** Every node the user named, for passes that must keep them reachable. */
    public List<Node> namedNodes() {
        List<Node> out = new ArrayList<>();
        definitions.values().forEach(d -> out.add(d.node()));
        reports.values().forEach(d -> out.add(d.node()));
        out.addAll(hidden.values());
        if (training != null) out.add(training.node());
        return out;
    }

    /**
     * The names the file gives to nodes: params, inputs (not the hidden batchnorm state) and
     * definitions; where two names share a node, the first declared wins.
     */
    public Map<Node, String> nodeNames() {
        Map<Node, String> names = new java.util.HashMap<>();
        params.forEach(p -> names.put(p.node(), p.name()));
        inputs.stream().filter(i -> !i.name().contains("#")).forEach(i -> names.put(i.node(), i.name()));
        definitions.values().forEach(d -> names.putIfAbsent(d.node(), d.name()));
        return names;
    }

    public Leaf param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    public Leaf input(String name) {
        return inputs.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }
}
