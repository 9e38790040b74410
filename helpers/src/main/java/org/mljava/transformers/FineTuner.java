package org.mljava.transformers;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.FixedPerVarTracker;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * The fine-tuning loop for any head, on DJL's {@code Trainer} with Adam: shuffled mini-batches,
 * one learning rate for the pretrained body and another for the new head, the loss of every step
 * recorded. Each batch's arrays live in a sub-manager closed after the step.
 * <pre>{@code
 * FineTuning.History h = FineTuner.fit(tagger, pretrained.manager(), sentences.size(),
 *         (rows, scope) -> new FineTuner.Batch(inputsFor(rows, scope), new NDList(tagsFor(rows, scope))),
 *         new MaskedCrossEntropyLoss(), FineTuning.defaults());
 * System.out.println(h.summary(5));
 * }</pre>
 */
public final class FineTuner {

    private FineTuner() {
    }

    /**
     * One training batch.
     *
     * @param inputs the head's inputs (input_ids, attention_mask[, token_type_ids])
     * @param labels the loss's labels
     */
    public record Batch(NDList inputs, NDList labels) {
    }

    /** Makes the batch of the given example rows, with arrays in {@code scope}. */
    @FunctionalInterface
    public interface BatchMaker {
        Batch make(int[] rows, NDManager scope);
    }

    /**
     * Fine-tunes {@code head} (whose weights live in {@code manager}) on {@code examples} examples.
     *
     * @return the loss of each step and the time taken
     */
    public static FineTuning.History fit(TransformerHead head, NDManager manager, int examples, BatchMaker maker,
                                         ai.djl.training.loss.Loss loss, FineTuning settings) {
        return fit(head, manager, examples, maker, loss, settings, step -> { });
    }

    /** As {@link #fit(TransformerHead, NDManager, int, BatchMaker, ai.djl.training.loss.Loss, FineTuning)}, calling {@code afterStep} with the step number. */
    public static FineTuning.History fit(TransformerHead head, NDManager manager, int examples, BatchMaker maker,
                                         ai.djl.training.loss.Loss loss, FineTuning settings, IntConsumer afterStep) {
        head.initializeWeights(manager);
        head.body().freezeWordEmbeddings(settings.freezeWordEmbeddings());
        Engine.getInstance().setRandomSeed(settings.seed()); // dropout masks
        FixedPerVarTracker.Builder rates = FixedPerVarTracker.builder().setDefaultValue(settings.learningRate());
        headParameters(head).forEach(p -> rates.put(p.getId(), settings.headLearningRate()));
        Optimizer adam = Optimizer.adam().optLearningRateTracker(rates.build()).optWeightDecays(settings.weightDecay()).build();
        DefaultTrainingConfig config = new DefaultTrainingConfig(loss).optOptimizer(adam)
                .optDevices(new ai.djl.Device[] {manager.getDevice()});
        List<Float> losses = new ArrayList<>();
        long start = System.nanoTime();
        // Adam keeps two arrays per weight, created in the weight's manager: lend the weights to a
        // scope for the run, so that closing it frees Adam's state (about twice the trained weights)
        Map<NDArray, NDManager> owners = new IdentityHashMap<>();
        try (NDManager optimizerScope = manager.newSubManager()) {
            for (Parameter p : head.namedParameters().values()) {
                owners.put(p.getArray(), p.getArray().getManager());
                p.getArray().attach(optimizerScope);
            }
            try {
                train(head, manager, examples, maker, config, settings, afterStep, losses);
            } finally {
                owners.forEach((array, owner) -> array.attach(owner));
            }
        }
        return new FineTuning.History(List.copyOf(losses), (System.nanoTime() - start) / 1e9);
    }

    private static void train(TransformerHead head, NDManager manager, int examples, BatchMaker maker, DefaultTrainingConfig config,
                              FineTuning settings, IntConsumer afterStep, List<Float> losses) {
        Random random = new Random(settings.seed());
        try (Model model = Model.newInstance("fine-tuning", manager.getDevice(), "PyTorch")) {
            model.setBlock(head);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, 1)); // all weights exist already: this keeps them
                int step = 0;
                for (int epoch = 0; epoch < settings.epochs(); epoch++) {
                    int[] order = shuffled(examples, random);
                    for (int from = 0; from < examples; from += settings.batchSize()) {
                        if (settings.maxSteps() > 0 && step >= settings.maxSteps()) {
                            return;
                        }
                        int[] rows = java.util.Arrays.copyOfRange(order, from, Math.min(examples, from + settings.batchSize()));
                        try (NDManager scope = manager.newSubManager()) {
                            Batch batch = maker.make(rows, scope);
                            try (GradientCollector collector = trainer.newGradientCollector()) {
                                NDList out = trainer.forward(batch.inputs());
                                NDArray value = trainer.getLoss().evaluate(batch.labels(), out);
                                collector.backward(value);
                                losses.add(value.getFloat());
                            }
                            trainer.step(); // Adam's update also zeroes the gradients (PyTorch engine)
                        }
                        afterStep.accept(++step);
                    }
                }
            }
        }
    }

    /** The head's own parameters (not the body's). */
    static List<Parameter> headParameters(TransformerHead head) {
        String bodyPrefix = head.body().config().checkpointPrefix() + ".";
        List<Parameter> out = new ArrayList<>();
        head.namedParameters().forEach((name, p) -> {
            if (!name.startsWith(bodyPrefix)) {
                out.add(p);
            }
        });
        return out;
    }

    private static int[] shuffled(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
