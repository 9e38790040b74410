package org.mljava.transformers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The few PyTorch modules a transformer is made of, with PyTorch's parameter names and layouts,
 * so that checkpoints map one to one. Each computes through DJL's engine operators (one native
 * call each: linear, layer_norm, embedding). The input is always the first operand, so results
 * belong to the input's NDManager (a per-batch manager), never to the weights' manager.
 */
final class Layers {

    private Layers() {
    }

    /** A module of one input array and one output array: the forward pass is {@link #apply}. */
    abstract static class OneInput extends HfBlock {

        /** The module on one array; results belong to {@code x}'s manager. */
        abstract NDArray apply(ParameterStore store, NDArray x, boolean training);

        @Override
        protected final NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            return new NDList(apply(store, inputs.singletonOrThrow(), training));
        }

        /** The input's shape with its last axis {@code width} long (a projection's output). */
        static Shape[] lastAxisTo(Shape[] inputShapes, long width) {
            return new Shape[] {inputShapes[0].slice(0, inputShapes[0].dimension() - 1).add(width)};
        }
    }

    /** torch.nn.Linear: y = x W^T + b, weight [out, in]. */
    static final class Linear extends OneInput {
        final Parameter weight;
        final Parameter bias;
        private final long out;

        Linear(long in, long out) {
            this(in, out, true);
        }

        Linear(long in, long out, boolean withBias) {
            this.out = out;
            weight = addWeight("weight", Parameter.Type.WEIGHT, out, in);
            bias = withBias ? addWeight("bias", Parameter.Type.BIAS, out) : null;
        }

        @Override
        NDArray apply(ParameterStore store, NDArray x, boolean training) {
            NDArray b = bias == null ? null : value(store, bias, x, training);
            return ai.djl.nn.core.Linear.linear(x, value(store, weight, x, training), b).singletonOrThrow();
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return lastAxisTo(inputShapes, out);
        }
    }

    /**
     * GPT-2's Conv1D: y = x W + b with the weight stored [in, out] (the transpose of Linear's),
     * kept that way so GPT-2 checkpoints load and save without transposing.
     */
    static final class Conv1D extends OneInput {
        final Parameter weight;
        final Parameter bias;
        private final long out;

        Conv1D(long in, long out) {
            this.out = out;
            weight = addWeight("weight", Parameter.Type.WEIGHT, in, out);
            bias = addWeight("bias", Parameter.Type.BIAS, out);
        }

        @Override
        NDArray apply(ParameterStore store, NDArray x, boolean training) {
            return x.matMul(value(store, weight, x, training)).add(value(store, bias, x, training));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return lastAxisTo(inputShapes, out);
        }
    }

    /** torch.nn.LayerNorm over the last axis: weight (gamma) and bias (beta). */
    static final class LayerNorm extends OneInput {
        final Parameter weight;
        final Parameter bias;
        private final long width;
        private final float eps;

        LayerNorm(long width, float eps) {
            this.width = width;
            this.eps = eps;
            weight = addWeight("weight", Parameter.Type.GAMMA, width);
            bias = addWeight("bias", Parameter.Type.BETA, width);
        }

        @Override
        NDArray apply(ParameterStore store, NDArray x, boolean training) {
            return x.getNDArrayInternal().layerNorm(x, new Shape(width), value(store, weight, x, training),
                    value(store, bias, x, training), eps).singletonOrThrow();
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }
    }

    /** torch.nn.Embedding: a table [rows, width] looked up by int64 ids. */
    static final class Embedding extends OneInput {
        final Parameter weight;
        private final long width;

        Embedding(long rows, long width) {
            this.width = width;
            weight = addWeight("weight", Parameter.Type.WEIGHT, rows, width);
        }

        @Override
        NDArray apply(ParameterStore store, NDArray ids, boolean training) {
            return ai.djl.nn.core.Embedding.embedding(ids, value(store, weight, ids, training), SparseFormat.DENSE).singletonOrThrow();
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {inputShapes[0].add(width)};
        }
    }

    /**
     * A float constant as a 0-dim array in {@code like}'s manager, for arithmetic inside a forward
     * pass: {@code x.div(constant(x, c))}, never {@code x.div(c)}. DJL's {@code div(Number)} (mul,
     * pow ...) wraps the number in a tensor over a direct ByteBuffer and closes it at once, but the
     * autograd graph keeps that tensor for the backward pass (d(x/c)/dx = 1/c) and nothing keeps the
     * buffer: a GC between forward and backward frees it, and the gradients read freed memory
     * (garbage, NaN). Attached to the batch's manager, the constant lives until the batch is closed.
     */
    static NDArray constant(NDArray like, float value) {
        return like.getManager().create(value);
    }

    /** Dropout that costs nothing outside training. */
    static NDArray dropout(NDArray x, float rate, boolean training) {
        if (!training || rate <= 0) {
            return x;
        }
        return ai.djl.nn.norm.Dropout.dropout(x, rate, true).singletonOrThrow();
    }
}
