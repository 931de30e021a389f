package dev.nnc.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import dev.nnc.diag.Span;
import dev.nnc.ir.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import javax.lang.model.element.Modifier;

/**
 * The {@code double[]} arrays a float class hands out through {@link dev.nnc.runtime.GeneratedModel},
 * and the loops that keep them and its {@code float[]} arrays in step. The doubles are
 * authoritative at every method boundary: a method first narrows the mirrors of what the caller
 * may have written and it reads (forward and backward: the params and inputs they read; update:
 * the params, the gradients it applies and the optimizer state), then computes in float, then
 * widens what it produced (forward: values; backward: gradients; update: params and state). So a
 * float class honours a write between any two calls wherever a double class does. A double class
 * has no mirrors: {@link #outside} and the phase methods are then the identity.
 */
final class Boundary {
    /** Statement weight of one conversion loop. */
    private static final int WEIGHT = 4;

    private final Plan plan;
    private final Storage storage;
    private final UpdateEmitter update;
    private final LoopParts parts;
    private final boolean mirrored;
    /** Internal array → its mirror and its size; filled in naming order, read by lookup only. */
    private final Map<String, String> mirrors = new HashMap<>();
    private final Map<String, Integer> sizes = new HashMap<>();
    private final List<String> order = new ArrayList<>();

    Boundary(Plan plan, Storage storage, UpdateEmitter update, LoopParts parts) {
        this.parts = parts;
        this.plan = plan;
        this.storage = storage;
        this.update = update;
        this.mirrored = storage.scalar().isFloat();
        if (!mirrored) return;
        for (Node p : plan.params()) mirror(storage.array(p), p.shape().size());
        for (Node in : plan.inputs()) mirror(storage.array(in), in.shape().size());
        for (int i = 0; i < plan.values().size(); i++) mirror(storage.valueArray(i), plan.values().get(i).node().shape().size());
        for (int i = 0; i < plan.gradients().size(); i++) {
            mirror(storage.gradientArray(i), plan.gradients().get(i).node().shape().size());
        }
        for (int s = 0; s < update.stateArrays().size(); s++) mirror(update.stateArrays().get(s), update.stateSizes().get(s));
    }

    private void mirror(String array, int size) {
        if (mirrors.containsKey(array)) return;
        mirrors.put(array, storage.names().allocate("", array + "_f64", "mirror:" + array));
        sizes.put(array, size);
        order.add(array);
    }

    /** The array the caller sees for {@code array}: its mirror, or itself in a double class. */
    String outside(String array) {
        return mirrored ? mirrors.get(array) : array;
    }

    /** The mirrors, as {@code double[]} fields. */
    List<FieldSpec> fields() {
        List<FieldSpec> out = new ArrayList<>();
        for (String a : order) {
            out.add(FieldSpec.builder(double[].class, mirrors.get(a), Modifier.PRIVATE, Modifier.FINAL)
                    .initializer("new double[$L]", sizes.get(a)).build());
        }
        return out;
    }

    /** Narrows the params and inputs forward reads, runs {@code body}, widens the values. */
    List<Statements.Stmt> forward(List<Statements.Stmt> body) {
        if (!mirrored) return body;
        List<Statements.Stmt> out = new ArrayList<>();
        for (Node n : leavesRead(storage.schedule().forward(), plan.values())) narrow(out, storage.array(n), n.span());
        out.addAll(body);
        for (Integer i : distinct(plan.values().size(), storage::valueArray)) {
            widen(out, storage.valueArray(i), plan.values().get(i).node().span());
        }
        return out;
    }

    /** Narrows the params and inputs backward reads, runs {@code body}, widens the gradients. */
    List<Statements.Stmt> backward(List<Statements.Stmt> body) {
        if (!mirrored) return body;
        List<Statements.Stmt> out = new ArrayList<>();
        for (Node n : leavesRead(storage.schedule().backward(), plan.gradients())) narrow(out, storage.array(n), n.span());
        out.addAll(body);
        for (Integer i : distinct(plan.gradients().size(), storage::gradientArray)) {
            widen(out, storage.gradientArray(i), plan.gradients().get(i).node().span());
        }
        return out;
    }

    /** Narrows params, applied gradients and state, runs {@code body}, widens params and state. */
    List<Statements.Stmt> update(List<Statements.Stmt> body) {
        Plan.Update u = plan.update();
        if (!mirrored || u == null) return body;
        List<Statements.Stmt> out = new ArrayList<>();
        for (Node p : plan.params()) narrow(out, storage.array(p), p.span());
        Set<Integer> applied = new HashSet<>();
        for (int gi : u.gradientOfParam()) applied.add(gi);
        for (Integer gi : distinct(plan.gradients().size(), storage::gradientArray)) {
            if (applied.contains(gi)) narrow(out, storage.gradientArray(gi), plan.gradients().get(gi).node().span());
        }
        for (String s : update.stateArrays()) narrow(out, s, Span.NONE);
        out.addAll(body);
        for (Node p : plan.params()) widen(out, storage.array(p), p.span());
        for (String s : update.stateArrays()) widen(out, s, Span.NONE);
        return out;
    }

    /** Whether this class keeps double mirrors (it computes in float). */
    boolean mirrored() {
        return mirrored;
    }

