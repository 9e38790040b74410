package org.mljava.transformers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Matching checkpoint names to model names, both ways: what fits loads, what does not is named. */
class WeightMappingTest {

    static Map<String, long[]> model() {
        Map<String, long[]> m = new LinkedHashMap<>();
        m.put("embeddings.word_embeddings.weight", new long[] {10, 4});
        m.put("embeddings.LayerNorm.weight", new long[] {4});
        m.put("embeddings.LayerNorm.bias", new long[] {4});
        m.put("encoder.layer.0.attention.self.query.weight", new long[] {4, 4});
        return m;
    }

    static WeightTensor zeros(long... shape) {
        return WeightTensor.of(shape, new float[(int) WeightTensor.size(shape)]);
    }

    @Test
    void aPrefixedCheckpointWithLegacyNamesAndPretrainingExtrasFits() {
        Map<String, WeightTensor> t = new LinkedHashMap<>();
        t.put("bert.embeddings.word_embeddings.weight", zeros(10, 4));
        t.put("bert.embeddings.LayerNorm.gamma", zeros(4));      // TensorFlow-era names
        t.put("bert.embeddings.LayerNorm.beta", zeros(4));
        t.put("bert.encoder.layer.0.attention.self.query.weight", zeros(4, 4));
        t.put("cls.predictions.bias", zeros(10));                // the pretraining head
        t.put("cls.seq_relationship.weight", zeros(2, 4));
        WeightMapping.Plan plan = WeightMapping.strict().withPrefixes("bert").ignoring("cls\\..*")
                .plan(model(), Checkpoint.of("bert.safetensors", t), "BertEncoder");
        assertEquals("bert.", plan.prefix());
        assertEquals("bert.embeddings.LayerNorm.gamma", plan.assignments().get("embeddings.LayerNorm.weight"));
        assertEquals(4, plan.assignments().size());
        assertEquals(List.of("cls.predictions.bias", "cls.seq_relationship.weight"), plan.ignored());
    }

    @Test
    void oneMessageNamesEveryMissingLeftOverAndWronglyShapedWeight() {
        Map<String, WeightTensor> t = new LinkedHashMap<>();
        t.put("embeddings.word_embeddings.weight", zeros(12, 4));              // wrong rows
        t.put("embeddings.LayerNorm.weight", zeros(4));
        // embeddings.LayerNorm.bias missing
        t.put("encoder.layer.0.attention.self.query.weight", zeros(4, 4));
        t.put("encoder.layer.0.attention.self.qeury.bias", zeros(4));          // a typo: left over
        WeightMismatchException e = assertThrows(WeightMismatchException.class,
                () -> WeightMapping.strict().plan(model(), Checkpoint.of("broken.safetensors", t), "BertEncoder"));
        System.out.println(e.getMessage());
        assertEquals(List.of("embeddings.LayerNorm.bias [4]"), e.missing());
        assertEquals(List.of("encoder.layer.0.attention.self.qeury.bias [4]"), e.leftOver());
        assertEquals(List.of("embeddings.word_embeddings.weight: checkpoint [12, 4], model [10, 4]"), e.wrongShape());
        String m = e.getMessage();
        assertTrue(m.startsWith("the checkpoint broken.safetensors does not fit BertEncoder:"), m);
        for (String part : List.of("missing from the checkpoint (1): embeddings.LayerNorm.bias [4]",
                "left over in the checkpoint (the model has no such weight) (1): encoder.layer.0.attention.self.qeury.bias [4]",
                "wrong shape (1): embeddings.word_embeddings.weight: checkpoint [12, 4], model [10, 4]")) {
            assertTrue(m.contains(part), "message has '" + part + "': " + m);
        }
    }

    @Test
    void aTransposedLinearIsPointedOut() {
        Map<String, long[]> model = Map.of("dense.weight", new long[] {3, 5});
        WeightMismatchException e = assertThrows(WeightMismatchException.class, () -> WeightMapping.strict()
                .plan(model, Checkpoint.of("c", Map.of("dense.weight", zeros(5, 3))), "m"));
        assertTrue(e.getMessage().contains("transposed"), e.getMessage());
    }

    @Test
    void newHeadWeightsMayBeMissingWhenAllowed() {
        Map<String, long[]> model = new LinkedHashMap<>(model());
        model.put("classifier.weight", new long[] {2, 4});
        Map<String, WeightTensor> t = new LinkedHashMap<>();
        model().forEach((name, shape) -> t.put(name, zeros(shape)));
        WeightMapping.Plan plan = WeightMapping.strict().allowingMissing("classifier\\..*").plan(model, Checkpoint.of("c", t), "m");
        assertEquals(List.of("classifier.weight"), plan.fresh());
        assertThrows(WeightMismatchException.class, () -> WeightMapping.strict().plan(model, Checkpoint.of("c", t), "m"));
    }
}
