package dev.nnc.codegen;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The random DAGs of {@link RandomGraphProperties} compiled in float32: every value and gradient
 * is what float32 arithmetic may give, as a {@link Float32Oracle} judges it (the leaves are
 * moderate, in [0.25, 2.25], and float-representable).
 */
class Float32RandomGraphProperties {
    @Property(tries = 200)
    void float32MatchesTheInterpreter(@ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 9_999) Integer> choices) {
        Float32Harness.checkWithOracle(RandomGraphs.build(choices), choices.size());
    }
}
