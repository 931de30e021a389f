package dev.nnc.data;

import dev.nnc.runtime.SplitMix64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {

    /** Five rows: "id" is the row index, "v" a [2] vector (10·id, 10·id + 1). */
    private static Dataset five() {
        return Dataset.builder(5)
                .add("id", new int[0], new double[] {0, 1, 2, 3, 4})
                .add("v", new int[] {2}, new double[] {0, 1, 10, 11, 20, 21, 30, 31, 40, 41})
                .build();
    }

    @Test
    void accessorsReturnShapesNamesAndCopies() {
        Dataset d = five();
        assertEquals(5, d.rows());
        assertEquals(List.of("id", "v"), d.columnNames());
        assertArrayEquals(new int[0], d.columnShape("id"));
        assertArrayEquals(new int[] {2}, d.columnShape("v"));
        d.column("id")[0] = 99;
        d.columnShape("v")[0] = 99;
        assertEquals(0, d.column("id")[0]);
        assertArrayEquals(new int[] {2}, d.columnShape("v"));
        assertEquals("Dataset[5 rows, id[], v[2]]", d.toString());
    }

    @Test
    void builderCopiesAndChecksCounts() {
        double[] values = {1, 2};
        Dataset d = Dataset.builder(2).add("a", new int[0], values).build();
        values[0] = 7;
        assertEquals(1, d.column("a")[0]);
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.builder(3).add("a", new int[] {2}, new double[5]));
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.builder(1).add("a", new int[0], new double[1]).add("a", new int[0], new double[1]));
    }

    @Test
    void unknownColumnNamesTheColumnsThereAre() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> five().column("w"));
        assertEquals("no column 'w'; the columns are [id, v]", e.getMessage());
    }

    @Test
    void selectTakesRowsInTheGivenOrderWithRepeats() {
        Dataset s = five().select(new int[] {3, 0, 3});
        assertEquals(3, s.rows());
        assertArrayEquals(new double[] {3, 0, 3}, s.column("id"));
        assertArrayEquals(new double[] {30, 31, 0, 1, 30, 31}, s.column("v"));
        assertEquals(0, five().select(new int[0]).rows());
        assertThrows(IndexOutOfBoundsException.class, () -> five().select(new int[] {5}));
        assertThrows(IndexOutOfBoundsException.class, () -> five().select(new int[] {-1}));
    }

    @Test
    void sliceTakesAHalfOpenRange() {
        Dataset s = five().slice(1, 3);
        assertEquals(2, s.rows());
        assertArrayEquals(new double[] {1, 2}, s.column("id"));
        assertArrayEquals(new double[] {10, 11, 20, 21}, s.column("v"));
        assertEquals(0, five().slice(5, 5).rows());
        assertThrows(IndexOutOfBoundsException.class, () -> five().slice(2, 6));
        assertThrows(IndexOutOfBoundsException.class, () -> five().slice(3, 2));
    }

    @Test
    void shuffledIsASeededFisherYatesPermutation() {
        Dataset d = Dataset.builder(10).add("id", new int[0], new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}).build();
        // Expected orders from an independent Python splitmix64 (arbitrary-precision ints masked to
        // 64 bits): for i in 9..1: j = next() % (i + 1); swap p[i], p[j].
        assertArrayEquals(new double[] {8, 1, 5, 9, 0, 4, 3, 2, 6, 7}, d.shuffled(7).column("id"));
        assertArrayEquals(new double[] {5, 7, 0, 3, 6, 4, 8, 1, 9, 2}, d.shuffled(8).column("id"));
        assertArrayEquals(d.shuffled(7).column("id"), d.shuffled(7).column("id"));
    }

    @Test
    void shuffledKeepsRowsTogether() {
        Dataset s = five().shuffled(123);
        double[] id = s.column("id");
        double[] v = s.column("v");
        for (int r = 0; r < 5; r++) {
            assertEquals(10 * id[r], v[2 * r]);
            assertEquals(10 * id[r] + 1, v[2 * r + 1]);
        }
        double[] sorted = id.clone();
        Arrays.sort(sorted);
        assertArrayEquals(new double[] {0, 1, 2, 3, 4}, sorted);
    }

    @Test
    void permutationsOfLargeSetsDiffer() {
        int[] a = SplitMix64.permutation(1000, 1);
        int[] b = SplitMix64.permutation(1000, 2);
        assertNotEquals(Arrays.toString(a), Arrays.toString(b));
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    @Test
    void splitMix64MatchesTheReference() {
        // Python: state = 42; the first three outputs of the README's next().
        SplitMix64 r = new SplitMix64(42);
        assertEquals(0xbdd732262feb6e95L, r.next());
        assertEquals(0x28efe333b266f103L, r.next());
        assertEquals(0x47526757130f9f52L, r.next());
    }
}
