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
 * A BERT-family encoder that computes what Hugging Face's BertModel computes (post-LayerNorm
 * layers, learned absolute positions, token types, erf GELU), with the checkpoint's weight names:
 * BERT and MiniLM ({@code embeddings.word_embeddings.weight}, {@code encoder.layer.0.attention.self.query.weight},
 * ...), DistilBERT ({@code transformer.layer.0.attention.q_lin.weight}, {@code ffn.lin1}, no token
 * types, no pooler) and RoBERTa/XLM-R (BERT's names).
 * <pre>{@code
 * BertEncoder encoder = new BertEncoder(BertConfig.allMiniLmL6V2());
 * encoder.initializeWeights(manager);
 * WeightLoader.load(encoder, OnnxInitializers.read(onnxPath));
 * NDArray hidden = encoder.forward(new ParameterStore(manager, false),
 *         new NDList(ids, mask, types), false).get(0);     // [batch, tokens, 384]
 * }</pre>
 * <p>What differs for RoBERTa and XLM-R ({@code model_type} "roberta" / "xlm-roberta"): positions
 * are counted from {@code padding_idx + 1} (= 2; padding tokens get position {@code padding_idx}),
 * which is why their position table has 514 rows for 512 tokens; the token-type table has one
 * row, so token types are all 0 in practice; LayerNorm epsilon is 1e-5. The layers are BERT's.
 * <p>Padding: the attention mask adds -1e9 to the scores of padding keys, so
 * real tokens' outputs do not depend on padding; padding positions' outputs are not meaningful.
 */
public final class BertEncoder extends TransformerBody {

    private final BertConfig config;
    private final Layers.Embedding words;
    private final Layers.Embedding positions;
    private final Layers.Embedding tokenTypes;
    private final Layers.LayerNorm embeddingNorm;
    private final List<Layer> layers = new ArrayList<>();
    private final Layers.Linear pooler;

    public BertEncoder(BertConfig config) {
        this.config = config;
        int h = config.hiddenSize();
        words = addNamed("embeddings.word_embeddings", new Layers.Embedding(config.vocabSize(), h));
        positions = addNamed("embeddings.position_embeddings", new Layers.Embedding(config.maxPositions(), h));
        tokenTypes = config.typeVocabSize() > 0
                ? addNamed("embeddings.token_type_embeddings", new Layers.Embedding(config.typeVocabSize(), h)) : null;
        embeddingNorm = addNamed("embeddings.LayerNorm", new Layers.LayerNorm(h, config.layerNormEps()));
        String layerName = config.layout() == BertConfig.Layout.DISTILBERT ? "transformer.layer." : "encoder.layer.";
        for (int i = 0; i < config.numLayers(); i++) {
            layers.add(addNamed(layerName + i, new Layer(config)));
        }
        pooler = config.withPooler() ? addNamed("pooler.dense", new Layers.Linear(h, h)) : null;
    }

    @Override
    public BertConfig config() {
        return config;
    }

    @Override
    public Parameter wordEmbeddings() {
        return words.weight;
    }

    /** Whether this encoder has BERT's pooler (dense + tanh on the first token). */
    public boolean hasPooler() {
        return pooler != null;
    }

    /** The pooler's weights (frozen by heads that do not use them, since an unused weight has no gradient). */
    List<Parameter> poolerParameters() {
        return pooler == null ? List.of() : List.of(pooler.weight, pooler.bias);
    }

    @Override
    public List<String> ignoredCheckpointNames() {
        // pretraining heads (BERT: cls.*, RoBERTa: lm_head.*, DistilBERT: vocab_*), buffers, and a
        // pooler when this encoder was built without one
        List<String> ignored = new ArrayList<>(List.of("(.*\\.)?position_ids", "cls\\..*", "lm_head\\..*",
                "vocab_transform\\..*", "vocab_layer_norm\\..*", "vocab_projector\\..*"));
        ignored.addAll(TASK_HEAD_NAMES);
        if (pooler == null) {
            ignored.add("pooler\\..*");
        }
        return ignored;
    }

    @Override
    NDList encode(ParameterStore store, NDList inputs, boolean training) {
        NDArray ids = inputs.get(0);
        NDArray mask = maskOf(inputs);
        NDManager manager = ids.getManager();
        long tokens = ids.getShape().get(1);
        if (tokens > config.maxTokens()) {
            throw new IllegalArgumentException(tokens + " tokens, but this " + config.modelType() + " has positions for "
                    + config.maxTokens() + ": truncate (tokenizer max length)");
        }
        NDArray positionIds;
        if (config.robertaPositions()) {
            NDArray real = ids.neq(config.padTokenId()).toType(DataType.INT64, false);
            positionIds = real.cumSum(1).mul(real).add(config.padTokenId());
        } else {
            positionIds = manager.arange(0, (int) tokens, 1, DataType.INT64).reshape(1, tokens);
        }
        NDArray x = words.apply(store, ids, training).add(positions.apply(store, positionIds, training));
        if (tokenTypes != null) {
            NDArray types = inputs.size() > 2 && inputs.get(2) != null ? inputs.get(2) : manager.zeros(ids.getShape(), DataType.INT64);
            x = x.add(tokenTypes.apply(store, types, training));
        }
        x = Layers.dropout(embeddingNorm.apply(store, x, training), config.hiddenDropout(), training);
        NDArray bias = Attention.paddingBias(mask);
        NDList attentions = new NDList();
        for (Layer layer : layers) {
            Attention.Result r = layer.apply(store, x, bias, training);
            x = r.context();
            if (returnsAttentions()) {
                attentions.add(r.probabilities());
            }
        }
        NDList out = new NDList(x);
        out.addAll(attentions);
        return out;
    }

    /** BERT's pooler: tanh(dense(hidden of the first token)) [batch, hidden]. */
    NDArray pool(ParameterStore store, NDArray hidden, boolean training) {
        if (pooler == null) {
            throw new IllegalStateException("this encoder has no pooler (its checkpoint had no pooler.dense weights):"
                    + " pool with CLS or MEAN instead");
        }
        return pooler.apply(store, hidden.get(":, 0, :"), training).tanh();
    }

    /** One post-LayerNorm transformer layer: x = LN(x + Attn(x)); x = LN(x + FFN(x)). */
    static final class Layer extends HfBlock {
        private final BertConfig config;
        private final Layers.Linear query;
        private final Layers.Linear key;
        private final Layers.Linear value;
        private final Layers.Linear attentionOutput;
        private final Layers.LayerNorm attentionNorm;
        private final Layers.Linear intermediate;
        private final Layers.Linear output;
        private final Layers.LayerNorm outputNorm;

        Layer(BertConfig config) {
            this.config = config;
            int h = config.hiddenSize();
            int ffn = config.intermediateSize();
            float eps = config.layerNormEps();
            boolean distil = config.layout() == BertConfig.Layout.DISTILBERT;
            query = addNamed(distil ? "attention.q_lin" : "attention.self.query", new Layers.Linear(h, h));
            key = addNamed(distil ? "attention.k_lin" : "attention.self.key", new Layers.Linear(h, h));
            value = addNamed(distil ? "attention.v_lin" : "attention.self.value", new Layers.Linear(h, h));
            attentionOutput = addNamed(distil ? "attention.out_lin" : "attention.output.dense", new Layers.Linear(h, h));
            attentionNorm = addNamed(distil ? "sa_layer_norm" : "attention.output.LayerNorm", new Layers.LayerNorm(h, eps));
            intermediate = addNamed(distil ? "ffn.lin1" : "intermediate.dense", new Layers.Linear(h, ffn));
            output = addNamed(distil ? "ffn.lin2" : "output.dense", new Layers.Linear(ffn, h));
            outputNorm = addNamed(distil ? "output_layer_norm" : "output.LayerNorm", new Layers.LayerNorm(h, eps));
        }

        /** The layer's output (as {@code context}) and its attention probabilities. */
        Attention.Result apply(ParameterStore store, NDArray x, NDArray bias, boolean training) {
            Attention.Result a = Attention.attend(query.apply(store, x, training), key.apply(store, x, training),
                    value.apply(store, x, training), config.numHeads(), bias, config.attentionDropout(), training);
            NDArray attended = Layers.dropout(attentionOutput.apply(store, a.context(), training), config.hiddenDropout(), training);
            NDArray y = attentionNorm.apply(store, attended.add(x), training);
            NDArray ffn = Activations.apply(config.activation(), intermediate.apply(store, y, training));
            NDArray z = Layers.dropout(output.apply(store, ffn, training), config.hiddenDropout(), training);
            return new Attention.Result(outputNorm.apply(store, z.add(y), training), a.probabilities());
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.get(0);
            NDArray bias = inputs.size() > 1 ? inputs.get(1) : x.getManager().zeros(new Shape(1, 1, 1, x.getShape().get(1)));
            Attention.Result r = apply(store, x, bias, training);
            return new NDList(r.context(), r.probabilities());
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {inputShapes[0]};
        }
    }
}
