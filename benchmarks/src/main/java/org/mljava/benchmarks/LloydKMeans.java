package org.mljava.benchmarks;

import java.util.Random;
import smile.tensor.DenseMatrix;

/**
 * k-means as scikit-learn runs it (algorithm="lloyd"): greedy k-means++ starts (2 + ln k candidates per centre),
 * Lloyd iterations whose point-to-centre distances come from one matrix multiplication per iteration,
 * |x|^2 - 2 x.c + |c|^2 with x.c from OpenBLAS dgemm (through Smile's DenseMatrix), the stopping rule
 * "squared centre shift <= tol x mean feature variance", and the best of nInit starts by inertia.
 */
final class LloydKMeans {
    private LloydKMeans() {
    }

    record Result(double[][] centers, int[] labels, double inertia, int iterations) {
    }

    static Result fit(double[][] x, int k, int nInit, int maxIter, double tol, Random random) {
        DenseMatrix xm = DenseMatrix.of(x);
        double[] xNorms = SmileTasks.squaredNorms(x);
        double tolerance = tol * meanVariance(x);
        Result best = null;
        for (int run = 0; run < nInit; run++) {
            Result r = lloyd(x, xm, xNorms, plusPlus(x, xNorms, k, random), maxIter, tolerance);
            if (best == null || r.inertia() < best.inertia()) {
                best = r;
            }
        }
        return best;
    }

    static double meanVariance(double[][] x) {
        int n = x.length, d = x[0].length;
        double total = 0;
        for (int j = 0; j < d; j++) {
            double mean = 0, sq = 0;
            for (double[] r : x) {
                mean += r[j];
            }
            mean /= n;
            for (double[] r : x) {
                sq += (r[j] - mean) * (r[j] - mean);
            }
            total += sq / n;
        }
        return total / d;
    }

    private static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double t = a[j] - b[j];
            s += t * t;
        }
        return s;
    }

    /** Greedy k-means++ (scikit-learn's): each new centre is the best of 2 + ln(k) candidates drawn with probability ~ D^2. */
    static double[][] plusPlus(double[][] x, double[] xNorms, int k, Random random) {
        int n = x.length, trials = 2 + (int) Math.log(k);
        double[][] centers = new double[k][];
        centers[0] = x[random.nextInt(n)].clone();
        double[] closest = new double[n];
        double potential = 0;
        for (int i = 0; i < n; i++) {
            closest[i] = squaredDistance(x[i], centers[0]);
            potential += closest[i];
        }
        double[] candidateBest = new double[n], trial = new double[n];
        for (int c = 1; c < k; c++) {
            int chosen = -1;
            double chosenPotential = Double.MAX_VALUE;
            for (int t = 0; t < trials; t++) {
                double u = random.nextDouble() * potential, acc = 0;
                int pick = n - 1;
                for (int i = 0; i < n; i++) {
                    acc += closest[i];
                    if (acc >= u) {
                        pick = i;
                        break;
                    }
                }
                double pot = 0;
                for (int i = 0; i < n; i++) {
                    trial[i] = Math.min(closest[i], squaredDistance(x[i], x[pick]));
                    pot += trial[i];
                }
                if (pot < chosenPotential) {
                    chosenPotential = pot;
                    chosen = pick;
                    System.arraycopy(trial, 0, candidateBest, 0, n);
                }
            }
            centers[c] = x[chosen].clone();
            System.arraycopy(candidateBest, 0, closest, 0, n);
            potential = chosenPotential;
        }
        return centers;
    }

    private static void assign(DenseMatrix xm, double[][] centers, int[] labels) {
        int n = labels.length, k = centers.length;
        DenseMatrix dots = xm.mt(DenseMatrix.of(centers));                 // n x k: x . c, one dgemm
        double[] cNorms = SmileTasks.squaredNorms(centers);
        for (int i = 0; i < n; i++) {
            int arg = 0;
            double min = Double.MAX_VALUE;
            for (int j = 0; j < k; j++) {
                double dist = cNorms[j] - 2 * dots.get(i, j);                // + |x|^2, the same for every centre
                if (dist < min) {
                    min = dist;
                    arg = j;
                }
            }
            labels[i] = arg;
        }
    }

    static Result lloyd(double[][] x, DenseMatrix xm, double[] xNorms, double[][] centers, int maxIter, double tolerance) {
        int n = x.length, d = x[0].length, k = centers.length;
        int[] labels = new int[n];
        int iter = 0;
        while (iter < maxIter) {
            iter++;
            assign(xm, centers, labels);
            double[][] next = new double[k][d];
            int[] size = new int[k];
            for (int i = 0; i < n; i++) {
                size[labels[i]]++;
                double[] row = x[i], c = next[labels[i]];
                for (int j = 0; j < d; j++) {
                    c[j] += row[j];
                }
            }
            double shift = 0;
            for (int c = 0; c < k; c++) {
                if (size[c] == 0) {
                    next[c] = centers[c];                      // an empty cluster keeps its centre
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    next[c][j] /= size[c];
                }
                shift += squaredDistance(next[c], centers[c]);
            }
            centers = next;
            if (shift <= tolerance) {
                break;
            }
        }
        assign(xm, centers, labels);
        double inertia = 0;
        for (int i = 0; i < n; i++) {
            inertia += squaredDistance(x[i], centers[labels[i]]);
        }
        return new Result(centers, labels, inertia, iter);
    }
}
