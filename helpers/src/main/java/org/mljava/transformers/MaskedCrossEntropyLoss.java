package org.mljava.transformers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * Cross-entropy from logits over the last axis with integer labels, where label {@value #IGNORE}
 * (PyTorch's ignore_index) does not count: the mean is over counted labels only. One loss for all
 * heads: sequence classification (logits [batch, labels], labels [batch]), token classification
 * and language modelling (logits [batch, tokens, labels], labels [batch, tokens]), and question
 * answering, where labels and predictions are pairs (start, end) and the two losses are averaged.
 * <pre>{@code
 * Loss loss = new MaskedCrossEntropyLoss();
 * NDArray value = loss.evaluate(new NDList(labels), head.forward(store, inputs, true));
 * }</pre>
 * Extra prediction arrays after the labelled ones (attention probabilities) are not used.
 */
public final class MaskedCrossEntropyLoss extends Loss {

    /** The label of a position that does not count (padding, special tokens, later word pieces). */
    public static final long IGNORE = -100;

    public MaskedCrossEntropyLoss() {
        super("MaskedCrossEntropyLoss");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        if (predictions.size() < labels.size()) {
            throw new IllegalArgumentException(labels.size() + " label arrays but only " + predictions.size() + " predictions");
        }
        NDArray total = null;
        for (int i = 0; i < labels.size(); i++) {
            NDArray term = crossEntropy(predictions.get(i), labels.get(i));
            total = total == null ? term : total.add(term);
        }
        return labels.size() == 1 ? total : total.div(labels.size());
    }

    private static NDArray crossEntropy(NDArray logits, NDArray labels) {
        long classes = logits.getShape().get(logits.getShape().dimension() - 1);
        // flatten to [positions, classes] and [positions, 1]: one gather for any number of axes
        NDArray logProbabilities = logits.reshape(-1, classes).logSoftmax(1);
        NDArray flatLabels = labels.toType(DataType.INT64, false).reshape(-1, 1);
        NDArray counted = flatLabels.gte(0);
        NDArray safeLabels = flatLabels.mul(counted.toType(DataType.INT64, false));
        NDArray picked = logProbabilities.gather(safeLabels, 1);
        NDArray weights = counted.toType(DataType.FLOAT32, false);
        return picked.mul(weights).sum().neg().div(weights.sum().maximum(1f));
    }
}
