package org.mljava.transformers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A garbage collection between the forward and the backward pass must not change the gradients.
 * <p>Why it could: DJL's {@code x.div(2f)} (and mul, pow ... with a Java number) wraps the number
 * in a 0-dim tensor over a direct ByteBuffer, computes, and closes it at once; PyTorch's autograd
 * graph keeps that tensor for the backward pass (d(x/c)/dx = 1/c), but nothing keeps the
 * ByteBuffer: once the GC frees it, the backward pass reads freed memory. In training this gave an
 * occasional NaN loss (a GC during a forward pass), which seeds could not make go away.
 */
class ScalarLifetimeTest {

    static final int BATCH = 2;
    static final int TOKENS = 5;
    static final int HIDDEN = 8;
    static final int HEADS = 2;

    static float[] values(Random random, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) random.nextGaussian();
        }
        return out;
    }

    /** Frees what the GC can, then fills freshly allocated native memory with NaN (to be read if freed memory is). */
    static List<ByteBuffer> collectGarbageAndScribble() {
        List<ByteBuffer> keep = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int i = 0; i < 2000; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
                b.putFloat(0, Float.NaN);
                keep.add(b);
            }
        }
        return keep;
    }

    /** Gradients of q, k, v for sum(attention(q, k, v) * w), optionally with a GC between forward and backward. */
    static float[][] attentionGradients(boolean collectGarbage) {
        Random random = new Random(7);
        int n = BATCH * TOKENS * HIDDEN;
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Shape shape = new Shape(BATCH, TOKENS, HIDDEN);
            NDArray q = manager.create(values(random, n), shape);
            NDArray k = manager.create(values(random, n), shape);
            NDArray v = manager.create(values(random, n), shape);
            NDArray w = manager.create(values(random, n), shape);
            NDArray mask = manager.ones(new Shape(BATCH, TOKENS));
            for (NDArray a : List.of(q, k, v)) {
                a.setRequiresGradient(true);
            }
            List<ByteBuffer> scribbles = null;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                Attention.Result r = Attention.attend(q, k, v, HEADS, Attention.paddingBias(mask), 0f, true);
                NDArray objective = r.context().mul(w).sum();
                if (collectGarbage) {
                    scribbles = collectGarbageAndScribble();
                }
                collector.backward(objective);
            }
            float[][] grads = {q.getGradient().toFloatArray(), k.getGradient().toFloatArray(), v.getGradient().toFloatArray()};
            assertTrue(scribbles == null || !scribbles.isEmpty());
            return grads;
        }
    }

    @Test
    void attentionGradientsDoNotDependOnAGarbageCollectionBeforeBackward() {
        float[][] reference = attentionGradients(false);
        for (int attempt = 0; attempt < 3; attempt++) {
            float[][] afterGc = attentionGradients(true);
            String[] names = {"q", "k", "v"};
            for (int i = 0; i < 3; i++) {
                for (float g : afterGc[i]) {
                    assertTrue(Float.isFinite(g), "gradient of " + names[i] + " is finite after a GC, got " + g);
                }
                assertArrayEquals(reference[i], afterGc[i], 0f, "gradient of " + names[i] + " with and without a GC before backward");
            }
        }
    }

    @Test
    void tanhGeluGradientsDoNotDependOnAGarbageCollectionBeforeBackward() {
        float[][] results = new float[2][];
        for (int run = 0; run < 2; run++) {
            Random random = new Random(11);
            try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                NDArray x = manager.create(values(random, 64), new Shape(4, 16));
                x.setRequiresGradient(true);
                List<ByteBuffer> scribbles = null;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray y = Activations.apply("gelu_new", x).sum();
                    if (run == 1) {
                        scribbles = collectGarbageAndScribble();
                    }
                    collector.backward(y);
                }
                results[run] = x.getGradient().toFloatArray();
                assertTrue(scribbles == null || !scribbles.isEmpty());
            }
        }
        for (float g : results[1]) {
            assertTrue(Float.isFinite(g), "gelu_new gradient is finite after a GC, got " + g);
        }
        assertArrayEquals(results[0], results[1], 0f, "gelu_new gradients with and without a GC before backward");
    }
}
