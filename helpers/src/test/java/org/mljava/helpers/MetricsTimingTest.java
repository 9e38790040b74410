package org.mljava.helpers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class MetricsTimingTest {

    @Test
    void accuracyAndAgreementCountMatches() {
        int[] truth = {0, 1, 1, 2, 2};
        int[] predicted = {0, 1, 2, 2, 0};
        assertEquals(3, Metrics.countEqual(truth, predicted));
        assertEquals(0.6, Metrics.accuracy(truth, predicted), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Metrics.countEqual(truth, new int[] {0}));
    }

    @Test
    void maxAbsDifferenceFindsTheLargestGap() {
        assertEquals(0.5, Metrics.maxAbsDifference(new double[] {1, 2, 3}, new double[] {1.1, 1.5, 3}), 1e-12);
        assertEquals(2.0, Metrics.maxAbsDifference(new double[][] {{0, 0}, {1, 1}}, new double[][] {{0, 0}, {1, 3}}), 1e-12);
    }

    @Test
    void adjustedRandIgnoresLabelNamesAndMatchesAKnownValue() {
        int[] a = {0, 0, 0, 1, 1, 1};
        assertEquals(1.0, Metrics.adjustedRand(a, new int[] {5, 5, 5, 2, 2, 2}), 1e-12);
        // scikit-learn's adjusted_rand_score([0,0,1,1], [0,0,1,2]) = 0.5714285714285715
        assertEquals(0.5714285714285715, Metrics.adjustedRand(new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 2}), 1e-12);
        // a labelling that disagrees with the truth is scored below chance: negative
        assertTrue(Metrics.adjustedRand(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}) < 0);
        assertEquals(1.0, Metrics.adjustedRand(new int[] {3, 3, 3}, new int[] {1, 1, 1}), 1e-12);
    }

    @Test
    void confusionMatrixCountsPairsAndRejectsBadLabels() {
        int[][] m = Metrics.confusionMatrix(new int[] {0, 0, 1, 1}, new int[] {0, 1, 1, 1}, 2);
        assertEquals(1, m[0][0]);
        assertEquals(1, m[0][1]);
        assertEquals(2, m[1][1]);
        assertThrows(IllegalArgumentException.class, () -> Metrics.confusionMatrix(new int[] {0}, new int[] {2}, 2));
        Table table = Metrics.confusionTable(new int[] {0, 0, 1, 1}, new int[] {0, 1, 1, 1}, new String[] {"no", "yes"});
        assertEquals(3, table.columnCount());
        assertEquals(2, table.intColumn("yes").getInt(1));
    }

    @Test
    void medianMillisRunsWarmUpPlusRepeatsAndReturnsTheMedian() {
        int[] calls = {0};
        double ms = Timing.medianMillis(() -> calls[0]++, 5);
        assertEquals(6, calls[0]);
        double slow = Timing.medianMillis(() -> sleepMillis(20), 3);
        assertTrue(slow >= 19 && slow < 2000, "a 20 ms body measures about 20 ms: " + slow);
        assertTrue(ms < slow, "an empty body is faster than a 20 ms sleep: " + ms + " vs " + slow);
        assertEquals(2.0, Timing.median(new double[] {3, 1, 2}), 1e-12);
        assertEquals(2.5, Timing.median(new double[] {4, 1, 2, 3}), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Timing.medianMillis(() -> { }, 0));
    }

    @Test
    void interleavedTimingTakesTurnsAndKeepsTheOrder() {
        java.util.List<String> order = new java.util.ArrayList<>();
        Runnable slow = () -> {
            order.add("b");
            sleepMillis(20);
        };
        double[] ms = Timing.interleavedMedianMillis(3, () -> order.add("a"), slow);
        assertEquals(java.util.List.of("a", "b", "a", "b", "a", "b", "a", "b"), order, "a warm-up of each, then turns");
        assertEquals(2, ms.length);
        assertTrue(ms[0] < ms[1] && ms[1] >= 19 && ms[1] < 2000, "medians in the tasks' order: " + java.util.Arrays.toString(ms));
        assertThrows(IllegalArgumentException.class, () -> Timing.interleavedMedianMillis(0, () -> { }));
        assertThrows(IllegalArgumentException.class, () -> Timing.interleavedMedianMillis(3));
    }

    @Test
    void timingTableGivesRatiosToTheFirstRow() {
        Map<String, Double> times = new LinkedHashMap<>();
        times.put("ours", 10.0);
        times.put("Smile", 2.5);
        Table table = Timing.table("Iris", times);
        assertEquals(2, table.rowCount());
        assertEquals(1.0, table.doubleColumn("relative to first").getDouble(0), 1e-12);
        assertEquals(0.25, table.doubleColumn("relative to first").getDouble(1), 1e-12);
    }

    @Test
    void rocCurveAndAucMatchAHandExample() {
        // scores 0.1, 0.4, 0.35, 0.8 for labels 0, 0, 1, 1 (the classic example): AUC 0.75
        int[] truth = {0, 0, 1, 1};
        double[] score = {0.1, 0.4, 0.35, 0.8};
        var roc = Metrics.rocCurve(truth, score);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0, 0, 0.5, 0.5, 1}, roc.fpr(), 0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0, 0.5, 0.5, 1, 1}, roc.tpr(), 0);
        org.junit.jupiter.api.Assertions.assertEquals(Double.POSITIVE_INFINITY, roc.thresholds()[0]);
        org.junit.jupiter.api.Assertions.assertEquals(3.0 / 4, Metrics.auc(truth, score), 1e-15);
        // a tie between a positive and a negative counts one half: pairs (pos, neg) ranked right 3 of 4, one tied
        org.junit.jupiter.api.Assertions.assertEquals(3.5 / 4, Metrics.auc(new int[] {0, 0, 1, 1}, new double[] {0.1, 0.5, 0.5, 0.9}), 1e-15);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Metrics.auc(new int[] {1, 1}, new double[] {0.2, 0.3}));
    }

    @Test
    void meanAndPopulationStd() {
        org.junit.jupiter.api.Assertions.assertEquals(2.5, Metrics.mean(new double[] {1, 2, 3, 4}), 0);
        org.junit.jupiter.api.Assertions.assertEquals(Math.sqrt(1.25), Metrics.std(new double[] {1, 2, 3, 4}), 1e-15);
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
