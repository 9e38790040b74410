package org.mljava.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.mljava.helpers.NumpyRandomState;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import smile.tensor.DenseMatrix;

/**
 * Chapter 11's from-scratch MLP (784-50-10, sigmoid, MSE on one-hot targets, learning rate 0.1, minibatches of
 * 100, float64), one training epoch over the first {@code size} MNIST training images, three ways: the notebook's
 * own NDArray code, plain Java arrays, and OpenBLAS dgemm through Smile. All start from the book's weights
 * (NumPy's RandomState(123)) and see the book's shuffled batches, like the NumPy code of the Python side; the
 * metric is the test accuracy after the epoch (not timed). Only the epoch's loop is timed.
 */
final class Ch11 {
    private Ch11() {
    }

    static final int FEATURES = 784, HIDDEN = 50, CLASSES = 10, BATCH = 100;
    static final double RATE = 0.1;

    abstract static class Epoch implements JavaTask {
        byte[] pixels, testPixels;
        int[] labels, testLabels;
        int n;
        double seconds;

        @Override
        public void setup(Data d, int size) {
            n = Math.min(size, d.mnistTrain.size());
            pixels = Arrays.copyOf(d.mnistTrain.rawPixels(), n * FEATURES);
            labels = Arrays.copyOf(d.mnistTrain.labels(), n);
            testPixels = d.mnistTest.rawPixels();
            testLabels = d.mnistTest.labels();
        }

        static double scaled(byte b) {
            return ((b & 0xff) / 255.0 - 0.5) * 2.0;
        }

        static double[][] rows(byte[] px, int count) {
            double[][] x = new double[count][FEATURES];
            for (int i = 0; i < count; i++) {
                for (int j = 0; j < FEATURES; j++) {
                    x[i][j] = scaled(px[i * FEATURES + j]);
                }
            }
            return x;
        }

        /** The book's batches: np.random.seed(123); np.random.shuffle(indices); full batches of 100. */
        int[] order() {
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            new NumpyRandomState(123).shuffle(order);
            return order;
        }

        @Override
        public double ownSeconds() {
            return seconds;
        }
    }

