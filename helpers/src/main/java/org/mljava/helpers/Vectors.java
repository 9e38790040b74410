package org.mljava.helpers;

/**
 * Small vector operations that many notebooks need after one chapter has taught them: the index of the
 * largest value, softmax and log-sum-exp (both computed the stable way, by subtracting the maximum first).
 * The naive Bayes and logistic-regression notebooks derive them; later notebooks call these.
 */
public final class Vectors {

    private Vectors() {
    }

    /** The index of the largest value; on a tie the first (smallest) index wins. */
    public static int argmax(double[] values) {
        requireValues(values.length);
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The index of the largest count; on a tie the first (smallest) index wins. */
    public static int argmax(int[] counts) {
        requireValues(counts.length);
        int best = 0;
        for (int i = 1; i < counts.length; i++) {
            if (counts[i] > counts[best]) {
                best = i;
            }
        }
        return best;
    }

    /** {@code argmax} of every row: the predicted class of each row of scores or probabilities. */
    public static int[] argmaxRows(double[][] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = argmax(rows[i]);
        }
        return out;
    }

    /**
     * {@code log(sum_j exp(v_j))} without overflow or underflow: {@code m + log(sum_j exp(v_j - m))} with
     * {@code m = max_j v_j}. All values {@code -Infinity} give {@code -Infinity}.
     */
    public static double logSumExp(double[] values) {
        requireValues(values.length);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v);
        }
        if (max == Double.NEGATIVE_INFINITY || Double.isNaN(max)) {
            return max;
        }
        if (max == Double.POSITIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (double v : values) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }

    /** Probabilities {@code exp(v_j) / sum_k exp(v_k)}, computed stably (the maximum is subtracted first). */
    public static double[] softmax(double[] values) {
        return softmax(values, 1.0);
    }

    /**
     * Softmax with a temperature: {@code exp(v_j / t) / sum_k exp(v_k / t)}. Small {@code t} sharpens the
     * distribution towards the largest value, large {@code t} flattens it towards uniform.
     */
    public static double[] softmax(double[] values, double temperature) {
        requireValues(values.length);
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v);
        }
        double[] out = new double[values.length];
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.exp((values[i] - max) / temperature);
            sum += out[i];
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= sum;
        }
        return out;
    }

    private static void requireValues(int length) {
        if (length == 0) {
            throw new IllegalArgumentException("needs at least one value");
        }
    }
}
