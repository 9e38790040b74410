package org.mljava.helpers;

import java.util.Map;
import java.util.TreeMap;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Scores and comparisons that the notebooks need again and again: accuracy, how many predictions two
 * models share, the largest gap between two result arrays, the adjusted Rand index of two clusterings,
 * confusion tables, ROC curves and their area, and the mean and spread of cross-validation scores.
 * Chapter 6 derives the ROC curve and the trapezoidal area by hand; later chapters call these.
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

    /** A ROC curve: false and true positive rates, one point per distinct score from the highest down. */
    public record RocCurve(double[] fpr, double[] tpr, double[] thresholds) {
    }

    /**
     * The ROC curve of scores for the positive class 1 (labels 0/1): it starts at (0, 0); then, for each distinct
     * score from the highest down, one point after all examples with that score count as positive (tied scores make
     * one diagonal step), ending at (1, 1). {@code thresholds[i]} is the score of point {@code i} (infinity for the
     * first). Like scikit-learn's {@code roc_curve(..., drop_intermediate=False)}.
     */
    public static RocCurve rocCurve(int[] truth, double[] score) {
        sameLength(truth.length, score.length);
        Integer[] order = new Integer[score.length];
        int positives = 0;
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            if (truth[i] != 0 && truth[i] != 1) {
                throw new IllegalArgumentException("labels must be 0 or 1, found " + truth[i] + " at position " + i);
            }
            positives += truth[i];
        }
        int negatives = truth.length - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("a ROC curve needs both classes; found " + positives + " positives, " + negatives + " negatives");
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        java.util.List<double[]> points = new java.util.ArrayList<>();
        points.add(new double[] {0, 0, Double.POSITIVE_INFINITY});
        int tp = 0;
        int fp = 0;
        for (int k = 0; k < order.length; k++) {
            if (truth[order[k]] == 1) {
                tp++;
            } else {
                fp++;
            }
            if (k == order.length - 1 || score[order[k + 1]] != score[order[k]]) {
                points.add(new double[] {(double) fp / negatives, (double) tp / positives, score[order[k]]});
            }
        }
        return new RocCurve(points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray(),
                points.stream().mapToDouble(p -> p[2]).toArray());
    }

    /** The area under the ROC curve by the trapezoidal rule (equals the rank-based AUC, ties counting one half). */
    public static double auc(int[] truth, double[] score) {
        RocCurve roc = rocCurve(truth, score);
        double area = 0;
        for (int i = 1; i < roc.fpr().length; i++) {
            area += (roc.fpr()[i] - roc.fpr()[i - 1]) * (roc.tpr()[i] + roc.tpr()[i - 1]) / 2;
        }
        return area;
    }

    /** The mean of the values. */
    public static double mean(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("the mean of no values");
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** The population standard deviation (divides by n, like NumPy's {@code std()} that the book prints for CV scores). */
    public static double std(double[] values) {
        double m = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - m) * (v - m);
        }
        return Math.sqrt(sum / values.length);
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
