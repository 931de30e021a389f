package dev.nnc.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.nnc.diag.Span;
import dev.nnc.ir.Attr;
import dev.nnc.ir.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The statements of forward() and backward(): one per materialised node in topological order,
 * then the copies that fill the dedicated value or gradient arrays of named leaves and constants.
 */
final class Bodies {
    private final Plan plan;
    private final Storage storage;
    private final ElementwiseEmitter elementwise;
    private final LayoutEmitter layout;
    private final ReductionEmitter reduction;
    private final WindowEmitter windows;
    private final LoopParts parts;

    Bodies(Plan plan, Storage storage) {
        this.plan = plan;
        this.storage = storage;
        this.parts = new LoopParts(true);
        this.elementwise = new ElementwiseEmitter(storage, parts);
        this.layout = new LayoutEmitter(storage);
        this.reduction = new ReductionEmitter(storage, parts);
        this.windows = new WindowEmitter(storage, parts);
    }

    /** The loops the emitters shared between two threads, once forward() and backward() have run. */
    LoopParts parts() {
        return parts;
    }

    List<Statements.Stmt> forward() {
        List<Statements.Stmt> out = compute(storage.schedule().forward());
        for (int i = 0; i < plan.values().size(); i++) {
            if (storage.valueCopied(i)) out.add(copy(plan.values().get(i).node(), storage.valueArray(i)));
        }
        return out;
    }

    List<Statements.Stmt> backward() {
        List<Statements.Stmt> out = compute(storage.schedule().backward());
        for (int i = 0; i < plan.gradients().size(); i++) {
            if (storage.gradientCopied(i)) out.add(copy(plan.gradients().get(i).node(), storage.gradientArray(i)));
        }
        return out;
    }

    /**
     * One loop in vector lanes per generated method (Statements.MAX_WEIGHT = 400). Four per method
     * let C2 give up on W6's max pool (0.7 → 4.2 ms per step); with two, fmnist_cnn's convolution
     * and bias + relu allocated 6.6 MB a step in the full test suite's JVM (ModelAllocationTest),
     * though not in a fresh one.
     */
    static final int VECTOR_LOOP_WEIGHT = 400;

    private List<Statements.Stmt> compute(List<Node> order) {
        List<Statements.Stmt> out = new ArrayList<>();
        for (Node n : order) {
            if (!storage.schedule().materialised(n)) continue;
            CodeBlock code = statement(n);
            int weight = storage.schedule().weight(n);
            // a loop in Vector API lanes inlines into many C2 nodes: fewer of them per method keeps
            // each method within what C2 compiles (if it gave up, the lanes would run in C1, boxed)
            boolean lanes = n.op().isElementwise() ? elementwise.inLanes(n)
                    : storage.schedule().laneMaxpool(n) || windows.inLanes(n);
            if (lanes) weight = Math.max(weight, VECTOR_LOOP_WEIGHT);
            out.add(new Statements.Stmt(n.span(), code, weight));
        }
        return out;
    }

    private CodeBlock statement(Node n) {
        return switch (n.op()) {
            case PARAM, INPUT, CONST, RESHAPE -> throw new IllegalArgumentException("no statement for " + n);
            case NEG, SIN, COS, TAN, EXP, LOG, SQRT, ABS, TANH, SIGMOID, RELU, SOFTPLUS, SIGN, STEP,
                 ADD, SUB, MUL, DIV, POW, MAX, MIN, LT, LE, GT, GE, EQ, NE -> elementwise.emit(n);
            case MATMUL -> layout.matmul(n);
            case TRANSPOSE -> layout.transpose(n);
            case BROADCAST -> layout.broadcast(n);
            case SLICE -> layout.slice(n);
            case UNSLICE -> layout.unslice(n);
            case ONEHOT -> layout.onehot(n);
            case SUM -> reduction.sum(n);
            case LOGSUMEXP -> reduction.logsumexp(n);
            case SOFTMAX, LOG_SOFTMAX -> reduction.softmax(n);
            case ARGMAX -> reduction.argmax(n);
            case CONV2D, CONV2D_BACK_INPUT, CONV2D_BACK_WEIGHT, MAXPOOL, MAXPOOL_BACK, MAXPOOL_GATHER, AVGPOOL, AVGPOOL_BACK ->
                    windows.emit(n);
        };
    }

    /** Fills {@code dst} with the elements of a param, input or constant (possibly reshaped). */
    private Statements.Stmt copy(Node n, String dst) {
        Node src = Schedule.storage(n);
        CodeBlock code;
        if (src.isConst() && ((Attr.Data) src.attr()).isSplat()) {
            code = CodeBlock.builder()
                    .addStatement("$T.fill($N, $L)", Arrays.class, dst, storage.scalar().literal(((Attr.Data) src.attr()).at(0)).code())
                    .build();
        } else {
            code = CodeBlock.builder()
                    .addStatement("$T.arraycopy($N, 0, $N, 0, $L)", System.class, storage.array(src), dst, n.shape().size())
                    .build();
        }
        return new Statements.Stmt(n.span() == null ? Span.NONE : n.span(), code, 3);
    }
}
