package org.mljava.transformers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The shape of a BERT-family encoder: BERT, MiniLM (a small BERT), DistilBERT (same computation,
 * other weight names, no token types, no pooler), RoBERTa and XLM-R (BERT's names; positions
 * counted from padding_idx + 1; one token type).
 * <pre>{@code
 * BertConfig tiny = BertConfig.bert(1000, 64, 2, 4, 128, 64);   // vocab, hidden, layers, heads, ffn, positions
 * BertConfig minilm = (BertConfig) TransformerConfig.read(Path.of("config.json"));
 * }</pre>
 *
 * @param modelType        "bert", "distilbert", "roberta", "xlm-roberta" or "camembert"
 * @param vocabSize        rows of the word-embedding table
 * @param hiddenSize       width of the hidden states
 * @param numLayers        transformer layers
 * @param numHeads         attention heads per layer (hiddenSize must divide by it)
 * @param intermediateSize width of the feed-forward layer
 * @param maxPositions     rows of the position table
 * @param typeVocabSize    rows of the token-type table (0: none, as in DistilBERT)
 * @param layerNormEps     LayerNorm epsilon (1e-12 in BERT, 1e-5 in RoBERTa/XLM-R)
 * @param activation       feed-forward activation: "gelu" (erf), "gelu_new" (tanh approximation), "relu"
 * @param hiddenDropout    dropout after embeddings and sub-layers
 * @param attentionDropout dropout on attention probabilities
 * @param padTokenId       the padding token's id (RoBERTa positions depend on it)
 * @param withPooler       whether the encoder has BERT's pooler (dense + tanh on the first token)
 */
