package org.mljava.models;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.repository.zoo.Criteria;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * MiniLM as plain DJL objects, for notebooks that want DJL's own API rather than
 * {@link SentenceEncoder}: the tokenizer, and the {@code Criteria} of a model whose predictor maps a
 * batch of texts to their pooled, normalised vectors.
 * <pre>{@code
 * try (ZooModel<String[], float[][]> model = MiniLm.criteria(true).loadModel();
 *      Predictor<String[], float[][]> predictor = model.newPredictor()) {
 *     float[][] vectors = predictor.predict(new String[] {"a text", "another"});
 * }
 * }</pre>
 * Needs {@code ai.djl:api}, {@code ai.djl.onnxruntime:onnxruntime-engine}, {@code ai.djl.huggingface:tokenizers}.
 */
public final class MiniLm {

    private MiniLm() {
    }

    /** The WordPiece tokenizer (lower-casing, at most 256 tokens, batches padded to their longest text). */
    public static HuggingFaceTokenizer tokenizer() {
        try {
            return HuggingFaceTokenizer.builder().optTokenizerPath(Models.miniLmTokenizerJson())
                    .optMaxLength(MiniLmEncoder.MAX_TOKENS).optTruncation(true).optPadding(true).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** DJL criteria for the int8 ({@code quantized}) or fp32 model on OnnxRuntime, with mean pooling and L2 normalisation. */
    public static Criteria<String[], float[][]> criteria(boolean quantized) {
        return MiniLmEncoder.criteria(Models.miniLmOnnx(quantized), tokenizer());
    }
}
