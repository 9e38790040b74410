package org.mljava.helpers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * scikit-learn's Perceptron reproduced: weights, intercepts, epochs and test predictions equal what scikit-learn 1.2
 * printed (tests/sklearn/make_fixtures.py), for the book's chapter 3 setting, another seed and learning rate, and a
 * two-class problem.
 */
class SklearnPerceptronTest {

    private static double[][] matrix(JsonNode a) {
        return IntStream.range(0, a.size()).mapToObj(i -> IntStream.range(0, a.get(i).size()).mapToDouble(j -> a.get(i).get(j).asDouble())
                .toArray()).toArray(double[][]::new);
    }

    private static double[] vector(JsonNode a) {
        return IntStream.range(0, a.size()).mapToDouble(i -> a.get(i).asDouble()).toArray();
    }

    private static int[] ints(JsonNode a) {
        return IntStream.range(0, a.size()).map(i -> a.get(i).asInt()).toArray();
    }

    @Test
    void weightsAndPredictionsEqualScikitLearn() throws Exception {
        JsonNode cases;
        try (var in = getClass().getResourceAsStream("sklearn-reference.json")) {
            cases = new ObjectMapper().readTree(in).get("perceptron");
        }
        assertEquals(3, cases.size());
        for (JsonNode c : cases) {
            String name = c.get("name").asText();
            var model = new SklearnPerceptron(c.get("eta0").asDouble(), c.get("seed").asLong())
                    .fit(matrix(c.get("x_train")), ints(c.get("y_train")));
            double[][] coef = matrix(c.get("coef"));
            double[][] ours = model.coefficients();
            assertEquals(coef.length, ours.length, name);
            for (int k = 0; k < coef.length; k++) {
                assertArrayEquals(coef[k], ours[k], 1e-12, name + " weights of class " + k);
            }
            assertArrayEquals(vector(c.get("intercept")), model.intercepts(), 1e-12, name + " intercepts");
            assertEquals(c.get("n_iter").asInt(), IntStream.of(model.epochs()).max().orElseThrow(), name + " epochs");
            assertArrayEquals(ints(c.get("predicted")), model.predict(matrix(c.get("x_test"))), name + " test predictions");
        }
    }
}
