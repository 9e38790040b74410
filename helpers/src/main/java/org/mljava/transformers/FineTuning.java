package org.mljava.transformers;

import java.util.List;

/**
 * Settings for fine-tuning a pretrained transformer with a head (Adam), with defaults that keep a
 * CPU run short: 64 tokens, batches of 16, one epoch, the word-embedding table frozen.
 * <pre>{@code
 * FineTuning settings = FineTuning.defaults().withEpochs(2).withMaxLength(128).withLearningRate(3e-5f);
 * }</pre>
 * Why freeze the word embeddings by default: in MiniLM the 30,522 x 384 table is half of all
 * weights; Adam keeps two more tables of that size and rewrites all three every step, which on a
 * CPU costs more than the rest of the update (measured about 10x cheaper frozen), while a few
 * hundred labelled texts touch only a few thousand rows of it anyway.
 *
 * @param epochs                passes over the training texts
 * @param batchSize             texts per step
 * @param maxLength             tokens per text (longer texts are truncated)
 * @param learningRate          Adam's learning rate for the pretrained body (Hugging Face's usual 2e-5 to 5e-5)
 * @param headLearningRate      Adam's learning rate for the new head, which starts from random weights
 * @param weightDecay           L2 weight decay (0: none)
 * @param freezeWordEmbeddings  keep the word-embedding table fixed
 * @param seed                  for shuffling and dropout
 * @param maxSteps              stop after this many steps (0: no limit)
 */
public record FineTuning(int epochs, int batchSize, int maxLength, float learningRate, float headLearningRate, float weightDecay,
                         boolean freezeWordEmbeddings, int seed, int maxSteps) {

    public FineTuning {
        if (epochs < 1 || batchSize < 1 || maxLength < 2 || maxSteps < 0) {
            throw new IllegalArgumentException("epochs, batch size and max length must be positive, max steps >= 0");
        }
    }

    /**
     * 1 epoch, batches of 16, 64 tokens, learning rates 5e-5 (body) and 5e-3 (head), word embeddings
     * frozen. The head's rate is high because on a CPU a run has tens of steps, not thousands: a
     * linear layer from random weights gets nowhere in ten steps at the body's rate (measured: MiniLM,
     * 160 short IMDb reviews, 10 steps: held-out accuracy 0.67 with 1e-3, 0.81 with 5e-3).
     */
    public static FineTuning defaults() {
        return new FineTuning(1, 16, 64, 5e-5f, 5e-3f, 0f, true, 42, 0);
    }

    public FineTuning withEpochs(int n) {
        return new FineTuning(n, batchSize, maxLength, learningRate, headLearningRate, weightDecay, freezeWordEmbeddings, seed, maxSteps);
    }

    public FineTuning withBatchSize(int n) {
        return new FineTuning(epochs, n, maxLength, learningRate, headLearningRate, weightDecay, freezeWordEmbeddings, seed, maxSteps);
    }

    public FineTuning withMaxLength(int n) {
        return new FineTuning(epochs, batchSize, n, learningRate, headLearningRate, weightDecay, freezeWordEmbeddings, seed, maxSteps);
    }

    public FineTuning withLearningRate(float lr) {
        return new FineTuning(epochs, batchSize, maxLength, lr, headLearningRate, weightDecay, freezeWordEmbeddings, seed, maxSteps);
    }

    public FineTuning withHeadLearningRate(float lr) {
        return new FineTuning(epochs, batchSize, maxLength, learningRate, lr, weightDecay, freezeWordEmbeddings, seed, maxSteps);
    }

    public FineTuning withWeightDecay(float decay) {
        return new FineTuning(epochs, batchSize, maxLength, learningRate, headLearningRate, decay, freezeWordEmbeddings, seed, maxSteps);
    }

    public FineTuning withFrozenWordEmbeddings(boolean freeze) {
        return new FineTuning(epochs, batchSize, maxLength, learningRate, headLearningRate, weightDecay, freeze, seed, maxSteps);
    }

    public FineTuning withSeed(int s) {
        return new FineTuning(epochs, batchSize, maxLength, learningRate, headLearningRate, weightDecay, freezeWordEmbeddings, s, maxSteps);
    }

    public FineTuning withMaxSteps(int n) {
        return new FineTuning(epochs, batchSize, maxLength, learningRate, headLearningRate, weightDecay, freezeWordEmbeddings, seed, n);
    }

    /**
     * What a fine-tuning run did.
     *
     * @param losses  the training loss of each step (with dropout), in order
     * @param seconds wall-clock time of the run
     */
    public record History(List<Float> losses, double seconds) {
        public int steps() {
            return losses.size();
        }

        /** The mean loss of the first and of the last {@code n} steps, to print how it went. */
        public String summary(int n) {
            int k = Math.min(n, losses.size());
            return String.format(java.util.Locale.ROOT, "%d steps in %.1f s, loss %.3f (first %d) -> %.3f (last %d)", steps(), seconds,
                    mean(losses.subList(0, k)), k, mean(losses.subList(losses.size() - k, losses.size())), k);
        }

        private static double mean(List<Float> values) {
            return values.stream().mapToDouble(Float::doubleValue).average().orElse(Double.NaN);
        }
    }
}
