package org.mljava.helpers;

import java.util.Arrays;

/**
 * scikit-learn's {@code Perceptron(eta0=..., random_state=...)}, step for step, so that a notebook can print the
 * book's own result. It is plain stochastic gradient descent on the perceptron loss {@code max(0, -y (w.x + b))}:
 * one-vs-rest for more than two classes, weights starting at zero, a constant learning rate {@code eta0}, the
 * training rows visited in an order reshuffled every epoch, and a stop when the summed loss of an epoch has
 * not fallen by more than {@code tol * n} for {@code nIterNoChange} epochs in a row (or after {@code maxIter}).
 *
 * <p>What makes it scikit-learn's and not just any perceptron is where the randomness comes from: a
 * {@link NumpyRandomState} seeded with {@code random_state} gives one seed per class; each class's
 * generator draws a seed for its data set and then a seed for the shuffles; the shuffle itself is
 * scikit-learn's xorshift generator ({@code our_rand_r}) applied to the current order every epoch.
 * {@code SklearnPerceptronTest} checks weights and predictions against scikit-learn 1.2.
 */
public final class SklearnPerceptron {

    private final double eta0;
    private final long randomState;
    private final int maxIter;
    private final double tol;
    private final int nIterNoChange;

    private int[] classes;
    private double[][] weights;
    private double[] intercepts;
    private int[] epochs;

    /** The defaults of scikit-learn 1.2: {@code max_iter=1000, tol=1e-3, n_iter_no_change=5}. */
    public SklearnPerceptron(double eta0, long randomState) {
        this(eta0, randomState, 1000, 1e-3, 5);
    }

    public SklearnPerceptron(double eta0, long randomState, int maxIter, double tol, int nIterNoChange) {
        this.eta0 = eta0;
        this.randomState = randomState;
        this.maxIter = maxIter;
        this.tol = tol;
        this.nIterNoChange = nIterNoChange;
    }

    /** Fits on rows {@code x} with integer labels {@code y} (two or more distinct values). */
    public SklearnPerceptron fit(double[][] x, int[] y) {
        classes = Arrays.stream(y).distinct().sorted().toArray();
        if (classes.length < 2) {
            throw new IllegalArgumentException("needs at least two classes");
        }
        if (classes.length == 2) {
            // binary: one weight vector for the second class, from the estimator's own generator
            weights = new double[1][];
            intercepts = new double[1];
            epochs = new int[1];
            fitBinary(x, y, classes[1], new NumpyRandomState(randomState), 0);
            return this;
        }
        NumpyRandomState random = new NumpyRandomState(randomState);
        long[] seeds = new long[classes.length];
        for (int c = 0; c < classes.length; c++) {
            seeds[c] = random.randint(0, Integer.MAX_VALUE);
        }
        weights = new double[classes.length][];
        intercepts = new double[classes.length];
        epochs = new int[classes.length];
        for (int c = 0; c < classes.length; c++) {
            fitBinary(x, y, classes[c], new NumpyRandomState(seeds[c]), c);
        }
        return this;
    }

    private void fitBinary(double[][] x, int[] y, int positive, NumpyRandomState random, int slot) {
        int n = x.length;
        int d = x[0].length;
        random.randint(1, Integer.MAX_VALUE); // the data set's own seed: drawn, used only by other solvers
        long shuffleSeed = random.randint(0, Integer.MAX_VALUE);
        double[] w = new double[d];
        double b = 0;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double bestLoss = Double.POSITIVE_INFINITY;
        int noImprovement = 0;
        int epoch = 0;
        while (epoch < maxIter) {
            epoch++;
            shuffle(order, shuffleSeed);
            double sumLoss = 0;
            for (int i : order) {
                double target = y[i] == positive ? 1.0 : -1.0;
                double p = 0;
                for (int j = 0; j < d; j++) {
                    p += w[j] * x[i][j];
                }
                p += b; // in scikit-learn's order: the dot product first, then the intercept
                sumLoss += Math.max(0.0, -p * target);
                if (p * target <= 0.0) {
                    double update = eta0 * target;
                    for (int j = 0; j < d; j++) {
                        w[j] += update * x[i][j];
                    }
                    b += update;
                }
            }
            noImprovement = sumLoss > bestLoss - tol * n ? noImprovement + 1 : 0;
            bestLoss = Math.min(bestLoss, sumLoss);
            if (noImprovement >= nIterNoChange) {
                break;
            }
        }
        weights[slot] = w;
        intercepts[slot] = b;
        epochs[slot] = epoch;
    }

    /** scikit-learn's data-set shuffle: for each position, swap with a later one chosen by {@code our_rand_r}. */
    private static void shuffle(int[] order, long seed) {
        int[] state = {(int) seed};
        int n = order.length;
        for (int i = 0; i < n - 1; i++) {
            int j = i + (int) (ourRandR(state) % (n - i));
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** xorshift on 32 bits, reduced to [0, 2^31 - 1] like scikit-learn's {@code our_rand_r}. */
    private static long ourRandR(int[] state) {
        int s = state[0] == 0 ? 1 : state[0]; // scikit-learn replaces a zero seed by 1
        s ^= s << 13;
        s ^= s >>> 17;
        s ^= s << 5;
        state[0] = s;
        return (s & 0xFFFFFFFFL) % (Integer.MAX_VALUE + 1L);
    }

    /** Scores {@code w.x + b} per class (one column in the binary case). */
    public double[] decisionFunction(double[] row) {
        double[] scores = new double[weights.length];
        for (int c = 0; c < weights.length; c++) {
            double s = intercepts[c];
            for (int j = 0; j < row.length; j++) {
                s += weights[c][j] * row[j];
            }
            scores[c] = s;
        }
        return scores;
    }

    public int predict(double[] row) {
        double[] scores = decisionFunction(row);
        if (weights.length == 1) {
            return scores[0] > 0 ? classes[1] : classes[0];
        }
        return classes[Vectors.argmax(scores)];
    }

    public int[] predict(double[][] rows) {
        return Arrays.stream(rows).mapToInt(this::predict).toArray();
    }

    /** {@code coef_}: one weight row per class (one row for two classes). */
    public double[][] coefficients() {
        return Arrays.stream(weights).map(double[]::clone).toArray(double[][]::new);
    }

    /** {@code intercept_}. */
    public double[] intercepts() {
        return intercepts.clone();
    }

    /** Epochs run per binary problem ({@code n_iter_} is their maximum). */
    public int[] epochs() {
        return epochs.clone();
    }
}