public record BertConfig(String modelType, int vocabSize, int hiddenSize, int numLayers, int numHeads, int intermediateSize,
                         int maxPositions, int typeVocabSize, float layerNormEps, String activation, float hiddenDropout,
                         float attentionDropout, int padTokenId, boolean withPooler) implements TransformerConfig {

    /** Which weight names a checkpoint uses. */
    public enum Layout {
        /** BERT's names: embeddings.*, encoder.layer.N.attention.self.query, ... (BERT, MiniLM, RoBERTa, XLM-R). */
        BERT,
        /** DistilBERT's names: embeddings.*, transformer.layer.N.attention.q_lin, ffn.lin1, sa_layer_norm, ... */
        DISTILBERT
    }

    public BertConfig {
        if (hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException("hidden size " + hiddenSize + " does not divide into " + numHeads + " heads");
        }
        if (!java.util.List.of("bert", "distilbert", "roberta", "xlm-roberta", "camembert").contains(modelType)) {
            throw new IllegalArgumentException("not a BERT-family model type: " + modelType);
        }
        if (modelType.equals("distilbert") && typeVocabSize != 0) {
            throw new IllegalArgumentException("DistilBERT has no token-type table (typeVocabSize must be 0)");
        }
        Activations.check(activation);
    }

    /** A BERT with dropout 0.1, LayerNorm epsilon 1e-12, erf GELU, two token types, no pooler. */
    public static BertConfig bert(int vocabSize, int hiddenSize, int numLayers, int numHeads, int intermediateSize, int maxPositions) {
        return new BertConfig("bert", vocabSize, hiddenSize, numLayers, numHeads, intermediateSize, maxPositions, 2, 1e-12f,
                "gelu", 0.1f, 0.1f, 0, false);
    }

    /**
     * all-MiniLM-L6-v2's shape (sentence-transformers' config.json: 6 layers, 12 heads of 32, hidden
     * 384, feed-forward 1536, 512 positions, BERT's uncased 30,522 WordPiece vocabulary). The ONNX
     * file does not say how many heads there are; this does.
     */
    public static BertConfig allMiniLmL6V2() {
        return new BertConfig("bert", 30522, 384, 6, 12, 1536, 512, 2, 1e-12f, "gelu", 0.1f, 0.1f, 0, false);
    }

    /** Hugging Face's layout of the weights for this model type. */
    public Layout layout() {
        return modelType.equals("distilbert") ? Layout.DISTILBERT : Layout.BERT;
    }

    /**
     * Whether positions are counted RoBERTa's way: from padTokenId + 1 for real tokens, padTokenId
     * for padding (so XLM-R's table has 514 rows for 512 tokens).
     */
    public boolean robertaPositions() {
        return modelType.equals("roberta") || modelType.equals("xlm-roberta") || modelType.equals("camembert");
    }

    /** The longest input the position table allows. */
    public int maxTokens() {
        return robertaPositions() ? maxPositions - padTokenId - 1 : maxPositions;
    }

    public int headSize() {
        return hiddenSize / numHeads;
    }

    @Override
    public String checkpointPrefix() {
        return switch (modelType) {
            case "distilbert" -> "distilbert";
            case "bert" -> "bert";
            default -> "roberta";
        };
    }

    /** A copy with or without the pooler. */
    public BertConfig withPooler(boolean pooler) {
        return new BertConfig(modelType, vocabSize, hiddenSize, numLayers, numHeads, intermediateSize, maxPositions, typeVocabSize,
                layerNormEps, activation, hiddenDropout, attentionDropout, padTokenId, pooler);
    }

    /** A copy with other dropout rates (0 for deterministic training tests). */
    public BertConfig withDropout(float hidden, float attention) {
        return new BertConfig(modelType, vocabSize, hiddenSize, numLayers, numHeads, intermediateSize, maxPositions, typeVocabSize,
                layerNormEps, activation, hidden, attention, padTokenId, withPooler);
    }

    /** Reads BERT's, RoBERTa's or DistilBERT's config.json fields (DistilBERT names them dim, n_layers, ...). */
    public static BertConfig fromJson(JsonNode json) {
        String type = json.path("model_type").asText("bert");
        if (type.equals("distilbert")) {
            return new BertConfig(type,
                    ConfigFields.requireInt(json, "vocab_size"),
                    ConfigFields.requireInt(json, "dim", "hidden_size"),
                    ConfigFields.requireInt(json, "n_layers", "num_hidden_layers"),
                    ConfigFields.requireInt(json, "n_heads", "num_attention_heads"),
                    ConfigFields.requireInt(json, "hidden_dim", "intermediate_size"),
                    ConfigFields.optInt(json, 512, "max_position_embeddings"),
                    0,
                    1e-12f, // DistilBERT's LayerNorms are built with eps=1e-12, not configurable
                    ConfigFields.optText(json, "gelu", "activation"),
                    ConfigFields.optFloat(json, 0.1f, "dropout"),
                    ConfigFields.optFloat(json, 0.1f, "attention_dropout"),
                    ConfigFields.optInt(json, 0, "pad_token_id"),
                    false);
        }
        boolean roberta = !type.equals("bert");
        return new BertConfig(type,
                ConfigFields.requireInt(json, "vocab_size"),
                ConfigFields.requireInt(json, "hidden_size"),
                ConfigFields.requireInt(json, "num_hidden_layers"),
                ConfigFields.requireInt(json, "num_attention_heads"),
                ConfigFields.requireInt(json, "intermediate_size"),
                ConfigFields.optInt(json, 512, "max_position_embeddings"),
                ConfigFields.optInt(json, 2, "type_vocab_size"),
                ConfigFields.optFloat(json, 1e-12f, "layer_norm_eps"),
                ConfigFields.optText(json, "gelu", "hidden_act"),
                ConfigFields.optFloat(json, 0.1f, "hidden_dropout_prob"),
                ConfigFields.optFloat(json, 0.1f, "attention_probs_dropout_prob"),
                ConfigFields.optInt(json, roberta ? 1 : 0, "pad_token_id"),
                json.path("mljava_pooler").asBoolean(true));
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode o = ConfigFields.JSON.createObjectNode();
        o.put("model_type", modelType);
        o.put("vocab_size", vocabSize);
        if (layout() == Layout.DISTILBERT) {
            o.put("dim", hiddenSize);
            o.put("n_layers", numLayers);
            o.put("n_heads", numHeads);
            o.put("hidden_dim", intermediateSize);
            o.put("max_position_embeddings", maxPositions);
            o.put("activation", activation);
            o.put("dropout", hiddenDropout);
            o.put("attention_dropout", attentionDropout);
        } else {
            o.put("hidden_size", hiddenSize);
            o.put("num_hidden_layers", numLayers);
            o.put("num_attention_heads", numHeads);
            o.put("intermediate_size", intermediateSize);
            o.put("max_position_embeddings", maxPositions);
            o.put("type_vocab_size", typeVocabSize);
            o.put("layer_norm_eps", layerNormEps);
            o.put("hidden_act", activation);
            o.put("hidden_dropout_prob", hiddenDropout);
            o.put("attention_probs_dropout_prob", attentionDropout);
            o.put("mljava_pooler", withPooler);
        }
        o.put("pad_token_id", padTokenId);
        return o;
    }
}
