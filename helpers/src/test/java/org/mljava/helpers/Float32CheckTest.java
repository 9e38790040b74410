package org.mljava.helpers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class Float32CheckTest {

    @Test
    void relativeErrorIsTheLargestDifferenceOverTheLargestValue() {
        assertEquals(0.05, Float32Check.relativeError(new double[] {1.0, -2.1}, new double[] {1.0, -2.0}), 1e-12);
        assertEquals(0.0, Float32Check.relativeError(new double[] {0, 0}, new double[] {0, 0}));
        assertEquals(0.5, Float32Check.relativeError(new double[] {0.5}, new double[] {0}), "all-zero reference: the plain difference");
        assertThrows(IllegalArgumentException.class, () -> Float32Check.relativeError(new double[1], new double[2]));
    }

    @Test
    void nanNeverAgrees() {
        double nan = Float32Check.relativeError(new double[] {1, Double.NaN, 1}, new double[] {1, 1, 1});
        assertTrue(Double.isNaN(nan));
        assertFalse(Float32Check.agrees(nan, 1e-4));
        assertFalse(Float32Check.agrees(0.2, 1e-4));
        assertTrue(Float32Check.agrees(3e-7, 1e-4));
        assertTrue(Float32Check.agrees(1e-4, 1e-4));
    }

    @Test
    void aRightOperationAgreesAndOneWrongOnlyInFloat32IsCaughtInOutputAndGradients() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.randomNormal(new Shape(8, 5));
            NDArray w = manager.randomNormal(new Shape(5, 3));
            double[] right = Float32Check.errors(NDArray::matMul, x, w);
            assertEquals(3, right.length);
            for (double e : right) {
                assertTrue(e < 1e-5, "matMul in float32 vs float64: " + e);
            }
            // wrong only in float32: the output scaled by 1.5, so its gradients are scaled too
            double[] wrong = Float32Check.errors((a, b) -> a.getDataType() == DataType.FLOAT32 ? a.matMul(b).mul(a.getManager().create(1.5f)) : a.matMul(b), x, w);
            for (double e : wrong) {
                assertEquals(0.5, e, 1e-5, java.util.Arrays.toString(wrong));
            }
            assertEquals(DataType.FLOAT32, x.getDataType(), "the inputs are left as they are");
            assertFalse(x.hasGradient());
            // a weight that takes gradients (a network's parameter) gets none from the check
            w.setRequiresGradient(true);
            Float32Check.errors(NDArray::matMul, x, w);
            assertEquals(0.0, w.getGradient().abs().sum().getFloat());
        }
    }
}
