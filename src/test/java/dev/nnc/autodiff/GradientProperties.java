package dev.nnc.autodiff;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** On random DAGs, the simplified symbolic gradient equals central finite differences. */
class GradientProperties {

    @Property(tries = 200)
    void gradientMatchesFiniteDifferences(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int steps) {
        RandomGraphs.Sample s = RandomGraphs.build(seed, steps);
        GradientCheck.check(s.graph(), s.objective(), s.leaves(), s.values(), 1e-5);
    }
}
