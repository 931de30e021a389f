package dev.nnc.codegen;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Random well-shaped DAGs: the compiled class computes what the interpreter computes. */
class RandomGraphProperties {
    @Property(tries = 200)
    void compiledMatchesInterpreter(@ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 9_999) Integer> choices) {
        Harness.check(RandomGraphs.build(choices), choices.size(), true, false);
    }
}
