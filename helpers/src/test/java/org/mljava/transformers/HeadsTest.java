package org.mljava.transformers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mljava.models.Models;

/** The heads' pooling, shapes and span choice, and the loss, each against arithmetic done here. */
class HeadsTest {

    static final BertConfig TINY = new BertConfig("bert", 60, 16, 1, 2, 32, 12, 2, 1e-12f, "gelu", 0f, 0f, 0, true);

    NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterEach
    void close() {
        manager.close();
    }

    static TokenBatch batch() {
        long[] ids = {5, 9, 13, 2, 0, 0, 7, 8, 9, 10, 11, 3};
        long[] mask = {1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1};
        return new TokenBatch(2, 6, ids, mask, new long[12]);
    }

    @Test
    void meanAndLastPoolingUseOnlyRealTokens() {
        float[] h = new float[2 * 6 * 3];
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) Math.sin(i); // any numbers
        }
        NDArray hidden = manager.create(h, new Shape(2, 6, 3));
        TokenBatch b = batch();
        NDArray mask = manager.create(b.mask(), new Shape(2, 6));
        float[] mean = Pooling.MEAN.pool(hidden, mask).toFloatArray();
        float[] last = Pooling.LAST.pool(hidden, mask).toFloatArray();
        float[] cls = Pooling.CLS.pool(hidden, mask).toFloatArray();
        for (int row = 0; row < 2; row++) {
            int real = b.realTokens(row);
            for (int k = 0; k < 3; k++) {
                double sum = 0;
                for (int t = 0; t < real; t++) {
                    sum += h[(row * 6 + t) * 3 + k];
                }
                assertEquals(sum / real, mean[row * 3 + k], 1e-6);
                assertEquals(h[(row * 6 + real - 1) * 3 + k], last[row * 3 + k], 1e-7f);
                assertEquals(h[(row * 6) * 3 + k], cls[row * 3 + k], 0f);
            }
        }
    }

    @Test
    void headsGiveTheirShapesAndNamesAndPoolerNeedsAPooler() {
        BertEncoder body = new BertEncoder(TINY);
        body.initializeWeights(manager);
        TokenBatch b = batch();
        ParameterStore store = new ParameterStore(manager, false);
        var classifier = new SequenceClassificationHead(body, 3, Pooling.POOLER);
        var tagger = new TokenClassificationHead(body, 5);
        var qa = new QuestionAnsweringHead(body);
        var mlm = new MaskedLanguageModelHead(body);
        for (TransformerHead head : List.of(classifier, tagger, qa, mlm)) {
            head.initializeWeights(manager);
        }
        assertEquals(new Shape(2, 3), classifier.forward(store, b.toNDList(manager), false).get(0).getShape());
        assertEquals(new Shape(2, 6, 5), tagger.forward(store, b.toNDList(manager), false).get(0).getShape());
        NDList spans = qa.forward(store, b.toNDList(manager), false);
        assertEquals(new Shape(2, 6), spans.get(0).getShape());
        assertEquals(new Shape(2, 6), spans.get(1).getShape());
        assertEquals(new Shape(2, 6, 60), mlm.forward(store, b.toNDList(manager), false).get(0).getShape());
        assertTrue(classifier.namedParameters().containsKey("bert.pooler.dense.weight"));
        assertTrue(classifier.namedParameters().containsKey("classifier.weight"));
        assertTrue(qa.namedParameters().containsKey("qa_outputs.bias"));
        assertEquals(java.util.Set.of("cls.predictions.transform.dense.weight", "cls.predictions.transform.dense.bias",
                "cls.predictions.transform.LayerNorm.weight", "cls.predictions.transform.LayerNorm.bias", "cls.predictions.bias"),
                mlm.headParameters().keySet());
        assertEquals("BertForSequenceClassification", classifier.architecture());

        BertEncoder noPooler = new BertEncoder(TINY.withPooler(false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SequenceClassificationHead(noPooler, 2, Pooling.POOLER));
        assertTrue(e.getMessage().contains("use Pooling.CLS or Pooling.MEAN"), e.getMessage());
    }

    @Test
    void theBestSpanStaysInTheContextAndWithinTheLength() {
        float[] start = {9, 1, 2, 0.5f, 3, -1, 8};
        float[] end = {9, 0, 1, 4, 0, 2, 9};
        boolean[] context = {false, true, true, true, true, true, false}; // 0: question, 6: padding
        // in the context, start 2 + end 3 (2 + 4 = 6) beats 4..5 (3 + 2) and 1..3 (1 + 4); 0..0 (9 + 9) is the question
        assertArrayEquals(new int[] {2, 3}, QuestionAnsweringHead.bestSpan(start, end, context, 30));
        // one token at most: 3..3 (0.5 + 4) beats 2..2 (2 + 1) and 4..4 (3 + 0)
        assertArrayEquals(new int[] {3, 3}, QuestionAnsweringHead.bestSpan(start, end, context, 1));
        assertArrayEquals(new int[] {-1, -1}, QuestionAnsweringHead.bestSpan(start, end, new boolean[7], 30));
    }

    @Test
    void theLossIgnoresMinus100AndAveragesSpanPairs() {
        float[] logits = {2, 0, -1, 0.5f, 0.5f, 0, -3, 1, 4};
        NDArray l = manager.create(logits, new Shape(1, 3, 3));
        NDArray labels = manager.create(new long[] {0, -100, 2}, new Shape(1, 3));
        float loss = new MaskedCrossEntropyLoss().evaluate(new NDList(labels), new NDList(l)).getFloat();
        double expected = (-logSoftmax(logits, 0, 0) - logSoftmax(logits, 6, 2)) / 2; // position 1 ignored
        assertEquals(expected, loss, 1e-5);
        // question answering: (start loss + end loss) / 2
        NDArray startLogits = manager.create(new float[] {1, 2, 3}, new Shape(1, 3));
        NDArray endLogits = manager.create(new float[] {0, 0, 5}, new Shape(1, 3));
        float pair = new MaskedCrossEntropyLoss().evaluate(new NDList(manager.create(new long[] {1}), manager.create(new long[] {2})),
                new NDList(startLogits, endLogits)).getFloat();
        double expectedPair = (-logSoftmax(new float[] {1, 2, 3}, 0, 1) - logSoftmax(new float[] {0, 0, 5}, 0, 2)) / 2;
        assertEquals(expectedPair, pair, 1e-5);
    }

    /** log softmax of the 3 values starting at {@code from}, at index {@code k}. */
    static double logSoftmax(float[] v, int from, int k) {
        double total = 0;
        for (int i = 0; i < 3; i++) {
            total += Math.exp(v[from + i]);
        }
        return v[from + k] - Math.log(total);
    }

    @Test
    void questionAndContextPairsGetTokenTypesZeroAndOne() {
        try (PretrainedTransformer model = PretrainedTransformer.fromScratch(
                new BertConfig("bert", 30522, 16, 1, 2, 32, 128, 2, 1e-12f, "gelu", 0f, 0f, 0, false), Models.miniLmTokenizerJson())) {
            TokenBatch pairs = model.tokenizePairs(List.of("Where is the cat?"),
                    List.of("The cat is sleeping on the sofa in the living room."), 64);
            long[] types = pairs.types();
            assertEquals(0, types[0]);
            assertEquals(1, types[pairs.realTokens(0) - 1], "the context's tokens (and its [SEP]) have type 1");
            TokenBatch truncated = model.tokenizePairs(List.of("Where is the cat?"),
                    List.of("The cat is sleeping on the sofa in the living room."), 12);
            assertEquals(12, truncated.length());
            assertEquals(7, java.util.Arrays.stream(truncated.types()).filter(t -> t == 0).count(),
                    "[CLS] where is the cat ? [SEP]: the question is kept whole, the context cut");
        }
    }
}
