package org.mljava.benchmarks;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.ByteBuffer;

/** DJL (PyTorch engine) beside PyTorch: training steps of the books' networks and a float32 matmul. */
final class DjlTasks {
    private DjlTasks() {
    }

    /**
     * {@link #inner()} training steps (forward, softmax cross-entropy, backward, Adam lr 0.001) on one MNIST batch of 64,
     * through a DJL Trainer as the notebooks train. No explicit zeroing: DJL's Adam on the PyTorch engine zeroes each
     * gradient after its update (PtNDArrayEx.adamUpdate calls JniUtils.zeroGrad), as PyTorch's opt.zero_grad() does.
     * Returns the last loss.
     */
    abstract static class TrainStep implements JavaTask {
        NDManager manager;
        Model model;
        Trainer trainer;
        NDArray x, y;

        abstract Block build();

        abstract Shape shape();

        @Override
        public void setup(Data d, int size) {
            Engine.getInstance().setRandomSeed(1);
            manager = NDManager.newBaseManager();
            model = Model.newInstance("step");
            model.setBlock(build());
            trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.001f)).build()));
            trainer.initialize(shape());
            x = manager.create(ByteBuffer.wrap(d.batch64()), new Shape(64, 784), DataType.UINT8)
                    .toType(DataType.FLOAT32, false).div(255f).reshape(shape());
            y = manager.create(d.batch64Labels()).toType(DataType.FLOAT32, false);
        }

        @Override
        public double run() {
            float loss = 0;
            for (int s = 0; s < inner(); s++) {
                try (NDManager scope = manager.newSubManager()) {
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                        NDArray l = trainer.getLoss().evaluate(new NDList(y), new NDList(logits));
                        gc.backward(l);
                        loss = l.getFloat();
                        logits.attach(scope);
                        l.attach(scope);
                    }
                    trainer.step();
                }
            }
            return loss;
        }

        @Override
        public void close() {
            trainer.close();
            model.close();
            manager.close();
        }
    }

    /** Chapter 13's classifier: 784-32-16-10, ReLU. */
    static final class MlpStep extends TrainStep {
        @Override
        public int inner() {
            return 50;
        }

        @Override
        Shape shape() {
            return new Shape(64, 784);
        }

        @Override
        Block build() {
            return new SequentialBlock().add(Linear.builder().setUnits(32).build()).add(Activation::relu)
                    .add(Linear.builder().setUnits(16).build()).add(Activation::relu)
                    .add(Linear.builder().setUnits(10).build());
        }
    }

    /** Chapter 14's CNN: conv 5x5x32, pool, conv 5x5x64, pool, fc 1024, dropout 0.5, fc 10. */
    static final class CnnStep extends TrainStep {
        @Override
        public int inner() {
            return 5;
        }

        @Override
        Shape shape() {
            return new Shape(64, 1, 28, 28);
        }

        @Override
        Block build() {
            return new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(5, 5)).optPadding(new Shape(2, 2)).setFilters(32).build())
                    .add(Activation::relu)
                    .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                    .add(Conv2d.builder().setKernelShape(new Shape(5, 5)).optPadding(new Shape(2, 2)).setFilters(64).build())
                    .add(Activation::relu)
                    .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(1024).build())
                    .add(Activation::relu)
                    .add(Dropout.builder().optRate(0.5f).build())
                    .add(Linear.builder().setUnits(10).build());
        }
    }

    /** 50 float32 512x512 products, a.matMul(b), each freed at once. */
    static final class Matmul implements JavaTask {
        NDManager manager;
        NDArray a, b;

        @Override
        public int inner() {
            return 50;
        }

        @Override
        public void setup(Data d, int size) {
            manager = NDManager.newBaseManager();
            var r = new java.util.Random(1);
            float[] va = new float[512 * 512], vb = new float[512 * 512];
            for (int i = 0; i < va.length; i++) {
                va[i] = (float) r.nextGaussian();
                vb[i] = (float) r.nextGaussian();
            }
            a = manager.create(va, new Shape(512, 512));
            b = manager.create(vb, new Shape(512, 512));
        }

        @Override
        public double run() {
            double v = 0;
            for (int i = 0; i < inner(); i++) {
                try (NDArray c = a.matMul(b)) {
                    if (i == 0) {
                        v = c.getFloat(0, 0);
                    }
                }
            }
            return v;
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    /** The same product with Smile's DenseMatrix (float32, OpenBLAS sgemm), beside NumPy's a @ b. */
    static final class SmileMatmul implements JavaTask {
        smile.tensor.DenseMatrix a, b;

        @Override
        public int inner() {
            return 50;
        }

        @Override
        public void setup(Data d, int size) {
            var r = new java.util.Random(1);
            float[][] va = new float[512][512], vb = new float[512][512];
            for (int i = 0; i < 512; i++) {
                for (int j = 0; j < 512; j++) {
                    va[i][j] = (float) r.nextGaussian();
                    vb[i][j] = (float) r.nextGaussian();
                }
            }
            a = smile.tensor.DenseMatrix.of(va);
            b = smile.tensor.DenseMatrix.of(vb);
        }

        @Override
        public double run() {
            double v = 0;
            for (int i = 0; i < inner(); i++) {
                v = a.mm(b).get(0, 0);
            }
            return v;
        }
    }
}
