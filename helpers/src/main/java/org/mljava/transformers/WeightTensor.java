package org.mljava.transformers;

import java.util.Arrays;

/**
 * One weight of a checkpoint: its shape (row-major, the last axis varies fastest, as in PyTorch)
 * and its values as 32-bit floats, whatever type the file stored ({@code storedType}: "F32",
 * "F16", "BF16", "F64").
 * <pre>{@code
 * WeightTensor w = Safetensors.read(path).get("wte.weight");
 * long rows = w.shape()[0];
 * }</pre>
 *
 * @param shape      the shape, e.g. {@code [30522, 384]}
 * @param values     the values, row-major; length = the product of the shape
 * @param storedType the element type in the file (safetensors' names)
 */
public record WeightTensor(long[] shape, float[] values, String storedType) {

    public WeightTensor {
        if (size(shape) != values.length) {
            throw new IllegalArgumentException("a tensor of shape " + Arrays.toString(shape) + " needs "
                    + size(shape) + " values, not " + values.length);
        }
    }

    /** A float32 tensor. */
    public static WeightTensor of(long[] shape, float[] values) {
        return new WeightTensor(shape.clone(), values, "F32");
    }

    /** The number of elements of a shape (1 for a scalar). */
    public static long size(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** The transpose of a 2-D tensor ([in, out] as ONNX MatMul stores it -> [out, in] as torch.nn.Linear does). */
    public WeightTensor transposed() {
        if (shape.length != 2) {
            throw new IllegalStateException("only a 2-D tensor can be transposed, this one is " + Arrays.toString(shape));
        }
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        float[] out = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = values[r * cols + c];
            }
        }
        return new WeightTensor(new long[] {cols, rows}, out, storedType);
    }

    /** "[30522, 384]". */
    public String shapeText() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(values, t.values)
                && storedType.equals(t.storedType);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return storedType + shapeText();
    }
}
