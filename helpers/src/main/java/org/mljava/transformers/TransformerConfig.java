package org.mljava.transformers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shape of a transformer, as a Hugging Face {@code config.json} describes it: a BERT-family
 * encoder ({@link BertConfig}) or a GPT-2 decoder ({@link Gpt2Config}).
 * <pre>{@code
 * TransformerConfig config = TransformerConfig.read(Path.of("config.json"));
 * if (config instanceof BertConfig bert) { ... bert.numLayers() ... }
 * }</pre>
 */
public sealed interface TransformerConfig permits BertConfig, Gpt2Config {

    /** Hugging Face's {@code model_type}: "bert", "distilbert", "roberta", "xlm-roberta", "gpt2". */
    String modelType();

    /** The width of the hidden states (768 for BERT base, 384 for MiniLM). */
    int hiddenSize();

    /** The number of transformer layers. */
    int numLayers();

    /** How many token ids the embedding table has. */
    int vocabSize();

    /** The prefix Hugging Face gives the body's weights inside a model with a head: "bert", "distilbert", "roberta", "transformer". */
    String checkpointPrefix();

    /** The config as Hugging Face writes it (model_type and the fields of that model type). */
    ObjectNode toJson();

    /** Parses a {@code config.json}, choosing the class from {@code model_type}. */
    static TransformerConfig fromJson(JsonNode json) {
        String type = json.path("model_type").asText("");
        return switch (type) {
            case "gpt2" -> Gpt2Config.fromJson(json);
            case "bert", "distilbert", "roberta", "xlm-roberta", "camembert" -> BertConfig.fromJson(json);
            default -> throw new IllegalArgumentException("config.json has model_type '" + type
                    + "'; supported: bert, distilbert, roberta, xlm-roberta, camembert (BERT family) and gpt2");
        };
    }

    /** Parses config.json text. */
    static TransformerConfig fromJson(String json) {
        try {
            return fromJson(ConfigFields.JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("config.json is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads a config.json file. */
    static TransformerConfig read(Path file) {
        try {
            return fromJson(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The config as pretty-printed JSON text. */
    default String toJsonText() {
        try {
            return ConfigFields.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
