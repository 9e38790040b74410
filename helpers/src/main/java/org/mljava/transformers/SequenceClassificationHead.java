package org.mljava.transformers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Text classification: pool the token states into one vector ({@link Pooling}), dropout, then a
 * linear layer {@code classifier} to one logit per label. Output: logits [batch, labels]; train
 * with DJL's {@code SoftmaxCrossEntropyLoss} (or {@link MaskedCrossEntropyLoss}).
 * <pre>{@code
 * var head = new SequenceClassificationHead(pretrained.body(), 6, Pooling.MEAN);   // 6 emotions
 * head.initializeWeights(pretrained.manager());
 * }</pre>
 * A body with BERT's pooler that is not pooled with {@link Pooling#POOLER} gets its pooler frozen:
 * an unused weight has no gradient, and DJL's optimizer would stop at it. {@link TextClassifier}
 * wraps this head with tokenizing, fine-tuning and evaluation.
 */
public final class SequenceClassificationHead extends TransformerHead {

    private final int numLabels;
    private final Pooling pooling;
    private final Layers.Linear classifier;

    public SequenceClassificationHead(TransformerBody body, int numLabels, Pooling pooling) {
        super(body);
        if (numLabels < 1) {
            throw new IllegalArgumentException("numLabels must be at least 1");
        }
        if (pooling == Pooling.POOLER && !(body instanceof BertEncoder b && b.hasPooler())) {
            throw new IllegalArgumentException("Pooling.POOLER needs a BERT checkpoint with pooler weights; this body has none:"
                    + " use Pooling.CLS or Pooling.MEAN");
        }
        this.numLabels = numLabels;
        this.pooling = pooling;
        classifier = addNamed("classifier", new Layers.Linear(body.hiddenSize(), numLabels));
        if (body instanceof BertEncoder b && pooling != Pooling.POOLER) {
            b.poolerParameters().forEach(p -> p.freeze(true));
        }
    }

    public int numLabels() {
        return numLabels;
    }

    public Pooling pooling() {
        return pooling;
    }

    /** The classifier layer's weight [labels, hidden] (to watch it change while fine-tuning). */
    public Parameter classifierWeight() {
        return classifier.weight;
    }

    @Override
    public String task() {
        return "sequence-classification";
    }

    @Override
    public String architecture() {
        return architecturePrefix() + "ForSequenceClassification";
    }

    @Override
    ObjectNode headConfig() {
        ObjectNode o = super.headConfig();
        o.put("num_labels", numLabels);
        o.put("pooling", pooling.name());
        return o;
    }

    @Override
    NDList headOutput(ParameterStore store, NDArray hidden, NDList inputs, boolean training) {
        NDArray pooled = pooling == Pooling.POOLER
                ? ((BertEncoder) body()).pool(store, hidden, training)
                : pooling.pool(hidden, TransformerBody.maskOf(inputs));
        return new NDList(classifier.apply(store, Layers.dropout(pooled, hiddenDropout(), training), training));
    }

    @Override
    Shape[] headShapes(long batch, long tokens) {
        return new Shape[] {new Shape(batch, numLabels)};
    }
}
