package org.mljava.transformers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The shape of a GPT-2 decoder, with Hugging Face's config.json names in the comments.
 * <pre>{@code
 * Gpt2Config small = Gpt2Config.gpt2Small();                 // 124M: 12 layers, 768 wide, 50,257 tokens
 * Gpt2Config tiny = Gpt2Config.of(300, 64, 32, 2, 4);        // vocab, positions, width, layers, heads
 * }</pre>
 *
 * @param vocabSize        vocab_size (50,257)
 * @param maxPositions     n_positions (1024)
 * @param hiddenSize       n_embd (768)
 * @param numLayers        n_layer (12)
 * @param numHeads         n_head (12)
 * @param innerSize        n_inner (null in config.json: 4 x n_embd)
 * @param layerNormEps     layer_norm_epsilon (1e-5)
 * @param activation       activation_function ("gelu_new": the tanh approximation of GELU)
 * @param residualDropout  resid_pdrop
 * @param embeddingDropout embd_pdrop
 * @param attentionDropout attn_pdrop
 */
public record Gpt2Config(int vocabSize, int maxPositions, int hiddenSize, int numLayers, int numHeads, int innerSize,
                         float layerNormEps, String activation, float residualDropout, float embeddingDropout,
                         float attentionDropout) implements TransformerConfig {

    public Gpt2Config {
        if (hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException("n_embd " + hiddenSize + " does not divide into " + numHeads + " heads");
        }
        Activations.check(activation);
    }

    /** A GPT-2 of the given size with GPT-2's other settings (gelu_new, dropout 0.1, epsilon 1e-5, inner = 4 x width). */
    public static Gpt2Config of(int vocabSize, int maxPositions, int hiddenSize, int numLayers, int numHeads) {
        return new Gpt2Config(vocabSize, maxPositions, hiddenSize, numLayers, numHeads, 4 * hiddenSize, 1e-5f, "gelu_new",
                0.1f, 0.1f, 0.1f);
    }

    /** GPT-2 small (openai-community/gpt2). */
    public static Gpt2Config gpt2Small() {
        return of(50257, 1024, 768, 12, 12);
    }

    @Override
    public String modelType() {
        return "gpt2";
    }

    @Override
    public String checkpointPrefix() {
        return "transformer";
    }

    public int headSize() {
        return hiddenSize / numHeads;
    }

    /** A copy with other dropout rates (0 for deterministic training tests). */
    public Gpt2Config withDropout(float dropout) {
        return new Gpt2Config(vocabSize, maxPositions, hiddenSize, numLayers, numHeads, innerSize, layerNormEps, activation,
                dropout, dropout, dropout);
    }

    public static Gpt2Config fromJson(JsonNode json) {
        int width = ConfigFields.requireInt(json, "n_embd", "hidden_size");
        JsonNode inner = json.get("n_inner");
        return new Gpt2Config(
                ConfigFields.requireInt(json, "vocab_size"),
                ConfigFields.requireInt(json, "n_positions", "n_ctx"),
                width,
                ConfigFields.requireInt(json, "n_layer"),
                ConfigFields.requireInt(json, "n_head"),
                inner != null && inner.canConvertToInt() ? inner.asInt() : 4 * width,
                ConfigFields.optFloat(json, 1e-5f, "layer_norm_epsilon"),
                ConfigFields.optText(json, "gelu_new", "activation_function"),
                ConfigFields.optFloat(json, 0.1f, "resid_pdrop"),
                ConfigFields.optFloat(json, 0.1f, "embd_pdrop"),
                ConfigFields.optFloat(json, 0.1f, "attn_pdrop"));
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode o = ConfigFields.JSON.createObjectNode();
        o.put("model_type", "gpt2");
        o.put("vocab_size", vocabSize);
        o.put("n_positions", maxPositions);
        o.put("n_embd", hiddenSize);
        o.put("n_layer", numLayers);
        o.put("n_head", numHeads);
        o.put("n_inner", innerSize);
        o.put("layer_norm_epsilon", layerNormEps);
        o.put("activation_function", activation);
        o.put("resid_pdrop", residualDropout);
        o.put("embd_pdrop", embeddingDropout);
        o.put("attn_pdrop", attentionDropout);
        return o;
    }
}
