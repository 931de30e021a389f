package dev.nnc.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeName;
import dev.nnc.ir.Node;
import dev.nnc.ir.Optimizer;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The body of {@code update()}: PyTorch's {@code _single_tensor_sgd} and
 * {@code _single_tensor_adam} (defaults: no weight decay, no Nesterov, no AMSGrad), operation for
 * operation, one loop per param. SGD with momentum: {@code v = g} on the first step, then
 * {@code v = μ·v + g}; {@code p = p − lr·v}. Adam: {@code m = lerp(m, g, 1−β1)} (ATen's lerp:
 * {@code m + w·(g − m)} for |w| &lt; ½, else {@code g − (g − m)·(1 − w)}),
 * {@code v = v·β2 + (1−β2)·g·g}, {@code denom = √v / √(1−β2ᵗ) + ε},
 * {@code p = p + (−lr/(1−β1ᵗ))·m / denom}. Maximize negates g first. State lives in fields.
 * In a float class the loops run in float as PyTorch's float32 tensors do: the bias corrections
 * are Python floats (double), every scalar reaching a tensor op is rounded to float first.
 */
final class UpdateEmitter {
    private final Plan plan;
    private final Storage storage;
    private final ScalarType scalar;
    private final List<FieldSpec> fields = new ArrayList<>();
    private final List<Statements.Stmt> perParam = new ArrayList<>();
    private final CodeBlock.Builder prologue = CodeBlock.builder();
    private final List<String> stateArrays = new ArrayList<>();
    private final List<Integer> stateSizes = new ArrayList<>();

    private final LoopParts parts;

    UpdateEmitter(Plan plan, Storage storage, LoopParts parts) {
        this.plan = plan;
        this.parts = parts;
        this.storage = storage;
        this.scalar = storage.scalar();
        Plan.Update u = plan.update();
        if (u != null) build(u);
    }

    /** Optimizer state: buffers per param and the step counter. */
    List<FieldSpec> fields() { return fields; }

    /** The optimizer's buffers (momentum, Adam moments), in declaration order. */
    List<String> stateArrays() { return stateArrays; }

    /** The element count of each of {@link #stateArrays()}. */
    List<Integer> stateSizes() { return stateSizes; }

    /** What runs once per update before the per-param loops. */
    CodeBlock prologue() { return prologue.build(); }

    /** One statement (loop) per param. */
    List<Statements.Stmt> perParam() { return perParam; }

    private void build(Plan.Update u) {
        Optimizer o = u.optimizer();
        Names names = storage.names();
        String t = names.get("field:t");
        fields.add(FieldSpec.builder(TypeName.LONG, t, Modifier.PRIVATE).build());
        boolean sgd = o.kind() == Optimizer.Kind.SGD;
        boolean momentum = sgd && o.momentum() != 0;
        prologue.addStatement("$N++", t);
        if (!sgd) {
            prologue.addStatement("double bc1 = 1.0 - $T.pow($L, (double) $N)", Math.class, Literals.of(o.beta1()).code(), t);
            prologue.addStatement("double bc2 = 1.0 - $T.pow($L, (double) $N)", Math.class, Literals.of(o.beta2()).code(), t);
            prologue.addStatement("$N = $L", names.allocate("", "stepSizeNeg", "field:stepSizeNeg"),
                    scalar.fromDouble(CodeBlock.of("-($L / bc1)", Literals.of(o.lr()).operand())).code());
            prologue.addStatement("$N = $L", names.allocate("", "bc2Sqrt", "field:bc2Sqrt"),
                    scalar.fromDouble(CodeBlock.of("$T.sqrt(bc2)", Math.class)).code());
            fields.add(FieldSpec.builder(scalar.type(), names.get("field:stepSizeNeg"), Modifier.PRIVATE).build());
            fields.add(FieldSpec.builder(scalar.type(), names.get("field:bc2Sqrt"), Modifier.PRIVATE).build());
        }
        List<Node> params = plan.params();
        for (int pi = 0; pi < params.size(); pi++) {
            Node p = params.get(pi);
            String pa = storage.array(p);
            int gi = u.gradientOfParam()[pi];
            Node gradient = plan.gradients().get(gi).node();
            if (!gradient.shape().equals(p.shape())) {
                throw new IllegalArgumentException("gradient " + gi + " of param '" + p.leafName() + "' " + p.shape()
                        + " has shape " + gradient.shape());
            }
            String ga = storage.gradientArray(gi);
            int size = p.shape().size();
            // a long param's loop is shared by two threads: every element is its own, with the same operations
            boolean shared = parts.sharesUpdate(size);
            CodeBlock.Builder b = CodeBlock.builder();
            if (shared) b.beginControlFlow("for (int i = lo; i < hi; i++)");
            else b.beginControlFlow("for (int i = 0; i < $L; i++)", size);
            b.addStatement("$T g = $L$N[i]", scalar.type(), u.maximize() ? "-" : "", ga);
            if (!sgd) {
                adam(o, b, pa, arrayField(names.allocate("adam_m_", p.leafName(), "adam_m#" + pi), size),
                        arrayField(names.allocate("adam_v_", p.leafName(), "adam_v#" + pi), size));
            } else if (momentum) {
                String v = arrayField(names.allocate("mom_", p.leafName(), "mom#" + pi), size);
                b.addStatement("$N[i] = $N == 1 ? g : $L * $N[i] + g", v, t, scalar.literal(o.momentum()).operand(), v);
                b.addStatement("$N[i] = $N[i] - $L * $N[i]", pa, pa, scalar.literal(o.lr()).operand(), v);
            } else {
                b.addStatement("$N[i] = $N[i] - $L * g", pa, pa, scalar.literal(o.lr()).operand());
            }
            b.endControlFlow();
            perParam.add(new Statements.Stmt(p.span(), shared ? parts.run(b.build(), size) : b.build(), sgd ? 4 : 12));
        }
    }

    private void adam(Optimizer o, CodeBlock.Builder b, String p, String m, String v) {
        double w = scalar.round(1 - o.beta1());   // lerp's weight, as the kernel receives it
        if (Math.abs(w) < 0.5) {
            b.addStatement("$N[i] = $N[i] + $L * (g - $N[i])", m, m, scalar.literal(w).operand(), m);
        } else {
            b.addStatement("$N[i] = g - (g - $N[i]) * $L", m, m, scalar.literal(1.0 - w).operand());
        }
        b.addStatement("$N[i] = $N[i] * $L + $L * g * g", v, v, scalar.literal(o.beta2()).operand(),
                scalar.literal(1 - o.beta2()).operand());
        b.addStatement("$T denom = $L / $N + $L", scalar.type(), scalar.fromDouble(CodeBlock.of("$T.sqrt($N[i])", Math.class, v)).code(),
                storage.names().get("field:bc2Sqrt"), scalar.literal(o.eps()).operand());
        b.addStatement("$N[i] = $N[i] + $N * $N[i] / denom", p, p, storage.names().get("field:stepSizeNeg"), m);
    }

    private String arrayField(String name, int size) {
        fields.add(FieldSpec.builder(scalar.array(), name, Modifier.PRIVATE, Modifier.FINAL)
                .initializer("new $T[$L]", scalar.type(), size).build());
        stateArrays.add(name);
        stateSizes.add(size);
        return name;
    }
}
