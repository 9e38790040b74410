package org.mljava.helpers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import smile.classification.DecisionTree;
import smile.data.DataFrame;

class SmileFramesTest {

    private final double[][] x = {{0, 5}, {1, 5}, {2, 5}, {10, 5}, {11, 5}, {12, 5}};
    private final int[] y = {0, 0, 0, 1, 1, 1};

    @Test
    void classificationFrameHasFeatureColumnsThenTheLabel() {
        DataFrame frame = SmileFrames.classification(x, y);
        assertEquals(6, frame.nrow());
        assertEquals(3, frame.ncol());
        assertEquals("f0", frame.column(0).name());
        assertEquals(SmileFrames.LABEL, frame.column(2).name());
        assertEquals(10.0, frame.getDouble(3, 0), 0.0);
        assertEquals(1, frame.getInt(3, 2));
    }

    @Test
    void aTreeTrainedOnTheFramePredictsPlainRows() {
        DecisionTree tree = DecisionTree.fit(SmileFrames.formula(), SmileFrames.classification(x, new String[] {"size", "constant"}, y),
                new DecisionTree.Options(smile.model.cart.SplitRule.GINI, 5, 10, 1));
        assertArrayEquals(new int[] {0, 1}, SmileFrames.predict(tree, new double[][] {{0.5, 5}, {11.5, 5}}));
    }

    @Test
    void regressionFrameAndBadShapes() {
        DataFrame frame = SmileFrames.regression(x, new String[] {"a", "b"}, new double[] {1, 2, 3, 4, 5, 6});
        assertEquals(6.0, frame.getDouble(5, 2), 0.0);
        assertThrows(IllegalArgumentException.class, () -> SmileFrames.classification(x, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> SmileFrames.classification(x, new String[] {"only one"}, y));
    }
}
