package org.mljava.helpers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class PreprocessingTest {

    @Test
    void scalerUsesTrainingStatisticsOnly() {
        StandardScaler scaler = StandardScaler.fit(new double[][] {{1, 5}, {3, 5}});
        assertArrayEquals(new double[] {2, 5}, scaler.mean(), 1e-12);
        assertArrayEquals(new double[] {1, 1}, scaler.sd(), 1e-12, "population sd, constant column gets 1");
        assertArrayEquals(new double[] {3, -1}, scaler.transform(new double[] {5, 4}), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> scaler.transform(new double[] {1}));
    }

    @Test
    void stratifiedSplitKeepsClassSharesAndIsSeeded() {
        int[] y = IntStream.range(0, 150).map(i -> i < 100 ? 0 : 1).toArray(); // 2:1 classes
        StratifiedSplit split = StratifiedSplit.of(y, 0.3, 1);
        assertEquals(150, split.train().length + split.test().length);
        int[] testLabels = StratifiedSplit.rows(y, split.test());
        assertEquals(30, Arrays.stream(testLabels).filter(v -> v == 0).count());
        assertEquals(15, Arrays.stream(testLabels).filter(v -> v == 1).count());
        assertArrayEquals(split.test(), StratifiedSplit.of(y, 0.3, 1).test(), "same seed, same split");
        int[] both = IntStream.concat(Arrays.stream(split.train()), Arrays.stream(split.test())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 150).toArray(), both, "every row exactly once");
    }
}
