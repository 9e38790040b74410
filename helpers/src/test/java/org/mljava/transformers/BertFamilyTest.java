package org.mljava.transformers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BERT family's variants (DistilBERT's names, RoBERTa's positions), hub-style checkpoints
 * written here in each architecture's naming (prefixes, legacy names, pretraining extras), and the
 * hub's config.json files parsed into the published architectures.
 */
class BertFamilyTest {

    @TempDir
    Path dir;

    NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterEach
    void close() {
        manager.close();
    }

    static BertConfig tiny(String type, int maxPositions, int typeVocab, int pad) {
        return new BertConfig(type, 50, 32, 2, 4, 64, maxPositions, typeVocab, 1e-12f, "gelu", 0f, 0f, pad, false);
    }

    float[] hidden(BertEncoder encoder, TokenBatch batch) {
        try (NDManager scope = manager.newSubManager()) {
            return encoder.forward(new ParameterStore(scope, false), batch.toNDList(scope), false).get(0).toFloatArray();
        }
    }

    BertEncoder encoder(BertConfig config, Checkpoint weights) {
        BertEncoder e = new BertEncoder(config);
        e.initializeWeights(manager);
        WeightLoader.load(e, weights, WeightMapping.strict());
        return e;
    }

    static TokenBatch paddedBatch(long pad) {
        long[] ids = {2, 17, 33, 5, 48, 9, 3, 4, 21, 30, pad, pad};
        long[] mask = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0};
        return new TokenBatch(2, 6, ids, mask, new long[12]);
    }

    static double maxDifferenceOnRealTokens(float[] a, float[] b, TokenBatch batch, int width) {
        double max = 0;
        for (int i = 0; i < batch.ids().length; i++) {
            if (batch.mask()[i] == 1) {
                for (int k = 0; k < width; k++) {
                    max = Math.max(max, Math.abs(a[i * width + k] - b[i * width + k]));
                }
            }
        }
        return max;
    }

    /** BERT's module names -> DistilBERT's, written out here from the two checkpoints' layouts. */
    static String distilName(String bertName) {
        Map<String, String> layer = Map.of(
                "attention.self.query", "attention.q_lin", "attention.self.key", "attention.k_lin",
                "attention.self.value", "attention.v_lin", "attention.output.dense", "attention.out_lin",
                "attention.output.LayerNorm", "sa_layer_norm", "intermediate.dense", "ffn.lin1",
                "output.dense", "ffn.lin2", "output.LayerNorm", "output_layer_norm");
        Matcher m = Pattern.compile("encoder\\.layer\\.(\\d+)\\.(.*)\\.(weight|bias)").matcher(bertName);
        if (!m.matches()) {
            return bertName;
        }
        return "transformer.layer." + m.group(1) + "." + layer.get(m.group(2)) + "." + m.group(3);
    }

    @Test
    void distilBertsLayoutComputesWhatBertComputesWithTheSameWeights() {
        BertConfig bertConfig = tiny("bert", 20, 2, 0);
        Checkpoint bertWeights = TestWeights.random(TestWeights.shapes(new BertEncoder(bertConfig)), 3);
        // DistilBERT has no token types: give BERT's type-0 row zeros, so both add nothing
        Map<String, WeightTensor> t = new LinkedHashMap<>(bertWeights.tensors());
        t.put("embeddings.token_type_embeddings.weight", WeightTensor.of(new long[] {2, 32}, new float[64]));
        bertWeights = Checkpoint.of("bert", t);
        Map<String, WeightTensor> distil = new LinkedHashMap<>();
        bertWeights.tensors().forEach((name, w) -> {
            if (!name.startsWith("embeddings.token_type")) {
                distil.put(distilName(name), w);
            }
        });
        BertEncoder bert = encoder(bertConfig, bertWeights);
        BertEncoder distilBert = encoder(tiny("distilbert", 20, 0, 0), Checkpoint.of("distil", distil));
        assertTrue(distilBert.namedParameters().containsKey("transformer.layer.1.ffn.lin2.weight"));
        TokenBatch batch = paddedBatch(0);
        double max = maxDifferenceOnRealTokens(hidden(bert, batch), hidden(distilBert, batch), batch, 32);
        assertTrue(max < 1e-6, "DistilBERT vs BERT with renamed weights: " + max);
    }

    @Test
    void robertaCountsPositionsFromThePaddingIndexPlusOne() {
        int pad = 1;
        BertConfig roberta = tiny("roberta", 22, 1, pad);
        Checkpoint weights = TestWeights.random(TestWeights.shapes(new BertEncoder(roberta)), 4);
        // a BERT whose position table starts at RoBERTa's row padding_idx + 1 = 2 computes the same
        Map<String, WeightTensor> t = new LinkedHashMap<>(weights.tensors());
        float[] table = weights.get("embeddings.position_embeddings.weight").values();
        t.put("embeddings.position_embeddings.weight",
                WeightTensor.of(new long[] {20, 32}, java.util.Arrays.copyOfRange(table, 2 * 32, 22 * 32)));
        BertEncoder robertaEncoder = encoder(roberta, weights);
        BertEncoder bert = encoder(tiny("bert", 20, 1, pad), Checkpoint.of("shifted", t));
        TokenBatch batch = paddedBatch(pad); // row 2 ends with two padding tokens (id 1, mask 0)
        double max = maxDifferenceOnRealTokens(hidden(robertaEncoder, batch), hidden(bert, batch), batch, 32);
        assertTrue(max < 1e-6, "RoBERTa vs BERT with the table shifted by 2: " + max);
        assertEquals(20, roberta.maxTokens());
        TokenBatch tooLong = TokenBatch.ofIds(new long[][] {new long[21]});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> hidden(robertaEncoder, tooLong));
        assertTrue(e.getMessage().contains("has positions for 20"), e.getMessage());
    }

    static String config(String json) {
        return json.replace('\'', '"');
    }

    @Test
    void aBertCheckpointWithPrefixLegacyNamesPoolerAndPretrainingHeadsLoads() {
        BertConfig shape = tiny("bert", 20, 2, 0).withPooler(true);
        Checkpoint body = TestWeights.random(TestWeights.shapes(new BertEncoder(shape)), 5);
        MaskedLanguageModelHead probe = new MaskedLanguageModelHead(new BertEncoder(shape));
        Checkpoint heads = TestWeights.random(TestWeights.shapes(probe), 6);
        Map<String, WeightTensor> file = new LinkedHashMap<>();
        // as BertForPreTraining saves it: bert. prefix, LayerNorm gamma/beta, cls.* heads
        body.tensors().forEach((name, w) -> file.put("bert." + name.replace("LayerNorm.weight", "LayerNorm.gamma")
                .replace("LayerNorm.bias", "LayerNorm.beta"), w));
        heads.tensors().forEach((name, w) -> {
            if (name.startsWith("cls.")) {
                file.put(name, w);
            }
        });
        file.put("cls.predictions.decoder.weight", body.get("embeddings.word_embeddings.weight")); // the tied copy
        file.put("cls.seq_relationship.weight", WeightTensor.of(new long[] {2, 32}, new float[64]));
        file.put("cls.seq_relationship.bias", WeightTensor.of(new long[] {2}, new float[2]));
        Path folder = TestWeights.folder(dir.resolve("bert"), config("{'model_type': 'bert', 'vocab_size': 50, 'hidden_size': 32,"
                + " 'num_hidden_layers': 2, 'num_attention_heads': 4, 'intermediate_size': 64, 'max_position_embeddings': 20,"
                + " 'type_vocab_size': 2, 'layer_norm_eps': 1e-12, 'hidden_act': 'gelu', 'pad_token_id': 0}"),
                Checkpoint.of("model.safetensors", file));

        try (PretrainedTransformer bert = Transformers.encoder(folder.toString())) {
            System.out.println(bert);
            assertTrue(bert.encoder().hasPooler(), "the checkpoint has pooler weights");
            assertTrue(bert.loadSummary().contains("prefix 'bert.' stripped"), bert.loadSummary());
            body.tensors().forEach((name, w) -> assertArrayEquals(w.values(),
                    bert.body().namedParameters().get(name).getArray().toFloatArray(), 0f, name));
            MaskedLanguageModelHead mlm = new MaskedLanguageModelHead(bert.encoder());
            mlm.initializeWeights(bert.manager());
            WeightMapping.Plan plan = mlm.loadPretrained(bert.checkpoint());
            assertEquals(5, plan.assignments().size(), plan.toString());
            assertArrayEquals(heads.get("cls.predictions.transform.LayerNorm.weight").values(),
                    mlm.headParameters().get("cls.predictions.transform.LayerNorm.weight").getArray().toFloatArray(), 0f);
            assertThrows(IllegalArgumentException.class, () -> Transformers.decoder(folder.toString()), "a BERT is not a decoder");
        }
    }

    @Test
    void distilBertAndXlmRobertaAndGpt2CheckpointsLoadInTheirOwnNaming() {
        BertConfig distilShape = tiny("distilbert", 20, 0, 0);
        Checkpoint distil = TestWeights.random(TestWeights.shapes(new BertEncoder(distilShape)), 7);
        Map<String, WeightTensor> distilFile = new LinkedHashMap<>();
        distil.tensors().forEach((name, w) -> distilFile.put("distilbert." + name, w));
        distilFile.put("vocab_transform.weight", WeightTensor.of(new long[] {32, 32}, new float[1024]));
        distilFile.put("vocab_projector.bias", WeightTensor.of(new long[] {50}, new float[50]));
        Path distilFolder = TestWeights.folder(dir.resolve("distil"), config("{'model_type': 'distilbert', 'vocab_size': 50, 'dim': 32,"
                + " 'n_layers': 2, 'n_heads': 4, 'hidden_dim': 64, 'max_position_embeddings': 20, 'activation': 'gelu'}"),
                Checkpoint.of("model.safetensors", distilFile));
        try (PretrainedTransformer m = Transformers.encoder(distilFolder.toString())) {
            assertEquals(BertConfig.Layout.DISTILBERT, m.encoder().config().layout());
            assertFalse(m.encoder().hasPooler());
            assertArrayEquals(distil.get("transformer.layer.1.ffn.lin1.weight").values(),
                    m.body().namedParameters().get("transformer.layer.1.ffn.lin1.weight").getArray().toFloatArray(), 0f);
        }

        BertConfig xlmrShape = new BertConfig("xlm-roberta", 50, 32, 2, 4, 64, 22, 1, 1e-5f, "gelu", 0f, 0f, 1, false);
        Checkpoint xlmr = TestWeights.random(TestWeights.shapes(new BertEncoder(xlmrShape)), 8);
        Map<String, WeightTensor> xlmrFile = new LinkedHashMap<>();
        xlmr.tensors().forEach((name, w) -> xlmrFile.put("roberta." + name, w));
        xlmrFile.put("lm_head.dense.weight", WeightTensor.of(new long[] {32, 32}, new float[1024]));
        xlmrFile.put("lm_head.bias", WeightTensor.of(new long[] {50}, new float[50]));
        Path xlmrFolder = TestWeights.folder(dir.resolve("xlmr"), config("{'model_type': 'xlm-roberta', 'vocab_size': 50,"
                + " 'hidden_size': 32, 'num_hidden_layers': 2, 'num_attention_heads': 4, 'intermediate_size': 64,"
                + " 'max_position_embeddings': 22, 'type_vocab_size': 1, 'layer_norm_eps': 1e-05, 'pad_token_id': 1}"),
                Checkpoint.of("model.safetensors", xlmrFile));
        try (PretrainedTransformer m = Transformers.encoder(xlmrFolder.toString())) {
            BertConfig c = m.encoder().config();
            assertTrue(c.robertaPositions());
            assertEquals(1e-5f, c.layerNormEps());
            assertEquals(20, m.maxTokens());
            assertFalse(m.encoder().hasPooler(), "a masked-LM checkpoint has no pooler");
        }

        Gpt2Config gptShape = Gpt2Config.of(50, 16, 32, 2, 4);
        Checkpoint gpt = TestWeights.random(TestWeights.shapes(new Gpt2Decoder(gptShape)), 9);
        Map<String, WeightTensor> gptFile = new LinkedHashMap<>(gpt.tensors()); // openai-community/gpt2: no prefix
        for (int l = 0; l < 2; l++) {
            gptFile.put("h." + l + ".attn.bias", WeightTensor.of(new long[] {1, 1, 16, 16}, new float[256])); // mask buffers
            gptFile.put("h." + l + ".attn.masked_bias", WeightTensor.of(new long[] {}, new float[] {-1e4f}));
        }
        Path gptFolder = TestWeights.folder(dir.resolve("gpt2"), config("{'model_type': 'gpt2', 'vocab_size': 50, 'n_positions': 16,"
                + " 'n_embd': 32, 'n_layer': 2, 'n_head': 4, 'n_inner': null, 'activation_function': 'gelu_new',"
                + " 'layer_norm_epsilon': 1e-05}"), Checkpoint.of("model.safetensors", gptFile));
        try (PretrainedTransformer m = Transformers.decoder(gptFolder.toString())) {
            assertEquals(128, m.decoder().config().innerSize(), "n_inner null means 4 x n_embd");
            assertTrue(m.loadSummary().startsWith("28 weights loaded"), m.loadSummary());
            assertFalse(m.loadSummary().contains("ignored"), "the mask buffers were left out, not read: " + m.loadSummary());
            assertTrue(m.checkpoint().contains("h.0.attn.bias"), "the whole checkpoint is still there to read");
            assertArrayEquals(gpt.get("h.1.mlp.c_proj.weight").values(),
                    m.body().namedParameters().get("h.1.mlp.c_proj.weight").getArray().toFloatArray(), 0f);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transformers.encoder(gptFolder.toString()));
            assertTrue(e.getMessage().contains("is a GPT-2 decoder: use Transformers.decoder"), e.getMessage());
        }
    }

    @Test
    void aCheckpointThatDoesNotFitIsRejectedNamingEachBadWeight() {
        BertConfig shape = tiny("bert", 20, 2, 0);
        Checkpoint good = TestWeights.random(TestWeights.shapes(new BertEncoder(shape)), 10);
        Map<String, WeightTensor> bad = new LinkedHashMap<>();
        good.tensors().forEach((name, w) -> bad.put("bert." + name, w));
        bad.remove("bert.encoder.layer.1.output.LayerNorm.bias");
        bad.put("bert.encoder.layer.0.attention.self.qeury.weight", good.get("encoder.layer.0.attention.self.query.weight"));
        bad.put("bert.embeddings.word_embeddings.weight", WeightTensor.of(new long[] {51, 32}, new float[51 * 32]));
        String json = config("{'model_type': 'bert', 'vocab_size': 50, 'hidden_size': 32, 'num_hidden_layers': 2,"
                + " 'num_attention_heads': 4, 'intermediate_size': 64, 'max_position_embeddings': 20}");
        Path badFolder = TestWeights.folder(dir.resolve("bad"), json, Checkpoint.of("model.safetensors", bad));
        WeightMismatchException e = assertThrows(WeightMismatchException.class, () -> Transformers.encoder(badFolder.toString()));
        System.out.println(e.getMessage());
        assertEquals(List.of("encoder.layer.1.output.LayerNorm.bias [32]"), e.missing());
        assertEquals(List.of("bert.encoder.layer.0.attention.self.qeury.weight [32, 32]"), e.leftOver());
        assertEquals(List.of("embeddings.word_embeddings.weight: checkpoint [51, 32], model [50, 32]"), e.wrongShape());

        // and the same folder without the three faults loads
        Map<String, WeightTensor> fixed = new LinkedHashMap<>();
        good.tensors().forEach((name, w) -> fixed.put("bert." + name, w));
        Path goodFolder = TestWeights.folder(dir.resolve("good"), json, Checkpoint.of("model.safetensors", fixed));
        try (PretrainedTransformer m = Transformers.encoder(goodFolder.toString())) {
            assertTrue(m.loadSummary().startsWith("37 weights loaded"), m.loadSummary());
        }
    }

    static TransformerConfig hubConfig(String name) throws IOException {
        try (InputStream in = BertFamilyTest.class.getResourceAsStream("hub-configs/" + name + ".json")) {
            return TransformerConfig.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static long parameterCount(TransformerConfig config) {
        return TestWeights.shapes(Transformers.body(config)).values().stream().mapToLong(WeightTensor::size).sum();
    }

    @Test
    void theHubsConfigFilesBuildThePublishedArchitectures() throws IOException {
        // parameter counts as Hugging Face's model.num_parameters() reports them for the base models
        // (BERT and XLM-R with their pooler); weights are not created, only shapes
        assertEquals(109_482_240L, parameterCount(hubConfig("bert-base-uncased")));
        assertEquals(66_362_880L, parameterCount(hubConfig("distilbert-base-uncased")));
        assertEquals(124_439_808L, parameterCount(hubConfig("gpt2")));
        assertEquals(278_043_648L, parameterCount(hubConfig("xlm-roberta-base")));
        BertConfig xlmr = (BertConfig) hubConfig("xlm-roberta-base");
        assertEquals(512, xlmr.maxTokens(), "514 positions, counted from padding_idx + 1 = 2");
        Gpt2Config gpt2 = (Gpt2Config) hubConfig("gpt2");
        assertEquals(3072, gpt2.innerSize());
        assertEquals("gelu_new", gpt2.activation());
        BertConfig distil = (BertConfig) hubConfig("distilbert-base-uncased");
        assertEquals(BertConfig.Layout.DISTILBERT, distil.layout());
        assertEquals(0, distil.typeVocabSize());
        // what this library writes, it reads back
        for (String name : List.of("bert-base-uncased", "distilbert-base-uncased", "gpt2", "xlm-roberta-base")) {
            TransformerConfig c = hubConfig(name);
            assertEquals(c, TransformerConfig.fromJson(c.toJsonText()), name);
        }
    }
}