    /**
     * forward, backward and update in one call, as {@code GeneratedModel.step} runs them, with
     * the conversions no caller could tell apart from the three calls': what any phase reads is
     * narrowed once at the start (update's narrowing of the params and of the gradients backward
     * has just computed in float is left out), values are widened after the forward statements,
     * gradients after the backward ones, params and state at the end.
     */
    List<Statements.Stmt> step(List<Statements.Stmt> forward, List<Statements.Stmt> backward, List<Statements.Stmt> update) {
        List<Statements.Stmt> out = new ArrayList<>();
        Set<Node> read = Collections.newSetFromMap(new IdentityHashMap<>());
        read.addAll(leavesRead(storage.schedule().forward(), plan.values()));
        read.addAll(leavesRead(storage.schedule().backward(), plan.gradients()));
        read.addAll(plan.params());
        for (Node p : plan.params()) if (read.contains(p)) narrow(out, storage.array(p), p.span());
        for (Node in : plan.inputs()) if (read.contains(in)) narrow(out, storage.array(in), in.span());
        for (String s : this.update.stateArrays()) narrow(out, s, Span.NONE);
        out.addAll(forward);
        for (Integer i : distinct(plan.values().size(), storage::valueArray)) {
            widen(out, storage.valueArray(i), plan.values().get(i).node().span());
        }
        out.addAll(backward);
        for (Integer i : distinct(plan.gradients().size(), storage::gradientArray)) {
            widen(out, storage.gradientArray(i), plan.gradients().get(i).node().span());
        }
        out.addAll(update);
        for (Node p : plan.params()) widen(out, storage.array(p), p.span());
        for (String s : this.update.stateArrays()) widen(out, s, Span.NONE);
        return out;
    }

    /** Float32Model.narrowMirrors: every array a caller may write through its mirror (params, inputs, optimizer state). */
    List<Statements.Stmt> narrowAll() {
        List<Statements.Stmt> out = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (Node p : plan.params()) if (done.add(storage.array(p))) narrow(out, storage.array(p), p.span());
        for (Node in : plan.inputs()) if (done.add(storage.array(in))) narrow(out, storage.array(in), in.span());
        for (String s : update.stateArrays()) if (done.add(s)) narrow(out, s, Span.NONE);
        return out;
    }

    /** Float32Model.widenMirrors: every array that has a mirror, into it. */
    List<Statements.Stmt> widenAll() {
        List<Statements.Stmt> out = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (Node p : plan.params()) if (done.add(storage.array(p))) widen(out, storage.array(p), p.span());
        for (Node in : plan.inputs()) if (done.add(storage.array(in))) widen(out, storage.array(in), in.span());
        for (int i = 0; i < plan.values().size(); i++) {
            if (done.add(storage.valueArray(i))) widen(out, storage.valueArray(i), plan.values().get(i).node().span());
        }
        for (int i = 0; i < plan.gradients().size(); i++) {
            if (done.add(storage.gradientArray(i))) widen(out, storage.gradientArray(i), plan.gradients().get(i).node().span());
        }
        for (String s : update.stateArrays()) if (done.add(s)) widen(out, s, Span.NONE);
        return out;
    }

    /**
     * The params and inputs whose arrays the statements of a phase read: operands of its nodes
     * (through reshapes) and the named roots it copies, in plan order.
     */
    private List<Node> leavesRead(List<Node> phase, List<Plan.Named> roots) {
        Set<Node> read = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node n : phase) for (Node in : n.inputs()) read.add(Schedule.storage(in));
        for (Plan.Named r : roots) read.add(Schedule.storage(r.node()));
        List<Node> out = new ArrayList<>();
        for (Node p : plan.params()) if (read.contains(p)) out.add(p);
        for (Node in : plan.inputs()) if (read.contains(in)) out.add(in);
        return out;
    }

    /** Indices {@code 0..n-1} whose array is not that of an earlier index. */
    private static List<Integer> distinct(int n, IntFunction<String> array) {
        List<Integer> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < n; i++) if (seen.add(array.apply(i))) out.add(i);
        return out;
    }

    /** {@code array[i] = (float) mirror[i]}. */
    private void narrow(List<Statements.Stmt> out, String array, Span span) {
        convert(out, array, CodeBlock.of("(float) $N", mirrors.get(array)), sizes.get(array), span);
    }

    /** {@code mirror[i] = array[i]}. */
    private void widen(List<Statements.Stmt> out, String array, Span span) {
        convert(out, mirrors.get(array), CodeBlock.of("$N", array), sizes.get(array), span);
    }

    /** One loop {@code dst[i] = src[i]}, shared by two threads when long; nothing for an empty array. */
    private void convert(List<Statements.Stmt> out, String dst, CodeBlock src, int size, Span span) {
        if (size == 0) return;
        if (parts.shares(size, size)) {
            CodeBlock.Builder body = CodeBlock.builder();
            body.beginControlFlow("for (int i = lo; i < hi; i++)");
            body.addStatement("$N[i] = $L[i]", dst, src);
            body.endControlFlow();
            out.add(new Statements.Stmt(span == null ? Span.NONE : span, parts.run(body.build(), size), WEIGHT));
            return;
        }
        CodeBlock.Builder b = CodeBlock.builder();
        Loops loops = new Loops(b);
        String i = loops.loop("i", size);
        String at = i == null ? "0" : i;
        b.addStatement("$N[$L] = $L[$L]", dst, at, src, at);
        loops.close();
        out.add(new Statements.Stmt(span == null ? Span.NONE : span, b.build(), WEIGHT));
    }
}
