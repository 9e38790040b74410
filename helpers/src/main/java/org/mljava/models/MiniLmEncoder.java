package org.mljava.models;

import ai.djl.MalformedModelException;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.mljava.data.DataException;
import org.mljava.transformers.TokenBatch;

/**
 * A sentence-transformers encoder (MiniLM) on DJL's OnnxRuntime engine: the HuggingFace tokenizer
 * (from tokenizer.json) pads a batch to its longest text (at most 256 tokens, as
 * sentence-transformers' all-MiniLM-L6-v2 truncates), the ONNX model gives one vector per token,
 * and they are mean-pooled over the real tokens and L2-normalised. Needs on the class path:
 * {@code ai.djl:api}, {@code ai.djl.onnxruntime:onnxruntime-engine}, {@code ai.djl.huggingface:tokenizers}.
 */
public final class MiniLmEncoder implements SentenceEncoder {

    static final int MAX_TOKENS = 256;

    private final HuggingFaceTokenizer tokenizer;
    private final ZooModel<String[], float[][]> model;
    private final Predictor<String[], float[][]> predictor;
    private int dimension = -1;

    MiniLmEncoder(Path onnx, Path tokenizerJson) {
        try {
            tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(tokenizerJson)
                    .optMaxLength(MAX_TOKENS)
                    .optTruncation(true)
                    .optPadding(true)
                    .build();
            model = criteria(onnx, tokenizer).loadModel();
            predictor = model.newPredictor();
        } catch (IOException | ModelNotFoundException | MalformedModelException e) {
            throw new DataException("cannot load the MiniLM model " + onnx + ": " + e.getMessage(), e);
        }
    }

    /** DJL criteria for a MiniLM ONNX file with this project's pooling translator. */
    static Criteria<String[], float[][]> criteria(Path onnx, HuggingFaceTokenizer tokenizer) {
        return Criteria.builder()
                .setTypes(String[].class, float[][].class)
                .optModelPath(onnx)
                .optEngine("OnnxRuntime")
                .optTranslator(new PoolingTranslator(tokenizer))
                .build();
    }

    @Override
    public float[] embed(String text) {
        return embed(List.of(text))[0];
    }

    @Override
    public synchronized float[][] embed(List<String> texts) {
        if (texts.isEmpty()) {
            return new float[0][];
        }
        try {
            float[][] out = predictor.predict(texts.toArray(String[]::new));
            dimension = out[0].length;
            return out;
        } catch (TranslateException e) {
            throw new DataException("MiniLM failed on a batch of " + texts.size() + " texts: " + e.getMessage(), e);
        }
    }

    @Override
    public int dimension() {
        if (dimension < 0) {
            embed("dimension");
        }
        return dimension;
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
        tokenizer.close();
    }

    /** Tokenize a batch -> input_ids, attention_mask, token_type_ids; output -> mean pooling + L2 norm. */
    static final class PoolingTranslator implements NoBatchifyTranslator<String[], float[][]> {
        private final HuggingFaceTokenizer tokenizer;

        PoolingTranslator(HuggingFaceTokenizer tokenizer) {
            this.tokenizer = tokenizer;
        }

        @Override
        public NDList processInput(TranslatorContext ctx, String[] input) {
            TokenBatch batch = TokenBatch.of(tokenizer.batchEncode(input));
            ctx.setAttachment("mask", batch.mask());
            ctx.setAttachment("shape", new int[] {batch.size(), batch.length()});
            return batch.toNDList(ctx.getNDManager());
        }

        @Override
        public float[][] processOutput(TranslatorContext ctx, NDList list) {
            NDArray tokens = list.get(0); // [batch, length, dim]
            if (tokens.getDataType() != DataType.FLOAT32) {
                tokens = tokens.toType(DataType.FLOAT32, false);
            }
            int[] shape = (int[]) ctx.getAttachment("shape");
            long[] mask = (long[]) ctx.getAttachment("mask");
            int batch = shape[0];
            int length = shape[1];
            int dim = (int) tokens.getShape().get(2);
            float[] values = tokens.toFloatArray();
            float[][] out = new float[batch][dim];
            for (int b = 0; b < batch; b++) {
                float[] v = out[b];
                int count = 0;
                for (int t = 0; t < length; t++) {
                    if (mask[b * length + t] == 0) {
                        continue;
                    }
                    count++;
                    int base = (b * length + t) * dim;
                    for (int k = 0; k < dim; k++) {
                        v[k] += values[base + k];
                    }
                }
                double norm = 0;
                for (int k = 0; k < dim; k++) {
                    v[k] /= Math.max(count, 1);
                    norm += (double) v[k] * v[k];
                }
                norm = Math.sqrt(norm);
                if (norm > 0) {
                    for (int k = 0; k < dim; k++) {
                        v[k] = (float) (v[k] / norm);
                    }
                }
            }
            return out;
        }
    }
}
