package org.mljava.transformers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A task head on a {@link TransformerBody}: the body's weights are named under Hugging Face's
 * prefix for the architecture ({@code bert.}, {@code distilbert.}, {@code roberta.},
 * {@code transformer.}) and the head's own under Hugging Face's names ({@code classifier},
 * {@code qa_outputs}, {@code cls.predictions}, ...), so a saved model looks like one saved by
 * {@code transformers}' {@code XxxForSequenceClassification} and friends.
 * <p>Input: the body's ({@code input_ids, attention_mask[, token_type_ids]}); output: the head's
 * logits first, then the body's attention arrays if it returns them.
 * <pre>{@code
 * TransformerHead head = new SequenceClassificationHead(pretrained.body(), 2, Pooling.MEAN);
 * head.initializeWeights(pretrained.manager());   // the new layer; the body's weights stay
 * NDArray logits = head.forward(new ParameterStore(manager, false), batch.toNDList(manager), false).get(0);
 * }</pre>
 */
public abstract sealed class TransformerHead extends HfBlock
        permits SequenceClassificationHead, TokenClassificationHead, QuestionAnsweringHead, CausalLanguageModelHead,
        MaskedLanguageModelHead {

    private final TransformerBody body;

    TransformerHead(TransformerBody body) {
        this.body = body;
        addNamed(body.config().checkpointPrefix(), body);
    }

    public TransformerBody body() {
        return body;
    }

    /** "sequence-classification", "token-classification", "question-answering", "causal-lm", "masked-lm". */
    public abstract String task();

    /** Hugging Face's class name for this body and head ("BertForSequenceClassification"), for config.json. */
    public abstract String architecture();

    /** What {@link SavedModels} needs to rebuild the head: task and its settings. */
    ObjectNode headConfig() {
        ObjectNode o = ConfigFields.JSON.createObjectNode();
        o.put("task", task());
        return o;
    }

    /** The head's output arrays from the body's hidden states [batch, tokens, hidden]. */
    abstract NDList headOutput(ParameterStore store, NDArray hidden, NDList inputs, boolean training);

    @Override
    protected final NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList encoded = body.encode(store, inputs, training);
        NDList out = headOutput(store, encoded.get(0), inputs, training);
        out.addAll(TransformerBody.attentions(encoded));
        return out;
    }

    /** The logits' shape for inputs of [batch, tokens]. */
    abstract Shape[] headShapes(long batch, long tokens);

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return headShapes(inputShapes[0].get(0), inputShapes[0].get(1));
    }

    /** "Bert", "DistilBert", "Roberta", "XLMRoberta", "Camembert", "GPT2". */
    String architecturePrefix() {
        return switch (body.config().modelType()) {
            case "bert" -> "Bert";
            case "distilbert" -> "DistilBert";
            case "roberta" -> "Roberta";
            case "xlm-roberta" -> "XLMRoberta";
            case "camembert" -> "Camembert";
            default -> "GPT2";
        };
    }

    /** The dropout rate the body uses on hidden states, which heads also apply before their layer. */
    float hiddenDropout() {
        return switch (body.config()) {
            case BertConfig b -> b.hiddenDropout();
            case Gpt2Config g -> g.residualDropout();
        };
    }
}
