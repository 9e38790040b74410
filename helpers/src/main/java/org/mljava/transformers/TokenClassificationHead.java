package org.mljava.transformers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Token classification (named entities, part-of-speech tags): dropout and a linear layer
 * {@code classifier} on every token's state. Output: logits [batch, tokens, labels]. Train with
 * {@link MaskedCrossEntropyLoss}, giving label -100 to tokens that should not count (padding,
 * special tokens, the second and later pieces of a word).
 * <pre>{@code
 * var tagger = new TokenClassificationHead(pretrained.body(), 9);   // the 9 IOB tags of PAN-X
 * tagger.initializeWeights(pretrained.manager());
 * }</pre>
 */
public final class TokenClassificationHead extends TransformerHead {

    private final int numLabels;
    private final Layers.Linear classifier;

    public TokenClassificationHead(TransformerBody body, int numLabels) {
        super(body);
        this.numLabels = numLabels;
        classifier = addNamed("classifier", new Layers.Linear(body.hiddenSize(), numLabels));
        if (body instanceof BertEncoder b) {
            b.poolerParameters().forEach(p -> p.freeze(true));
        }
    }

    public int numLabels() {
        return numLabels;
    }

    @Override
    public String task() {
        return "token-classification";
    }

    @Override
    public String architecture() {
        return architecturePrefix() + "ForTokenClassification";
    }

    @Override
    ObjectNode headConfig() {
        return super.headConfig().put("num_labels", numLabels);
    }

    @Override
    NDList headOutput(ParameterStore store, NDArray hidden, NDList inputs, boolean training) {
        return new NDList(classifier.apply(store, Layers.dropout(hidden, hiddenDropout(), training), training));
    }

    @Override
    Shape[] headShapes(long batch, long tokens) {
        return new Shape[] {new Shape(batch, tokens, numLabels)};
    }
}
