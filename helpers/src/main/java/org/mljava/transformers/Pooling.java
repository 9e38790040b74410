package org.mljava.transformers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * How a sequence head turns token states [batch, tokens, hidden] into one vector per text.
 * <pre>{@code
 * new SequenceClassificationHead(pretrained.body(), 2, Pooling.MEAN);
 * }</pre>
 */
public enum Pooling {
    /** The first token's state ([CLS] in BERT). */
    CLS,
    /** The mean over real tokens (the attention mask), as sentence-transformers (MiniLM) pool. */
    MEAN,
    /** BERT's pooler: tanh(dense(first token)), pretrained by next-sentence prediction; needs a checkpoint with pooler weights. */
    POOLER,
    /** The last real token's state: the natural choice for GPT-2, whose last token has seen the whole text. */
    LAST;

    /** Pools hidden [batch, tokens, hidden] with mask [batch, tokens]; POOLER is done by the head. */
    NDArray pool(NDArray hidden, NDArray mask) {
        return switch (this) {
            case CLS, POOLER -> hidden.get(":, 0, :");
            case MEAN -> {
                NDArray m = mask.toType(DataType.FLOAT32, false).expandDims(2); // [batch, tokens, 1]
                yield hidden.mul(m).sum(new int[] {1}).div(m.sum(new int[] {1}).maximum(1e-9f));
            }
            case LAST -> {
                // a one-hot weight on the last real token: sum(mask) - 1
                NDArray last = mask.sum(new int[] {1}).sub(1).toType(DataType.INT64, false);
                NDArray pick = last.oneHot((int) hidden.getShape().get(1)).toType(DataType.FLOAT32, false).expandDims(2);
                yield hidden.mul(pick).sum(new int[] {1});
            }
        };
    }
}
