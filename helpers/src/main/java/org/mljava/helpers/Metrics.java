package org.mljava.helpers;

import java.util.Map;
import java.util.TreeMap;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Scores and comparisons that the notebooks need again and again: accuracy, how many predictions two
 * models share, the largest gap between two result arrays, the adjusted Rand index of two clusterings,
 * and confusion tables.
 */
public final class Metrics {

    private Metrics() {
    }

    /** The share of positions where {@code predicted} equals {@code truth}. */
    public static double accuracy(int[] truth, int[] predicted) {
        return (double) countEqual(truth, predicted) / truth.length;
    }

    /** How many positions hold the same label in both arrays (for "our model and the library agree on 171 of 171"). */
    public static int countEqual(int[] a, int[] b) {
        sameLength(a.length, b.length);
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) {
                same++;
            }
        }
        return same;
    }

    /** The largest absolute difference between matching entries: the figure to quote for "agree within ...". */
    public static double maxAbsDifference(double[] a, double[] b) {
        sameLength(a.length, b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /** The largest absolute difference between matching entries of two matrices of the same shape. */
    public static double maxAbsDifference(double[][] a, double[][] b) {
        sameLength(a.length, b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, maxAbsDifference(a[i], b[i]));
        }
        return max;
    }

    /**
     * The adjusted Rand index of two labellings of the same points: 1 when they group the points identically
     * (whatever the label numbers), about 0 for groupings that agree no more than chance.
     */
    public static double adjustedRand(int[] a, int[] b) {
        sameLength(a.length, b.length);
        Map<Long, Integer> pairCounts = new TreeMap<>();
        Map<Integer, Integer> aCounts = new TreeMap<>();
        Map<Integer, Integer> bCounts = new TreeMap<>();
        for (int i = 0; i < a.length; i++) {
            pairCounts.merge(((long) a[i] << 32) ^ (b[i] & 0xffffffffL), 1, Integer::sum);
            aCounts.merge(a[i], 1, Integer::sum);
            bCounts.merge(b[i], 1, Integer::sum);
        }
        double sumPairs = pairCounts.values().stream().mapToDouble(Metrics::choose2).sum();
        double sumA = aCounts.values().stream().mapToDouble(Metrics::choose2).sum();
        double sumB = bCounts.values().stream().mapToDouble(Metrics::choose2).sum();
        double total = choose2(a.length);
        double expected = sumA * sumB / total;
        double maximum = (sumA + sumB) / 2;
        if (maximum == expected) {
            return 1.0; // both labellings put everything in one group (or every point alone): identical
        }
        return (sumPairs - expected) / (maximum - expected);
    }

    /** Counts of (true class, predicted class) pairs: {@code matrix[t][p]}. Labels must lie in 0..classes-1. */
    public static int[][] confusionMatrix(int[] truth, int[] predicted, int classes) {
        sameLength(truth.length, predicted.length);
        int[][] matrix = new int[classes][classes];
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0 || truth[i] >= classes || predicted[i] < 0 || predicted[i] >= classes) {
                throw new IllegalArgumentException("label outside 0.." + (classes - 1) + " at position " + i
                        + ": true " + truth[i] + ", predicted " + predicted[i]);
            }
            matrix[truth[i]][predicted[i]]++;
        }
        return matrix;
    }

    /** The confusion matrix as a table: one row per true class, one column per predicted class. */
    public static Table confusionTable(int[] truth, int[] predicted, String[] classNames) {
        int[][] matrix = confusionMatrix(truth, predicted, classNames.length);
        Table table = Table.create("rows: true class, columns: predicted class",
                StringColumn.create("true \\ predicted", classNames));
        for (int p = 0; p < classNames.length; p++) {
            int[] column = new int[classNames.length];
            for (int t = 0; t < classNames.length; t++) {
                column[t] = matrix[t][p];
            }
            table.addColumns(IntColumn.create(classNames[p], column));
        }
        return table;
    }

    private static double choose2(double n) {
        return n * (n - 1) / 2;
    }

    private static void sameLength(int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException("arrays differ in length: " + a + " and " + b);
        }
    }
}
