package org.mljava.helpers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VectorsTest {

    @Test
    void argmaxTakesTheFirstOfTies() {
        assertEquals(1, Vectors.argmax(new double[] {0.1, 0.7, 0.7}));
        assertEquals(2, Vectors.argmax(new int[] {1, 0, 4, 4}));
        assertArrayEquals(new int[] {1, 0}, Vectors.argmaxRows(new double[][] {{0, 1}, {5, -1}}));
        assertThrows(IllegalArgumentException.class, () -> Vectors.argmax(new double[0]));
    }

    @Test
    void logSumExpIsStableAndExact() {
        assertEquals(Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)), Vectors.logSumExp(new double[] {1, 2, 3}), 1e-14);
        // exp(-1000) underflows to 0 and exp(1000) overflows: the shifted form stays exact
        assertEquals(-1000 + Math.log(2), Vectors.logSumExp(new double[] {-1000, -1000}), 1e-12);
        assertEquals(1000 + Math.log(2), Vectors.logSumExp(new double[] {1000, 1000}), 1e-12);
        assertEquals(Double.NEGATIVE_INFINITY, Vectors.logSumExp(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}));
    }

    @Test
    void softmaxSumsToOneAndFollowsTheTemperature() {
        double[] p = Vectors.softmax(new double[] {1, 2, 3});
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertArrayEquals(new double[] {Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z}, p, 1e-15);
        assertArrayEquals(new double[] {0.5, 0.5}, Vectors.softmax(new double[] {1000, 1000}), 1e-15);
        double[] cold = Vectors.softmax(new double[] {1, 2}, 0.1);
        double[] hot = Vectors.softmax(new double[] {1, 2}, 10);
        assertEquals(1 / (1 + Math.exp(-10)), cold[1], 1e-15);
        assertEquals(1 / (1 + Math.exp(-0.1)), hot[1], 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Vectors.softmax(new double[] {1}, 0));
    }
}
