package org.mljava.transformers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * BERT's masked-language-model head: dense + GELU + LayerNorm on each token, then logits over the
 * vocabulary through the word-embedding table (tied) plus a bias. Weight names follow the
 * checkpoint of the architecture: {@code cls.predictions.transform.dense}, {@code .LayerNorm},
 * {@code cls.predictions.bias} (BERT); {@code vocab_transform}, {@code vocab_layer_norm},
 * {@code vocab_projector.bias} (DistilBERT); {@code lm_head.dense}, {@code lm_head.layer_norm},
 * {@code lm_head.bias} (RoBERTa, XLM-R). Output: logits [batch, tokens, vocab].
 * <pre>{@code
 * var mlm = new MaskedLanguageModelHead(pretrained.encoder());
 * mlm.initializeWeights(pretrained.manager());
 * mlm.loadPretrained(pretrained.checkpoint());   // bert-base-uncased ships these weights
 * }</pre>
 * all-MiniLM-L6-v2 has no such weights (sentence-transformers dropped them): there the head starts untrained.
 */
public final class MaskedLanguageModelHead extends TransformerHead {

    private final Layers.Linear transform;
    private final Layers.LayerNorm norm;
    private final Parameter bias;
    private final String activation;

    public MaskedLanguageModelHead(BertEncoder encoder) {
        super(encoder);
        BertConfig c = encoder.config();
        int h = c.hiddenSize();
        String dense;
        String layerNorm;
        String biasName;
        switch (c.layout()) {
            case DISTILBERT -> {
                dense = "vocab_transform";
                layerNorm = "vocab_layer_norm";
                biasName = "vocab_projector.bias";
            }
            default -> {
                boolean roberta = c.robertaPositions();
                dense = roberta ? "lm_head.dense" : "cls.predictions.transform.dense";
                layerNorm = roberta ? "lm_head.layer_norm" : "cls.predictions.transform.LayerNorm";
                biasName = roberta ? "lm_head.bias" : "cls.predictions.bias";
            }
        }
        transform = addNamed(dense, new Layers.Linear(h, h));
        norm = addNamed(layerNorm, new Layers.LayerNorm(h, c.layerNormEps()));
        bias = addWeight(biasName, Parameter.Type.BIAS, c.vocabSize());
        activation = c.robertaPositions() ? "gelu" : c.activation();
        encoder.poolerParameters().forEach(p -> p.freeze(true));
    }

    @Override
    public String task() {
        return "masked-lm";
    }

    @Override
    public String architecture() {
        return architecturePrefix() + "ForMaskedLM";
    }

    /** The head's own weights (not the body's), by name. */
    public Map<String, Parameter> headParameters() {
        String prefix = body().config().checkpointPrefix() + ".";
        Map<String, Parameter> own = new LinkedHashMap<>();
        namedParameters().forEach((name, p) -> {
            if (!name.startsWith(prefix)) {
                own.put(name, p);
            }
        });
        return own;
    }

    /** Loads this head's pretrained weights from the checkpoint the body came from (the rest of it is not checked again). */
    public WeightMapping.Plan loadPretrained(Checkpoint checkpoint) {
        return WeightLoader.load(headParameters(), checkpoint, WeightMapping.strict().ignoring(".*"), "MaskedLanguageModelHead");
    }

    @Override
    NDList headOutput(ParameterStore store, NDArray hidden, NDList inputs, boolean training) {
        NDArray h = norm.apply(store, Activations.apply(activation, transform.apply(store, hidden, training)), training);
        NDArray table = value(store, body().wordEmbeddings(), h, training);
        return new NDList(ai.djl.nn.core.Linear.linear(h, table, value(store, bias, h, training)).singletonOrThrow());
    }

    @Override
    Shape[] headShapes(long batch, long tokens) {
        return new Shape[] {new Shape(batch, tokens, body().config().vocabSize())};
    }
}