    static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }

    /** The notebook's code (chapter 11, NeuralNetMLP with NDArray, one NDManager scope per minibatch). */
    static final class NdArrayEpoch extends Epoch {
        NDManager base;
        NDArray x, xTest;

        static NDArray sigmoid(NDArray z) {
            return NDArrays.div(1.0, z.neg().exp().add(1.0));
        }

        static NDArray transposedFor(NDArray x, NDArray w) {
            NDArray t = w.transpose();
            t.attach(x.getManager());
            return t;
        }

        @Override
        public void setup(Data d, int size) {
            super.setup(d, size);
            base = NDManager.newBaseManager();
            x = features(pixels, n);
            xTest = features(testPixels, testLabels.length);
        }

        NDArray features(byte[] px, int count) {
            try (NDManager scope = base.newSubManager()) {
                NDArray s = scope.create(ByteBuffer.wrap(px), new Shape(count, FEATURES), DataType.UINT8)
                        .toType(DataType.FLOAT64, false).divi(255.0).subi(0.5).muli(2.0);
                s.attach(base);
                return s;
            }
        }

        @Override
        public double run() {
            try (NDManager model = base.newSubManager()) {
                var rng = new NumpyRandomState(123);
                NDArray weightH = model.create(rng.normal(0.0, 0.1, HIDDEN * FEATURES), new Shape(HIDDEN, FEATURES));
                NDArray biasH = model.zeros(new Shape(HIDDEN), DataType.FLOAT64);
                NDArray weightOut = model.create(rng.normal(0.0, 0.1, CLASSES * HIDDEN), new Shape(CLASSES, HIDDEN));
                NDArray biasOut = model.zeros(new Shape(CLASSES), DataType.FLOAT64);
                int[] order = order();
                long start = System.nanoTime();
                for (int b = 0; b + BATCH <= n; b += BATCH) {
                    long[] rows = Arrays.stream(order, b, b + BATCH).asLongStream().toArray();
                    try (NDManager batch = base.newSubManager()) {
                        NDArray xb = x.get(batch, new NDIndex("{}", batch.create(rows)));
                        int[] yl = Arrays.stream(rows).mapToInt(r -> labels[(int) r]).toArray();
                        NDArray yb = batch.create(yl).oneHot(CLASSES, DataType.FLOAT64);
                        NDArray aH = sigmoid(xb.matMul(transposedFor(xb, weightH)).add(biasH));
                        NDArray aOut = sigmoid(aH.matMul(transposedFor(xb, weightOut)).add(biasOut));
                        long m = xb.getShape().get(0);
                        NDArray deltaOut = aOut.sub(yb).mul(2.0 / m).mul(aOut.mul(NDArrays.sub(1.0, aOut)));
                        NDArray deltaH = deltaOut.matMul(weightOut).mul(aH.mul(NDArrays.sub(1.0, aH)));
                        weightH.subi(deltaH.transpose().matMul(xb).muli(RATE));
                        biasH.subi(deltaH.sum(new int[] {0}).muli(RATE));
                        weightOut.subi(deltaOut.transpose().matMul(aH).muli(RATE));
                        biasOut.subi(deltaOut.sum(new int[] {0}).muli(RATE));
                    }
                }
                seconds = (System.nanoTime() - start) / 1e9;
                try (NDManager eval = base.newSubManager()) {
                    NDArray xt = xTest.get(eval, new NDIndex(":"));
                    NDArray aH = sigmoid(xt.matMul(transposedFor(xt, weightH)).add(biasH));
                    NDArray out = sigmoid(aH.matMul(transposedFor(xt, weightOut)).add(biasOut));
                    long[] predicted = out.argMax(1).toLongArray();
                    int ok = 0;
                    for (int i = 0; i < predicted.length; i++) {
                        if (predicted[i] == testLabels[i]) {
                            ok++;
                        }
                    }
                    return ok / (double) predicted.length;
                }
            }
        }

        @Override
        public void close() {
            base.close();
        }
    }

    /** The epochs that work on plain Java rows: the training and test images as double[][] in [-1, 1]. */
    abstract static class RowsEpoch extends Epoch {
        double[][] x, xTest;

        @Override
        public void setup(Data d, int size) {
            super.setup(d, size);
            x = rows(pixels, n);
            xTest = rows(testPixels, testLabels.length);
        }
    }

    /** Plain Java arrays and loops, written the straightforward way (row-major, dot products in the inner loop). */
    static final class ArrayEpoch extends RowsEpoch {

        @Override
        public double run() {
            var rng = new NumpyRandomState(123);
            double[] wh = rng.normal(0.0, 0.1, HIDDEN * FEATURES), bh = new double[HIDDEN];
            double[] wo = rng.normal(0.0, 0.1, CLASSES * HIDDEN), bo = new double[CLASSES];
            int[] order = order();
            double[][] aH = new double[BATCH][HIDDEN], aO = new double[BATCH][CLASSES];
            double[][] dO = new double[BATCH][CLASSES], dH = new double[BATCH][HIDDEN];
            long start = System.nanoTime();
            for (int b = 0; b + BATCH <= n; b += BATCH) {
                for (int i = 0; i < BATCH; i++) {
                    double[] xi = x[order[b + i]];
                    for (int h = 0; h < HIDDEN; h++) {
                        double z = bh[h];
                        int off = h * FEATURES;
                        for (int j = 0; j < FEATURES; j++) {
                            z += xi[j] * wh[off + j];
                        }
                        aH[i][h] = sigmoid(z);
                    }
                    for (int c = 0; c < CLASSES; c++) {
                        double z = bo[c];
                        for (int h = 0; h < HIDDEN; h++) {
                            z += aH[i][h] * wo[c * HIDDEN + h];
                        }
                        aO[i][c] = sigmoid(z);
                    }
                    int yi = labels[order[b + i]];
                    for (int c = 0; c < CLASSES; c++) {
                        double a = aO[i][c];
                        dO[i][c] = 2.0 * (a - (c == yi ? 1.0 : 0.0)) / BATCH * a * (1 - a);
                    }
                    for (int h = 0; h < HIDDEN; h++) {
                        double s = 0;
                        for (int c = 0; c < CLASSES; c++) {
                            s += dO[i][c] * wo[c * HIDDEN + h];
                        }
                        dH[i][h] = s * aH[i][h] * (1 - aH[i][h]);
                    }
                }
                // gradients of the whole batch, then the update (the gradients use the weights before it)
                double[] gwo = new double[CLASSES * HIDDEN], gbo = new double[CLASSES];
                for (int i = 0; i < BATCH; i++) {
                    for (int c = 0; c < CLASSES; c++) {
                        gbo[c] += dO[i][c];
                        for (int h = 0; h < HIDDEN; h++) {
                            gwo[c * HIDDEN + h] += dO[i][c] * aH[i][h];
                        }
                    }
                }
                for (int h = 0; h < HIDDEN; h++) {
                    double gb = 0;
                    int off = h * FEATURES;
                    for (int i = 0; i < BATCH; i++) {
                        double d = dH[i][h];
                        gb += d;
                        double[] xi = x[order[b + i]];
                        for (int j = 0; j < FEATURES; j++) {
                            wh[off + j] -= RATE * d * xi[j];      // the hidden gradient of this unit, applied as it is summed
                        }
                    }
                    bh[h] -= RATE * gb;
                }
                for (int k = 0; k < gwo.length; k++) {
                    wo[k] -= RATE * gwo[k];
                }
                for (int c = 0; c < CLASSES; c++) {
                    bo[c] -= RATE * gbo[c];
                }
            }
            seconds = (System.nanoTime() - start) / 1e9;
            int ok = 0;
            double[] h = new double[HIDDEN];
            for (int i = 0; i < xTest.length; i++) {
                for (int u = 0; u < HIDDEN; u++) {
                    double z = bh[u];
                    for (int j = 0; j < FEATURES; j++) {
                        z += xTest[i][j] * wh[u * FEATURES + j];
                    }
                    h[u] = sigmoid(z);
                }
                int arg = 0;
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < CLASSES; c++) {
                    double z = bo[c];
                    for (int u = 0; u < HIDDEN; u++) {
                        z += h[u] * wo[c * HIDDEN + u];
                    }
                    if (z > max) {
                        max = z;
                        arg = c;
                    }
                }
                if (arg == testLabels[i]) {
                    ok++;
                }
            }
            return ok / (double) xTest.length;
        }
    }

    /**
     * The same epoch with the three big products (and the two weight updates) by OpenBLAS dgemm through Smile; the
     * element-wise rest in loops that read and write the matrices' own column-major native memory (no copies).
     */
    static final class BlasEpoch extends RowsEpoch {

        static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

        static DenseMatrix matrix(int rows, int cols) {
            return DenseMatrix.zeros(smile.tensor.ScalarType.Float64, rows, cols);
        }

        @Override
        public double run() {
            var rng = new NumpyRandomState(123);
            double[] whRow = rng.normal(0.0, 0.1, HIDDEN * FEATURES), woRow = rng.normal(0.0, 0.1, CLASSES * HIDDEN);
            DenseMatrix wh = matrix(HIDDEN, FEATURES), wo = matrix(CLASSES, HIDDEN);
            for (int h = 0; h < HIDDEN; h++) {
                for (int j = 0; j < FEATURES; j++) {
                    wh.set(h, j, whRow[h * FEATURES + j]);
                }
            }
            for (int c = 0; c < CLASSES; c++) {
                for (int h = 0; h < HIDDEN; h++) {
                    wo.set(c, h, woRow[c * HIDDEN + h]);
                }
            }
            double[] bh = new double[HIDDEN], bo = new double[CLASSES];
            DenseMatrix xbT = matrix(FEATURES, BATCH), aH = matrix(BATCH, HIDDEN), aO = matrix(BATCH, CLASSES);
            DenseMatrix dO = matrix(BATCH, CLASSES), dH = matrix(BATCH, HIDDEN);
            MemorySegment xbM = xbT.memory(), aHM = aH.memory(), aOM = aO.memory(), dOM = dO.memory(), dHM = dH.memory();
            int ldX = xbT.ld(), ldH = aH.ld(), ldO = aO.ld(), ldDO = dO.ld(), ldDH = dH.ld();
            var no = smile.linalg.Transpose.NO_TRANSPOSE;
            var tr = smile.linalg.Transpose.TRANSPOSE;
            int[] order = order();
            long start = System.nanoTime();
            for (int b = 0; b + BATCH <= n; b += BATCH) {
                for (int i = 0; i < BATCH; i++) {
                    double[] xi = x[order[b + i]];
                    for (int j = 0; j < FEATURES; j++) {
                        xbM.setAtIndex(D, j + (long) i * ldX, xi[j]);     // column i of X^T: contiguous
                    }
                }
                DenseMatrix.mm(1.0, tr, xbT, tr, wh, 0.0, aH);                // X W_h^T
                for (int h = 0; h < HIDDEN; h++) {
                    for (int i = 0; i < BATCH; i++) {
                        long k = i + (long) h * ldH;
                        aHM.setAtIndex(D, k, sigmoid(aHM.getAtIndex(D, k) + bh[h]));
                    }
                }
                DenseMatrix.mm(1.0, no, aH, tr, wo, 0.0, aO);                 // A_h W_out^T
                double[] gbo = new double[CLASSES];
                for (int c = 0; c < CLASSES; c++) {
                    for (int i = 0; i < BATCH; i++) {
                        double a = sigmoid(aOM.getAtIndex(D, i + (long) c * ldO) + bo[c]);
                        double d = 2.0 * (a - (c == labels[order[b + i]] ? 1.0 : 0.0)) / BATCH * a * (1 - a);
                        dOM.setAtIndex(D, i + (long) c * ldDO, d);
                        gbo[c] += d;
                    }
                }
                DenseMatrix.mm(1.0, no, dO, no, wo, 0.0, dH);                 // delta_out W_out
                double[] gbh = new double[HIDDEN];
                for (int h = 0; h < HIDDEN; h++) {
                    for (int i = 0; i < BATCH; i++) {
                        double a = aHM.getAtIndex(D, i + (long) h * ldH);
                        long k = i + (long) h * ldDH;
                        double d = dHM.getAtIndex(D, k) * a * (1 - a);
                        dHM.setAtIndex(D, k, d);
                        gbh[h] += d;
                    }
                }
                DenseMatrix.mm(-RATE, tr, dO, no, aH, 1.0, wo);               // W_out -= rate delta_out^T A_h
                DenseMatrix.mm(-RATE, tr, dH, tr, xbT, 1.0, wh);              // W_h -= rate delta_h^T X
                for (int h = 0; h < HIDDEN; h++) {
                    bh[h] -= RATE * gbh[h];
                }
                for (int c = 0; c < CLASSES; c++) {
                    bo[c] -= RATE * gbo[c];
                }
            }
            seconds = (System.nanoTime() - start) / 1e9;
            DenseMatrix xt = DenseMatrix.of(xTest);
            DenseMatrix hidden = xt.mt(wh);
            for (int i = 0; i < xTest.length; i++) {
                for (int u = 0; u < HIDDEN; u++) {
                    hidden.set(i, u, sigmoid(hidden.get(i, u) + bh[u]));
                }
            }
            DenseMatrix o = hidden.mt(wo);
            int ok = 0;
            for (int i = 0; i < xTest.length; i++) {
                int arg = 0;
                for (int c = 1; c < CLASSES; c++) {
                    if (o.get(i, c) + bo[c] > o.get(i, arg) + bo[arg]) {
                        arg = c;
                    }
                }
                if (arg == testLabels[i]) {
                    ok++;
                }
            }
            return ok / (double) xTest.length;
        }
    }
}
