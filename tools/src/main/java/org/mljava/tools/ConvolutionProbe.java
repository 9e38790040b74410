package org.mljava.tools;

import java.util.ArrayList;
import java.util.List;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import org.mljava.helpers.Float32Check;

/**
 * Whether PyTorch's float32 convolutions are right on this machine: each case runs a convolution
 * forward and backward in float32 and in float64 and compares the output and both gradients (with
 * respect to the input and to the filters). PyTorch hands float32 convolutions to oneDNN's
 * vectorized kernels and float64 ones to its own loops, so a disagreement means oneDNN's kernels
 * are wrong here.
 *
 * <p>Why this exists: on the virtual machines this project is tested on (AMD EPYC under
 * Firecracker), oneDNN 3.7.1 in DJL's PyTorch 2.7.1 gives wrong float32 results, sometimes NaN, for
 * channel counts that are not a multiple of its vector width (16 with AVX-512, 8 with AVX2): 100
 * input channels, or a gradient through a layer with 1 output channel. Limited to SSE4.1
 * ({@code ONEDNN_MAX_CPU_ISA=SSE41}) it is right. {@link CheckOneDnn} runs this class in a fresh
 * JVM per setting (oneDNN reads the variable once) and records the setting the kernel needs.
 *
 * <p>Runs with DJL's PyTorch engine on the class path; exit status 0 when every case agrees, 3 when
 * one does not (each printed), 1 when the probe itself failed.
 */
public final class ConvolutionProbe {

    /** Largest |float32 - float64| over the largest |float64| that counts as agreement (float32 rounding is about 1e-6). */
    static final double TOLERANCE = 1e-4;

    /** One convolution: batch, input and output channels, input size, filter size, padding. */
    record Case(int batch, int in, int out, int size, int kernel, int padding) {
        @Override
        public String toString() {
            return String.format("%d->%d channels, %dx%d input, %dx%d filter, padding %d", in, out, size, size, kernel, kernel, padding);
        }
    }

    /** Channel counts around the vector widths, and the layers of ML chapter 17's DCGAN where the error was found. */
    static final List<Case> CASES = List.of(
            new Case(4, 32, 32, 7, 3, 1),
            new Case(4, 100, 32, 7, 3, 1),
            new Case(4, 17, 8, 7, 3, 1),
            new Case(4, 12, 5, 7, 3, 1),
            new Case(4, 1, 1, 7, 3, 1),
            new Case(4, 32, 17, 7, 3, 1),
            new Case(4, 128, 1, 4, 4, 0),
            new Case(8, 100, 128, 1, 4, 3));

    private ConvolutionProbe() {
    }

    /** One line per result that disagrees, such as "100->32 channels, ...: output 0.18"; empty when all agree. */
    static List<String> disagreements(NDManager manager) {
        String[] names = {"output", "input gradient", "filter gradient"};
        List<String> found = new ArrayList<>();
        for (Case c : CASES) {
            NDArray x = manager.randomNormal(new Shape(c.batch(), c.in(), c.size(), c.size()));
            NDArray w = manager.randomNormal(new Shape(c.out(), c.in(), c.kernel(), c.kernel()));
            double[] errors = Float32Check.errors(
                    (in, filters) -> Conv2d.conv2d(in, filters, null, new Shape(1, 1), new Shape(c.padding(), c.padding())).head(), x, w);
            for (int i = 0; i < names.length; i++) {
                if (!Float32Check.agrees(errors[i], TOLERANCE)) {
                    found.add(String.format("%s: %s off by %.3g of its size", c, names[i], errors[i]));
                }
            }
        }
        return found;
    }

    public static void main(String[] args) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            List<String> found = disagreements(manager);
            String isa = System.getenv("ONEDNN_MAX_CPU_ISA");
            String setting = isa == null ? "oneDNN's default instruction set" : "ONEDNN_MAX_CPU_ISA=" + isa;
            if (found.isEmpty()) {
                System.out.printf("  float32 convolutions agree with float64 in all %d cases (%s)%n", CASES.size(), setting);
                System.exit(0);
            }
            System.out.printf("  float32 convolutions are wrong here with %s, %d results of %d:%n", setting, found.size(), 3 * CASES.size());
            found.forEach(line -> System.out.println("    " + line));
            System.exit(3);
        } catch (RuntimeException | LinkageError e) {
            System.err.println("ConvolutionProbe: " + e);
            System.exit(1);
        }
    }
}
