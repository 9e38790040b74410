package org.mljava.transformers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * GPT-2's language-modelling head: next-token logits = hidden states times the transposed
 * token-embedding table {@code wte} (tied: no weights of its own, so Hugging Face's
 * {@code lm_head.weight} is {@code wte.weight}). Output: logits [batch, tokens, vocab], where
 * position t scores the token at t + 1. Train with {@link MaskedCrossEntropyLoss} on
 * {@link #nextTokenLabels(TokenBatch, NDManager)}.
 * <pre>{@code
 * var lm = new CausalLanguageModelHead(gpt2Decoder);
 * NDArray logits = lm.forward(store, batch.toNDList(manager), false).get(0);
 * NDArray labels = CausalLanguageModelHead.nextTokenLabels(batch, manager);
 * }</pre>
 */
public final class CausalLanguageModelHead extends TransformerHead {

    public CausalLanguageModelHead(Gpt2Decoder decoder) {
        super(decoder);
    }

    @Override
    public String task() {
        return "causal-lm";
    }

    @Override
    public String architecture() {
        return "GPT2LMHeadModel";
    }

    @Override
    NDList headOutput(ParameterStore store, NDArray hidden, NDList inputs, boolean training) {
        NDArray table = value(store, body().wordEmbeddings(), hidden, training);
        return new NDList(ai.djl.nn.core.Linear.linear(hidden, table, null).singletonOrThrow());
    }

    @Override
    Shape[] headShapes(long batch, long tokens) {
        return new Shape[] {new Shape(batch, tokens, body().config().vocabSize())};
    }

    /**
     * The targets of a batch for next-token prediction [size, length]: position t holds the id at
     * t + 1; the last position and positions whose next token is padding hold -100 (ignored).
     */
    public static NDArray nextTokenLabels(TokenBatch batch, NDManager manager) {
        long[] labels = new long[batch.ids().length];
        int n = batch.length();
        for (int b = 0; b < batch.size(); b++) {
            for (int t = 0; t < n; t++) {
                int i = b * n + t;
                boolean hasNext = t + 1 < n && batch.mask()[i + 1] == 1 && batch.mask()[i] == 1;
                labels[i] = hasNext ? batch.ids()[i + 1] : MaskedCrossEntropyLoss.IGNORE;
            }
        }
        return manager.create(labels, new Shape(batch.size(), n));
    }
}
