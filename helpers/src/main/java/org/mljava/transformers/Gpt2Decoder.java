package org.mljava.transformers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * GPT-2 as Hugging Face's GPT2Model computes it, with its checkpoint names ({@code wte.weight},
 * {@code wpe.weight}, {@code h.0.ln_1.weight}, {@code h.0.attn.c_attn.weight}, ..., {@code ln_f.bias}):
 * learned positions, pre-LayerNorm layers, a causal mask (a token sees itself and earlier
 * tokens), the tanh GELU ("gelu_new"), and Conv1D weights stored [in, out] as the checkpoint has
 * them. {@link CausalLanguageModelHead} ties the output layer to {@code wte}.
 * <pre>{@code
 * Gpt2Decoder gpt = new Gpt2Decoder(Gpt2Config.of(300, 64, 32, 2, 4));
 * gpt.initializeWeights(manager);
 * NDArray hidden = gpt.forward(new ParameterStore(manager, false), new NDList(ids, mask), false).get(0);
 * }</pre>
 * Padding goes on the right (as DJL's tokenizer pads): positions count from 0 at the first token,
 * and the attention mask hides padding keys. Left padding would shift positions.
 */
public final class Gpt2Decoder extends TransformerBody {

    private final Gpt2Config config;
    private final Layers.Embedding tokens;
    private final Layers.Embedding positions;
    private final List<Layer> layers = new ArrayList<>();
    private final Layers.LayerNorm finalNorm;

    public Gpt2Decoder(Gpt2Config config) {
        this.config = config;
        int h = config.hiddenSize();
        tokens = addNamed("wte", new Layers.Embedding(config.vocabSize(), h));
        positions = addNamed("wpe", new Layers.Embedding(config.maxPositions(), h));
        for (int i = 0; i < config.numLayers(); i++) {
            layers.add(addNamed("h." + i, new Layer(config)));
        }
        finalNorm = addNamed("ln_f", new Layers.LayerNorm(h, config.layerNormEps()));
    }

    @Override
    public Gpt2Config config() {
        return config;
    }

    @Override
    public Parameter wordEmbeddings() {
        return tokens.weight;
    }

    @Override
    public List<String> ignoredCheckpointNames() {
        // h.N.attn.bias / masked_bias: the causal mask as a buffer; lm_head.weight: a copy of wte (tied)
        List<String> ignored = new ArrayList<>(List.of("h\\.\\d+\\.attn\\.(masked_)?bias", "lm_head\\.weight"));
        ignored.addAll(TASK_HEAD_NAMES);
        return ignored;
    }

    @Override
    NDList encode(ParameterStore store, NDList inputs, boolean training) {
        NDArray ids = inputs.get(0);
        NDArray mask = maskOf(inputs);
        NDManager manager = ids.getManager();
        long length = ids.getShape().get(1);
        if (length > config.maxPositions()) {
            throw new IllegalArgumentException(length + " tokens, but this GPT-2 has " + config.maxPositions() + " positions: truncate");
        }
        NDArray positionIds = manager.arange(0, (int) length, 1, DataType.INT64).reshape(1, length);
        NDArray x = tokens.apply(store, ids, training).add(positions.apply(store, positionIds, training));
        x = Layers.dropout(x, config.embeddingDropout(), training);
        NDArray bias = Attention.causalBias(manager, length).add(Attention.paddingBias(mask));
        NDList attentions = new NDList();
        for (Layer layer : layers) {
            Attention.Result r = layer.apply(store, x, bias, training);
            x = r.context();
            if (returnsAttentions()) {
                attentions.add(r.probabilities());
            }
        }
        NDList out = new NDList(finalNorm.apply(store, x, training));
        out.addAll(attentions);
        return out;
    }

    /** One pre-LayerNorm layer: x = x + Attn(LN1(x)); x = x + MLP(LN2(x)). */
    static final class Layer extends HfBlock {
        private final Gpt2Config config;
        private final Layers.LayerNorm norm1;
        private final Layers.Conv1D qkv;
        private final Layers.Conv1D projection;
        private final Layers.LayerNorm norm2;
        private final Layers.Conv1D expand;
        private final Layers.Conv1D contract;

        Layer(Gpt2Config config) {
            this.config = config;
            int h = config.hiddenSize();
            norm1 = addNamed("ln_1", new Layers.LayerNorm(h, config.layerNormEps()));
            qkv = addNamed("attn.c_attn", new Layers.Conv1D(h, 3L * h));
            projection = addNamed("attn.c_proj", new Layers.Conv1D(h, h));
            norm2 = addNamed("ln_2", new Layers.LayerNorm(h, config.layerNormEps()));
            expand = addNamed("mlp.c_fc", new Layers.Conv1D(h, config.innerSize()));
            contract = addNamed("mlp.c_proj", new Layers.Conv1D(config.innerSize(), h));
        }

        Attention.Result apply(ParameterStore store, NDArray x, NDArray bias, boolean training) {
            NDList qkvParts = qkv.apply(store, norm1.apply(store, x, training), training).split(3, 2);
            Attention.Result a = Attention.attend(qkvParts.get(0), qkvParts.get(1), qkvParts.get(2), config.numHeads(), bias,
                    config.attentionDropout(), training);
            NDArray y = x.add(Layers.dropout(projection.apply(store, a.context(), training), config.residualDropout(), training));
            NDArray hidden = Activations.apply(config.activation(), expand.apply(store, norm2.apply(store, y, training), training));
            NDArray z = y.add(Layers.dropout(contract.apply(store, hidden, training), config.residualDropout(), training));
            return new Attention.Result(z, a.probabilities());
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.get(0);
            NDArray bias = inputs.size() > 1 ? inputs.get(1) : Attention.causalBias(x.getManager(), x.getShape().get(1));
            Attention.Result r = apply(store, x, bias, training);
            return new NDList(r.context(), r.probabilities());
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {inputShapes[0]};
        }
    }
}
