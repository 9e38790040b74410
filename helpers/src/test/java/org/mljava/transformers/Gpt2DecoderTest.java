package org.mljava.transformers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A GPT-2-shaped model: its forward pass against a loop-by-loop reference, causality, and save/load after training. */
class Gpt2DecoderTest {

    static final Gpt2Config TINY = Gpt2Config.of(40, 16, 32, 2, 4).withDropout(0f);

    @TempDir
    Path dir;

    static float[] logits(TransformerHead head, NDManager manager, TokenBatch batch) {
        try (NDManager scope = manager.newSubManager()) {
            return head.forward(new ParameterStore(scope, false), batch.toNDList(scope), false).get(0).toFloatArray();
        }
    }

    @Test
    void logitsMatchALoopByLoopReferenceWithPaddingInTheBatch() {
        try (PretrainedTransformer gpt = PretrainedTransformer.fromScratch(TINY, null)) {
            CausalLanguageModelHead lm = new CausalLanguageModelHead(gpt.decoder());
            lm.initializeWeights(gpt.manager());
            Checkpoint weights = TestWeights.random(TestWeights.shapes(lm), 1);
            WeightLoader.load(lm, weights, WeightMapping.strict());
            long[][] sequences = {{3, 17, 5, 5, 39, 0, 12, 8, 1, 22}, {7, 7, 30, 2, 11, 4, 9}};
            // the second row padded to 10 with id 0 and mask 0
            long[] ids = new long[20];
            long[] mask = new long[20];
            for (int b = 0; b < 2; b++) {
                for (int t = 0; t < sequences[b].length; t++) {
                    ids[b * 10 + t] = sequences[b][t];
                    mask[b * 10 + t] = 1;
                }
            }
            float[] actual = logits(lm, gpt.manager(), new TokenBatch(2, 10, ids, mask, new long[20]));
            NaiveGpt2 reference = new NaiveGpt2(weights, TINY);
            double max = 0;
            for (int b = 0; b < 2; b++) {
                double[][] expected = reference.logits(sequences[b]);
                for (int t = 0; t < sequences[b].length; t++) {
                    for (int k = 0; k < TINY.vocabSize(); k++) {
                        max = Math.max(max, Math.abs(expected[t][k] - actual[(b * 10 + t) * TINY.vocabSize() + k]));
                    }
                }
            }
            System.out.printf("GPT-2 block vs loop-by-loop reference: max abs logit difference %.3g%n", max);
            assertTrue(max < 1e-4, "max abs difference " + max);
        }
    }

    @Test
    void aTokenDoesNotSeeLaterTokens() {
        try (PretrainedTransformer gpt = PretrainedTransformer.fromScratch(TINY, null)) {
            CausalLanguageModelHead lm = new CausalLanguageModelHead(gpt.decoder());
            lm.initializeWeights(gpt.manager());
            WeightLoader.load(lm, TestWeights.random(TestWeights.shapes(lm), 2), WeightMapping.strict());
            float[] a = logits(lm, gpt.manager(), TokenBatch.ofIds(new long[][] {{1, 2, 3, 4, 5, 6, 7, 8}}));
            float[] b = logits(lm, gpt.manager(), TokenBatch.ofIds(new long[][] {{1, 2, 3, 4, 5, 33, 7, 8}}));
            int v = TINY.vocabSize();
            for (int i = 0; i < 5 * v; i++) {
                assertEquals(a[i], b[i], 1e-6f, "positions before the change are unchanged");
            }
            double change = 0;
            for (int i = 5 * v; i < 6 * v; i++) {
                change = Math.max(change, Math.abs(a[i] - b[i]));
            }
            assertTrue(change > 1e-3, "the changed position's logits change: " + change);
        }
    }

    @Test
    void aBrieflyTrainedModelSavedAsSafetensorsLoadsBackIdentically() throws Exception {
        Path folder = dir.resolve("tiny-gpt2");
        TokenBatch probe = TokenBatch.ofIds(new long[][] {{1, 2, 3, 4, 5, 6, 7, 8}, {9, 8, 7, 6, 5, 4, 3, 2}});
        float[] before;
        Map<String, float[]> trainedWeights = new LinkedHashMap<>();
        try (PretrainedTransformer gpt = PretrainedTransformer.fromScratch(Gpt2Config.of(40, 16, 32, 2, 4), null)) {
            CausalLanguageModelHead lm = new CausalLanguageModelHead(gpt.decoder());
            // counting sequences mod 10: a pattern a tiny model learns in a few steps
            long[][] rows = new long[32][12];
            for (int r = 0; r < rows.length; r++) {
                for (int t = 0; t < 12; t++) {
                    rows[r][t] = (r + t) % 10 + 1;
                }
            }
            lm.initializeWeights(gpt.manager());
            int arraysBefore = gpt.manager().getManagedArrays().size();
            FineTuning settings = FineTuning.defaults().withBatchSize(8).withEpochs(6).withLearningRate(3e-3f).withHeadLearningRate(3e-3f)
                    .withFrozenWordEmbeddings(false);
            FineTuning.History history = FineTuner.fit(lm, gpt.manager(), rows.length, (picked, scope) -> {
                long[][] chosen = new long[picked.length][];
                for (int i = 0; i < picked.length; i++) {
                    chosen[i] = rows[picked[i]];
                }
                TokenBatch batch = TokenBatch.ofIds(chosen);
                return new FineTuner.Batch(batch.toNDList(scope), new NDList(CausalLanguageModelHead.nextTokenLabels(batch, scope)));
            }, new MaskedCrossEntropyLoss(), settings);
            System.out.println("tiny GPT-2 on counting sequences: " + history.summary(4));
            assertEquals(arraysBefore, gpt.manager().getManagedArrays().size(),
                    "nothing is left behind: Adam's state and each batch's arrays are freed");
            List<Float> l = history.losses();
            assertTrue(l.get(l.size() - 1) < l.get(0) * 0.7, "training lowered the loss: " + history.summary(4));

            before = logits(lm, gpt.manager(), probe);
            lm.namedParameters().forEach((name, p) -> trainedWeights.put(name, p.getArray().toFloatArray()));
            SavedModels.save(folder, lm, (Path) null, List.of());
        }
        assertTrue(Files.isRegularFile(folder.resolve("model.safetensors")) && Files.isRegularFile(folder.resolve("config.json")));
        Map<String, Safetensors.Entry> header = Safetensors.header(folder.resolve("model.safetensors"));
        assertArrayEquals(new long[] {32, 96}, header.get("transformer.h.0.attn.c_attn.weight").shape(), "Hugging Face's name and [in, out]");
        assertEquals(trainedWeights.keySet(), header.keySet());

        try (SavedModels.Loaded loaded = SavedModels.load(folder)) {
            assertTrue(loaded.head() instanceof CausalLanguageModelHead);
            loaded.head().namedParameters().forEach((name, p) ->
                    assertArrayEquals(trainedWeights.get(name), p.getArray().toFloatArray(), 0f, name));
            float[] after = logits(loaded.head(), loaded.base().manager(), probe);
            assertArrayEquals(before, after, 0f, "identical outputs after save and load");
        }
        // the body alone loads from the same folder (its transformer. prefix is stripped)
        try (PretrainedTransformer body = Transformers.decoder(folder.toString())) {
            assertEquals(2, body.config().numLayers());
            assertArrayEquals(trainedWeights.get("transformer.wte.weight"), body.body().wordEmbeddings().getArray().toFloatArray(), 0f);
        }
    }
}
