package org.mljava.helpers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * NumPy's legacy generator and scikit-learn's splitters reproduced: every value here was printed by NumPy 1.24 and
 * scikit-learn 1.2 (tests/sklearn/make_fixtures.py wrote sklearn-reference.json); the Java code must return the
 * same, to the last bit for doubles and index for index for splits.
 */
class SklearnSplitsTest {

    private static JsonNode fixture;

    @BeforeAll
    static void load() throws Exception {
        try (var in = SklearnSplitsTest.class.getResourceAsStream("sklearn-reference.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
    }

    private static int[] ints(JsonNode a) {
        return IntStream.range(0, a.size()).map(i -> a.get(i).asInt()).toArray();
    }

    private static double[] doubles(JsonNode a) {
        return IntStream.range(0, a.size()).mapToDouble(i -> a.get(i).asDouble()).toArray();
    }

    private static JsonNode draws() {
        return fixture.get("random_state");
    }

    @Test
    void doublesNormalsAndUniformsEqualNumpyBitForBit() {
        var rs = new NumpyRandomState(1);
        double[] sample = new double[5];
        for (int i = 0; i < 5; i++) {
            sample[i] = rs.randomSample();
        }
        assertArrayEquals(doubles(draws().get("random_sample_seed1")), sample, 0.0);
        // the perceptron's initial weights in the book: rgen.normal(loc=0.0, scale=0.01, size=...)
        assertArrayEquals(doubles(draws().get("normal_0_0.01_seed1")), new NumpyRandomState(1).normal(0, 0.01, 5), 0.0);
        assertArrayEquals(doubles(draws().get("uniform_m1_1_seed0")), new NumpyRandomState(0).uniform(-1, 1, 4), 0.0);
    }

    @Test
    void permutationsAndIntegersEqualNumpy() {
        assertArrayEquals(ints(draws().get("permutation_10_seed1")), new NumpyRandomState(1).permutation(10));
        assertArrayEquals(ints(draws().get("permutation_7_seed4294967295")), new NumpyRandomState(4294967295L).permutation(7));
        var rs = new NumpyRandomState(123);
        int[] ints = new int[4];
        for (int i = 0; i < 4; i++) {
            ints[i] = (int) rs.randint(0, Integer.MAX_VALUE);
        }
        assertArrayEquals(ints(draws().get("randint_2pow31m1_seed123")), ints);
        assertThrows(IllegalArgumentException.class, () -> new NumpyRandomState(-1));
    }

    @Test
    void trainTestSplitsEqualScikitLearn() {
        JsonNode labels = fixture.get("labels");
        int checked = 0;
        for (JsonNode s : fixture.get("train_test_split")) {
            double testSize = s.get("test_size").asDouble();
            long seed = s.get("seed").asLong();
            SklearnSplits.Split split = s.get("stratify").asBoolean()
                    ? SklearnSplits.trainTestSplit(ints(labels.get(s.get("data").asText())), testSize, seed)
                    : SklearnSplits.trainTestSplit(s.get("n").asInt(), testSize, seed);
            String what = s.toString().substring(0, 60);
            assertArrayEquals(ints(s.get("train")), split.train(), "train rows of " + what);
            assertArrayEquals(ints(s.get("test")), split.test(), "test rows of " + what);
            checked++;
        }
        assertEquals(7, checked);
    }

    @Test
    void stratifiedFoldsEqualScikitLearn() {
        JsonNode kfold = fixture.get("stratified_kfold");
        int[] folds = SklearnSplits.stratifiedKFold(ints(kfold.get("labels")), kfold.get("k").asInt());
        assertArrayEquals(ints(kfold.get("folds")), folds);
        var fold3 = SklearnSplits.foldSplit(folds, 3);
        assertEquals(folds.length, fold3.train().length + fold3.test().length);
        assertEquals(3, folds[fold3.test()[0]]);
    }

    @Test
    void crossValScoresVisitsEveryFoldOnce() {
        int[] y = new int[30];
        Arrays.fill(y, 12, 30, 1);
        int[] seen = new int[30];
        double[] scores = SklearnSplits.crossValScores(y, 3, fold -> {
            for (int i : fold.test()) {
                seen[i]++;
            }
            return fold.test().length;
        });
        assertArrayEquals(new double[] {10, 10, 10}, scores, 0);
        assertTrue(Arrays.stream(seen).allMatch(c -> c == 1));
    }

    @Test
    void badSharesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> SklearnSplits.trainTestSplit(10, 1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> SklearnSplits.trainTestSplit(new int[] {0, 0, 0, 1}, 0.25, 1));
        assertThrows(IllegalArgumentException.class, () -> SklearnSplits.trainTestSplit(new int[] {1, 1, 1}, 0.3, 1));
        int[] y = new int[20];
        Arrays.fill(y, 10, 20, 1);
        var split = SklearnSplits.trainTestSplit(y, 0.3, 5);
        assertEquals(14, split.train().length);
        assertEquals(6, split.test().length);
    }
}
