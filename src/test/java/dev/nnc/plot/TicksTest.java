package dev.nnc.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TicksTest {
    @Test
    void stepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(0.5, Ticks.step(-1.65, 1.65, 6), 1e-12);
        assertEquals(20, Ticks.step(0, 100, 6), 1e-12);
        assertEquals(1, Ticks.step(-2.9, 2.9, 6), 1e-12);
        assertEquals(0.02, Ticks.step(0.45, 0.55, 6), 1e-12);
    }

    @Test
    void ticksFallInsideTheRangeOnMultiplesOfTheStep() {
        assertEquals(List.of(-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5), Ticks.between(-1.65, 1.65, 6));
        assertEquals(List.of(0.0, 20.0, 40.0, 60.0, 80.0, 100.0), Ticks.between(0, 100, 6));
    }

    @Test
    void labelsHaveTheStepsDecimalsAndNoNegativeZero() {
        assertEquals("0.0", Ticks.label(-1e-17, 0.5));
        assertEquals("-1.5", Ticks.label(-1.5, 0.5));
        assertEquals("40", Ticks.label(40, 20));
        assertEquals("0.06", Ticks.label(0.06000000000000001, 0.02));
    }
}
