package org.mljava.benchmarks;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * The profiles behind README.md's explanations, each beside python/probes.py (run both with the same arguments):
 * <pre>
 *   java ... org.mljava.benchmarks.Probes steps mlp|cnn   time per phase of a training step (forward + loss, backward, Adam)
 *   java ... org.mljava.benchmarks.Probes ops             chapter 11's float64 shapes: two products and a small element-wise op
 *   java ... org.mljava.benchmarks.Probes adam            one Adam update of a 1024 x 3136 weight (the CNN's fc1)
 * </pre>
 * Each prints three rounds (the first includes warm-up) and the minor page faults per operation.
 */
public final class Probes {
    private Probes() {
    }

    static long faults() {
        return Bench.minorFaults();
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "steps" -> steps(args[1].equals("cnn"));
            case "ops" -> ops();
            case "adam" -> adam();
            default -> throw new IllegalArgumentException("steps mlp|cnn, ops or adam");
        }
    }

    static void steps(boolean cnn) {
        int steps = cnn ? 20 : 500;
        Engine.getInstance().setRandomSeed(1);
        try (NDManager m = NDManager.newBaseManager(); Model model = Model.newInstance("probe")) {
            DjlTasks.TrainStep task = cnn ? new DjlTasks.CnnStep() : new DjlTasks.MlpStep();
            model.setBlock(task.build());
            Trainer t = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.001f)).build()));
            t.initialize(task.shape());
            NDArray x = m.randomUniform(0, 1, task.shape());
            NDArray y = m.randomInteger(0, 10, new Shape(64), DataType.INT32).toType(DataType.FLOAT32, false);
            for (int round = 0; round < 3; round++) {
                long[] ns = new long[3];
                long f0 = faults();
                for (int s = 0; s < steps; s++) {
                    try (NDManager scope = m.newSubManager()) {
                        long t0 = System.nanoTime();
                        try (GradientCollector gc = t.newGradientCollector()) {
                            NDArray logits = t.forward(new NDList(x)).singletonOrThrow();
                            NDArray l = t.getLoss().evaluate(new NDList(y), new NDList(logits));
                            logits.attach(scope);
                            l.attach(scope);
                            long t1 = System.nanoTime();
                            gc.backward(l);
                            long t2 = System.nanoTime();
                            ns[0] += t1 - t0;
                            ns[1] += t2 - t1;
                        }
                        long t3 = System.nanoTime();
                        t.step();
                        ns[2] += System.nanoTime() - t3;
                    }
                }
                System.out.printf("DJL %s round %d, ms per step: forward+loss %.3f, backward %.3f, adam %.3f; page faults per step %d%n",
                        cnn ? "cnn" : "mlp", round, ns[0] / 1e6 / steps, ns[1] / 1e6 / steps, ns[2] / 1e6 / steps, (faults() - f0) / steps);
            }
            t.close();
        }
    }

    static void ops() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(-1, 1, new Shape(100, 784)).toType(DataType.FLOAT64, false);
            NDArray wt = m.randomUniform(-1, 1, new Shape(50, 784)).toType(DataType.FLOAT64, false).transpose();
            NDArray d = m.randomUniform(-1, 1, new Shape(100, 50)).toType(DataType.FLOAT64, false);
            int n = 2000;
            for (int r = 0; r < 3; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    try (NDArray c = x.matMul(wt)) {
                        c.getShape();
                    }
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    try (NDArray dt = d.transpose(); NDArray c = dt.matMul(x)) {
                        c.getShape();
                    }
                }
                long t2 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    try (NDArray c = d.add(1.0)) {
                        c.getShape();
                    }
                }
                long t3 = System.nanoTime();
                System.out.printf("DJL float64 round %d, us per op: X W^T (100x784 . 784x50) %.1f, D^T X (50x100 . 100x784) %.1f, D + 1 (100x50) %.1f%n",
                        r, (t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / n, (t3 - t2) / 1e3 / n);
            }
        }
    }

    static void adam() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape s = new Shape(1024, 3136);
            NDArray w = m.randomNormal(s);
            NDArray g = m.randomNormal(s).mul(m.create(0.01f));
            w.setRequiresGradient(true);
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.001f)).build();
            for (int round = 0; round < 3; round++) {
                long f0 = faults();
                long t0 = System.nanoTime();
                for (int i = 0; i < 20; i++) {
                    try (NDManager scope = m.newSubManager()) {
                        NDArray grad = w.getGradient();
                        grad.addi(g);                   // the gradient as backward would leave it (Adam zeroes it after the update)
                        grad.close();
                        NDArray current = w.getGradient();
                        current.attach(scope);
                        adam.update("w", w, current);
                    }
                }
                System.out.printf("DJL adam round %d: %.1f ms per update of 1024 x 3136, page faults per update %d%n",
                        round, (System.nanoTime() - t0) / 20e6, (faults() - f0) / 20);
            }
        }
    }
}
