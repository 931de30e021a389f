package dev.nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Optimizer;
import dev.nnc.ir.Shape;
import dev.nnc.runtime.GeneratedModel;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** step() of a compiled model allocates nothing once warm, in either precision. */
class AllocationTest {
    @ParameterizedTest
    @EnumSource(Precision.class)
    void tenThousandStepsAllocateZeroBytes(Precision precision) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);

        Graph g = new Graph();
        Node w = g.param("w", Shape.of(3, 4));
        Node b = g.param("b", Shape.of(4));
        Node x = g.input("x", Shape.of(2, 3));
        Node labels = g.input("labels", Shape.of(2));
        Node logits = g.add(g.matmul(x, w), b);
        Node logp = g.logSoftmax(logits, 1);
        Node onehot = g.onehot(labels, 4);
        Node loss = g.neg(g.sumAll(g.mul(onehot, logp)));
        Node dlogits = g.sub(g.softmax(logits, 1), onehot);
        Node dw = g.matmul(g.transpose(x), dlogits);
        Node db = g.sum(dlogits, new int[] {0}, false);
        Plan plan = Harness.plan("Classifier", List.of(w, b), List.of(x, labels),
                List.of(loss, g.argmax(logits, 1), g.unary(Op.TANH, g.mul(logits, logits))), List.of(dw, db),
                new Plan.Update(Optimizer.adam(1e-3, 0.9, 0.999, 1e-8), false, new int[] {0, 1}));
        GeneratedModel model = JaninoCompiler.load(JavaEmitter.emit(plan, precision));
        Harness.fill(model, plan, 3, false);
        model.inputs()[1][0] = 1;
        model.inputs()[1][1] = 3;

        for (int i = 0; i < 20_000; i++) model.step();
        long before = threads.getCurrentThreadAllocatedBytes();
        long idle = threads.getCurrentThreadAllocatedBytes() - before;   // what measuring costs
        before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) model.step();
        long allocated = threads.getCurrentThreadAllocatedBytes() - before - idle;
        assertEquals(0, allocated, "bytes allocated by 10,000 steps");
    }
}
