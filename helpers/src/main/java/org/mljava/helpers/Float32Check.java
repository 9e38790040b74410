package org.mljava.helpers;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.function.BinaryOperator;

/**
 * Whether an operation's float32 results are right on this machine: it runs the operation forward and
 * backward in float32 and in float64 and says how far apart the results are. PyTorch hands float32
 * convolutions and LSTMs to oneDNN's vectorized kernels and float64 ones to its own loops, so float64 is an
 * independent reference; on some virtual machines oneDNN's kernels are wrong (ML chapter 17, and setup's
 * check, org.mljava.tools.ConvolutionProbe, which uses this class).
 */
public final class Float32Check {

    private Float32Check() {
    }

    /** max |a - b| / max |b| (the plain difference when b is all zeros); NaN when a holds NaN. */
    public static double relativeError(double[] float32, double[] float64) {
        if (float32.length != float64.length) {
            throw new IllegalArgumentException("lengths differ: " + float32.length + " vs " + float64.length);
        }
        double error = 0;
        double scale = 0;
        for (int i = 0; i < float32.length; i++) {
            double d = Math.abs(float32[i] - float64[i]);
            error = Double.isNaN(d) || Double.isNaN(error) ? Double.NaN : Math.max(error, d);
            scale = Math.max(scale, Math.abs(float64[i]));
        }
        return scale == 0 ? error : error / scale;
    }

    /**
     * Runs {@code op(x, w)} in float32 and in float64, with a backward pass from {@code sum(op(x, w) * r)} for a
     * random r, and returns the relative errors (see {@link #relativeError}) of the output, of the gradient with
     * respect to x and of the gradient with respect to w, in that order. x and w are left as they are (no
     * gradient reaches them, so they may be a network's weights).
     */
    public static double[] errors(BinaryOperator<NDArray> op, NDArray x, NDArray w) {
        DataType[] types = {DataType.FLOAT32, DataType.FLOAT64};
        double[][][] results = new double[2][][];
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray r = null;
            for (int t = 0; t < 2; t++) {
                // copies of their own: DJL's toType(same type, copy = true) returns the same tensor on PyTorch, and a
                // gradient would then pile up on the caller's array (or on a network's weights)
                NDArray xt = x.toType(types[t], false).duplicate();
                NDArray wt = w.toType(types[t], false).duplicate();
                xt.attach(scope);
                wt.attach(scope);
                xt.setRequiresGradient(true);
                wt.setRequiresGradient(true);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray y = op.apply(xt, wt);
                    if (r == null) {
                        r = scope.randomNormal(y.getShape());
                    }
                    collector.backward(y.mul(r.toType(types[t], false)).sum());   // d sum(y * r) / dy = r
                    results[t] = new double[][] {doubles(y), doubles(xt.getGradient()), doubles(wt.getGradient())};
                }
            }
        }
        return new double[] {relativeError(results[0][0], results[1][0]), relativeError(results[0][1], results[1][1]),
            relativeError(results[0][2], results[1][2])};
    }

    /** Whether an error counts as agreement at a tolerance; NaN never does. */
    public static boolean agrees(double relativeError, double tolerance) {
        return relativeError <= tolerance;
    }

    private static double[] doubles(NDArray a) {
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }
}
