package org.mljava.transformers;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A transformer body with its weights loaded, its tokenizer and the NDManager that holds the
 * weights: what {@link Transformers#encoder(String)} and {@link Transformers#decoder(String)} return.
 * Close it to free the weights (native memory).
 * <pre>{@code
 * try (PretrainedTransformer minilm = Transformers.encoder("all-minilm-l6-v2")) {
 *     TokenBatch batch = minilm.tokenize(List.of("I love this movie", "Terrible."), 64);
 *     float[][] vectors = minilm.embed(List.of("I love this movie"), 64);   // sentence-transformers' vectors
 *     var head = new SequenceClassificationHead(minilm.body(), 2, Pooling.MEAN);
 * }
 * }</pre>
 */
public final class PretrainedTransformer implements AutoCloseable {

    private final String name;
    private final TransformerBody body;
    private final NDManager manager;
    private final Path tokenizerJson;
    private final Supplier<Checkpoint> checkpoint;
    private final String loadSummary;
    /** Tokenizers by max length; negative keys: for text pairs (truncating the second text only). */
    private final Map<Integer, HuggingFaceTokenizer> tokenizers = new HashMap<>();

    PretrainedTransformer(String name, TransformerBody body, NDManager manager, Path tokenizerJson, Supplier<Checkpoint> checkpoint,
                          String loadSummary) {
        this.name = name;
        this.body = body;
        this.manager = manager;
        this.tokenizerJson = tokenizerJson;
        this.checkpoint = checkpoint;
        this.loadSummary = loadSummary;
    }

    /**
     * A model of this shape with fresh (random, N(0, 0.02)) weights: to train a small transformer
     * from scratch, or to test. {@code tokenizerJson} may be null (then feed token ids yourself).
     */
    public static PretrainedTransformer fromScratch(TransformerConfig config, Path tokenizerJson) {
        TransformerBody body = switch (config) {
            case BertConfig b -> new BertEncoder(b);
            case Gpt2Config g -> new Gpt2Decoder(g);
        };
        NDManager manager = NDManager.newBaseManager("PyTorch");
        body.initializeWeights(manager);
        return new PretrainedTransformer(config.modelType() + " (random weights)", body, manager, tokenizerJson,
                () -> {
                    throw new IllegalStateException("a model built from scratch has no checkpoint");
                }, "random initialization");
    }

    /** "all-minilm-l6-v2", "bert-base-uncased", a folder... */
    public String name() {
        return name;
    }

    public TransformerConfig config() {
        return body.config();
    }

    /** The body (BERT-family encoder or GPT-2 decoder), to put a head on. */
    public TransformerBody body() {
        return body;
    }

    /** The body as a BERT-family encoder; a clear error for GPT-2. */
    public BertEncoder encoder() {
        if (body instanceof BertEncoder e) {
            return e;
        }
        throw new IllegalStateException(name + " is a GPT-2 decoder, not a BERT-family encoder");
    }

    /** The body as a GPT-2 decoder; a clear error for a BERT-family model. */
    public Gpt2Decoder decoder() {
        if (body instanceof Gpt2Decoder d) {
            return d;
        }
        throw new IllegalStateException(name + " is a BERT-family encoder, not a GPT-2 decoder");
    }

    /** The manager that holds the weights (heads put their new weights here too). */
    public NDManager manager() {
        return manager;
    }

    /** The tokenizer.json this model uses (null if it has none). */
    public Path tokenizerJson() {
        return tokenizerJson;
    }

    /** What loading did: "101 weights loaded; ignored ..." (the plan's summary). */
    public String loadSummary() {
        return loadSummary;
    }

    /** The checkpoint the weights came from, read again (for {@link MaskedLanguageModelHead#loadPretrained}). */
    public Checkpoint checkpoint() {
        return checkpoint.get();
    }

    /**
     * The tokenizer, truncating to {@code maxLength} tokens (special tokens included) and padding a
     * batch to its longest text. Set explicitly because some tokenizer.json files bake in other
     * values (MiniLM's: padding and truncation at 128).
     */
    public HuggingFaceTokenizer tokenizer(int maxLength) {
        return tokenizer(maxLength, false);
    }

    private synchronized HuggingFaceTokenizer tokenizer(int maxLength, boolean pairs) {
        if (tokenizerJson == null) {
            throw new IllegalStateException(name + " has no tokenizer.json: feed token ids (TokenBatch.ofIds)");
        }
        int length = Math.min(maxLength, maxTokens());
        return tokenizers.computeIfAbsent(pairs ? -length : length, key -> {
            try {
                HuggingFaceTokenizer.Builder b = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson).optMaxLength(length)
                        .optPadding(true);
                return (pairs ? b.optTruncateSecondOnly() : b.optTruncation(true)).build();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
            }
        });
    }

    /** The longest input the position table allows. */
    public int maxTokens() {
        return switch (body.config()) {
            case BertConfig b -> b.maxTokens();
            case Gpt2Config g -> g.maxPositions();
        };
    }

    /** Tokenizes texts into one padded batch of at most {@code maxLength} tokens per text. */
    public TokenBatch tokenize(List<String> texts, int maxLength) {
        return TokenBatch.of(tokenizer(maxLength).batchEncode(texts));
    }

    /**
     * Tokenizes text pairs (question, context) into one batch: {@code [CLS] first [SEP] second [SEP]}
     * for BERT, token type 0 for the first text and 1 for the second; only the second is truncated.
     * For {@link QuestionAnsweringHead}: the answer is searched where the type is 1 and the mask 1.
     */
    public TokenBatch tokenizePairs(List<String> first, List<String> second, int maxLength) {
        if (first.size() != second.size()) {
            throw new IllegalArgumentException(first.size() + " first texts but " + second.size() + " second texts");
        }
        ai.djl.util.PairList<String, String> pairs = new ai.djl.util.PairList<>(first, second);
        return TokenBatch.of(tokenizer(maxLength, true).batchEncode(pairs));
    }

    /**
     * Sentence vectors as sentence-transformers computes them for MiniLM: token states averaged
     * over real tokens, then L2-normalized. Inference only (no dropout, no gradients).
     */
    public float[][] embed(List<String> texts, int maxLength) {
        TokenBatch batch = tokenize(texts, maxLength);
        try (NDManager scope = manager.newSubManager()) {
            NDList inputs = batch.toNDList(scope);
            NDArray hidden = body.forward(new ParameterStore(scope, false), inputs, false).get(0);
            NDArray pooled = Pooling.MEAN.pool(hidden, inputs.get(1));
            NDArray norm = pooled.norm(new int[] {1}, true).maximum(1e-12f);
            float[] flat = pooled.div(norm).toFloatArray();
            int width = body.hiddenSize();
            float[][] out = new float[batch.size()][width];
            for (int b = 0; b < out.length; b++) {
                System.arraycopy(flat, b * width, out[b], 0, width);
            }
            return out;
        }
    }

    @Override
    public synchronized void close() {
        tokenizers.values().forEach(HuggingFaceTokenizer::close);
        tokenizers.clear();
        manager.close();
    }

    @Override
    public String toString() {
        return name + ": " + config().modelType() + ", " + config().numLayers() + " layers, hidden " + config().hiddenSize()
                + " (" + loadSummary + ")";
    }
}
