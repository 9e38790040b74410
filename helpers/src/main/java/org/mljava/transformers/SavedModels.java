package org.mljava.transformers;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Saves a fine-tuned model to a folder and loads it back, in Hugging Face's layout:
 * {@code model.safetensors} (the weights by name: body under its prefix, head under Hugging Face's
 * names), {@code config.json} (the body's config, {@code architectures}, and an
 * {@code mljava_head} entry with the task, labels and pooling), and {@code tokenizer.json}.
 * <pre>{@code
 * SavedModels.save(Path.of("models/minilm-imdb"), head, pretrained, List.of("negative", "positive"));
 * try (SavedModels.Loaded back = SavedModels.load(Path.of("models/minilm-imdb"))) {
 *     TransformerHead same = back.head();            // same weights, same outputs
 * }
 * }</pre>
 * The body of a saved folder also loads alone: {@code Transformers.load("models/minilm-imdb")}.
 */
public final class SavedModels {

    private SavedModels() {
    }

    /**
     * A loaded model: the body with its tokenizer and manager, and the head on it. Close it to free the weights.
     *
     * @param labels the label names saved with the model (empty if none)
     */
    public record Loaded(PretrainedTransformer base, TransformerHead head, List<String> labels) implements AutoCloseable {
        @Override
        public void close() {
            base.close();
        }
    }

    /** Saves head (with its body) and the tokenizer of {@code base}; {@code labels} may be empty. */
    public static void save(Path folder, TransformerHead head, PretrainedTransformer base, List<String> labels) {
        save(folder, head, base.tokenizerJson(), labels);
    }

    /** Saves a head (with its body); copies {@code tokenizerJson} if not null. */
    public static void save(Path folder, TransformerHead head, Path tokenizerJson, List<String> labels) {
        ObjectNode config = head.body().config().toJson();
        config.putArray("architectures").add(head.architecture());
        ObjectNode headConfig = head.headConfig();
        if (!labels.isEmpty()) {
            ArrayNode names = headConfig.putArray("labels");
            labels.forEach(names::add);
            // Hugging Face's own label map, so its pipelines show the names too
            ObjectNode id2label = config.putObject("id2label");
            for (int i = 0; i < labels.size(); i++) {
                id2label.put(Integer.toString(i), labels.get(i));
            }
        }
        config.set("mljava_head", headConfig);
        write(folder, WeightLoader.checkpoint(head, "model.safetensors"), config, tokenizerJson);
    }

    /** Saves a body without a head (a model trained from scratch, or further pretrained). */
    public static void save(Path folder, PretrainedTransformer model) {
        write(folder, WeightLoader.checkpoint(model.body(), "model.safetensors"), model.config().toJson(), model.tokenizerJson());
    }

    private static void write(Path folder, Checkpoint weights, ObjectNode config, Path tokenizerJson) {
        try {
            Files.createDirectories(folder);
            Safetensors.write(folder.resolve("model.safetensors"), weights.withMetadata(Map.of("format", "pt", "saved_by", "mljava")));
            Files.writeString(folder.resolve("config.json"),
                    ConfigFields.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config) + "\n");
            if (tokenizerJson != null && !tokenizerJson.toAbsolutePath().equals(folder.resolve("tokenizer.json").toAbsolutePath())) {
                Files.copy(tokenizerJson, folder.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model to " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Loads a folder written by {@link #save(Path, TransformerHead, Path, List)}: every weight must be there, with its shape. */
    public static Loaded load(Path folder) {
        JsonNode json;
        try {
            json = ConfigFields.JSON.readTree(Files.readString(folder.resolve("config.json")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder.resolve("config.json") + ": " + e.getMessage(), e);
        }
        JsonNode headJson = json.get("mljava_head");
        if (headJson == null) {
            throw new IllegalArgumentException(folder + " holds no head (config.json has no mljava_head): load the body with"
                    + " Transformers.load(\"" + folder + "\")");
        }
        TransformerConfig config = TransformerConfig.fromJson(json);
        TransformerBody body = Transformers.body(config);
        TransformerHead head = head(body, headJson);
        List<String> labels = new ArrayList<>();
        headJson.path("labels").forEach(l -> labels.add(l.asText()));
        NDManager manager = NDManager.newBaseManager("PyTorch");
        try {
            head.initializeWeights(manager);
            Path weights = folder.resolve("model.safetensors");
            WeightMapping.Plan plan = WeightLoader.load(head, Safetensors.read(weights), WeightMapping.strict());
            Path tokenizer = folder.resolve("tokenizer.json");
            PretrainedTransformer base = new PretrainedTransformer(folder.toString(), body, manager,
                    Files.isRegularFile(tokenizer) ? tokenizer : null, () -> Safetensors.read(weights), plan.toString());
            return new Loaded(base, head, List.copyOf(labels));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static TransformerHead head(TransformerBody body, JsonNode headJson) {
        String task = headJson.path("task").asText("");
        return switch (task) {
            case "sequence-classification" -> new SequenceClassificationHead(body, headJson.path("num_labels").asInt(),
                    Pooling.valueOf(headJson.path("pooling").asText("CLS")));
            case "token-classification" -> new TokenClassificationHead(body, headJson.path("num_labels").asInt());
            case "question-answering" -> new QuestionAnsweringHead(body);
            case "causal-lm" -> new CausalLanguageModelHead((Gpt2Decoder) body);
            case "masked-lm" -> new MaskedLanguageModelHead((BertEncoder) body);
            default -> throw new IllegalArgumentException("unknown head task '" + task + "' in config.json");
        };
    }
}
