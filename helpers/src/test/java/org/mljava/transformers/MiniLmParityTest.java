package org.mljava.transformers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.djl.translate.NoopTranslator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mljava.models.Models;
import org.mljava.models.SentenceEncoder;

/**
 * all-MiniLM-L6-v2 as a DJL block (PyTorch engine, weights read from the ONNX file) computes what
 * ONNX Runtime computes from the same file: token states on real tokens and sentence vectors,
 * with padding in the batch.
 */
class MiniLmParityTest {

    /** Lengths from 3 to about 40 tokens, so every text but the longest is padded. */
    static final List<String> TEXTS = List.of(
            "I love this movie",
            "The stock market fell sharply today, and analysts expect further losses as interest rates keep rising across Europe.",
            "Hi!",
            "Café crème brûlée, s'il vous plaît: naïve façades & résumés.",
            "A cat is sleeping on the sofa");

    static PretrainedTransformer minilm;
    static ZooModel<NDList, NDList> onnxRuntime;
    static NDManager manager;

    @BeforeAll
    static void load() throws Exception {
        minilm = Transformers.encoder("all-minilm-l6-v2");
        System.out.println(minilm);
        onnxRuntime = Criteria.builder().setTypes(NDList.class, NDList.class).optModelPath(Models.miniLmOnnx(false))
                .optEngine("OnnxRuntime").optTranslator(new NoopTranslator()).build().loadModel();
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
        onnxRuntime.close();
        minilm.close();
    }

    /** ONNX Runtime's last_hidden_state for a batch, flat [batch * tokens * 384]. */
    static float[] onnxRuntimeTokens(TokenBatch batch) throws Exception {
        try (NDManager ortManager = NDManager.newBaseManager("OnnxRuntime");
             Predictor<NDList, NDList> predictor = onnxRuntime.newPredictor()) {
            Shape shape = new Shape(batch.size(), batch.length());
            NDArray ids = ortManager.create(batch.ids(), shape);
            ids.setName("input_ids");
            NDArray mask = ortManager.create(batch.mask(), shape);
            mask.setName("attention_mask");
            NDArray types = ortManager.create(batch.types(), shape);
            types.setName("token_type_ids");
            return predictor.predict(new NDList(ids, mask, types)).get(0).toFloatArray();
        }
    }

    static float[] djlTokens(TokenBatch batch) {
        try (NDManager scope = manager.newSubManager()) {
            return minilm.body().forward(new ParameterStore(scope, false), batch.toNDList(scope), false).get(0).toFloatArray();
        }
    }

    @Test
    void tokenStatesMatchOnnxRuntimeOnRealTokens() throws Exception {
        TokenBatch batch = minilm.tokenize(TEXTS, 128);
        assertTrue(batch.realTokens(2) < batch.length(), "the short texts are padded");
        float[] expected = onnxRuntimeTokens(batch);
        float[] actual = djlTokens(batch);
        assertEquals(expected.length, actual.length);
        int width = 384;
        double max = 0;
        int compared = 0;
        for (int b = 0; b < batch.size(); b++) {
            for (int t = 0; t < batch.length(); t++) {
                if (batch.mask()[b * batch.length() + t] == 0) {
                    continue;
                }
                compared++;
                for (int k = 0; k < width; k++) {
                    int i = (b * batch.length() + t) * width + k;
                    max = Math.max(max, Math.abs(expected[i] - actual[i]));
                }
            }
        }
        System.out.printf("MiniLM token states, DJL vs ONNX Runtime: max abs difference %.3g over %d real tokens (%d x %d batch)%n",
                max, compared, batch.size(), batch.length());
        assertTrue(max < 1e-4, "max abs difference " + max);
    }

    @Test
    void sentenceVectorsMatchTheOnnxRuntimeEncoder() {
        float[][] djl = minilm.embed(TEXTS, 256);
        float[][] ort;
        try (SentenceEncoder encoder = Models.miniLm(false)) { // ONNX Runtime with its own pooling code
            ort = encoder.embed(TEXTS);
        }
        double max = 0;
        for (int i = 0; i < TEXTS.size(); i++) {
            for (int k = 0; k < ort[i].length; k++) {
                max = Math.max(max, Math.abs(djl[i][k] - ort[i][k]));
            }
        }
        System.out.printf("MiniLM mean-pooled sentence vectors, DJL vs ONNX Runtime: max abs difference %.3g%n", max);
        assertTrue(max < 1e-4, "max abs difference " + max);
        assertTrue(SentenceEncoder.cosine(djl[0], djl[4]) < SentenceEncoder.cosine(djl[0], djl[0]));
    }

    @Test
    void paddingDoesNotChangeATextsTokenStates() {
        TokenBatch alone = minilm.tokenize(List.of(TEXTS.get(0)), 128);
        TokenBatch padded = minilm.tokenize(TEXTS, 128);
        float[] a = djlTokens(alone);
        float[] p = djlTokens(padded);
        double max = 0;
        for (int i = 0; i < a.length; i++) { // row 0 of the padded batch starts at 0
            max = Math.max(max, Math.abs(a[i] - p[i]));
        }
        assertTrue(max < 1e-5, "row 0 alone vs padded: " + max);
    }

    @Test
    void attentionProbabilitiesCanBeReturnedForPlots() {
        TokenBatch batch = minilm.tokenize(List.of(TEXTS.get(0), TEXTS.get(2)), 128);
        minilm.body().setReturnAttentions(true);
        try (NDManager scope = manager.newSubManager()) {
            NDList out = minilm.body().forward(new ParameterStore(scope, false), batch.toNDList(scope), false);
            List<NDArray> attentions = TransformerBody.attentions(out);
            assertEquals(6, attentions.size());
            NDArray first = attentions.get(0);
            assertEquals(new Shape(2, 12, batch.length(), batch.length()), first.getShape());
            float[] rowSums = first.sum(new int[] {3}).toFloatArray();
            for (float s : rowSums) {
                assertEquals(1f, s, 1e-5f);
            }
            // text 1 ("Hi!") has padding: no query of it looks at a padding key
            int real = batch.realTokens(1);
            float toPadding = first.get("1, :, :, " + real + ":").sum().getFloat();
            assertEquals(0f, toPadding, 1e-12f);
        } finally {
            minilm.body().setReturnAttentions(false);
        }
    }
}
