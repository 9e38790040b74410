package org.mljava.helpers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * A seeded train/test split that keeps each class's share the same in both parts (scikit-learn's
 * {@code train_test_split(..., stratify=y)}). Holds row indexes; {@link #rows} picks them out.
 * The rows differ from scikit-learn's for the same seed: where a notebook should see the book's own split,
 * use {@link SklearnSplits#trainTestSplit(int[], double, long)}, which reproduces it index for index.
 */
public record StratifiedSplit(int[] train, int[] test) {

    /** Splits the rows of labels {@code y}: about {@code testShare} of each class goes to the test part. */
    public static StratifiedSplit of(int[] y, double testShare, long seed) {
        if (testShare <= 0 || testShare >= 1) {
            throw new IllegalArgumentException("testShare must be between 0 and 1, was " + testShare);
        }
        TreeMap<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < y.length; i++) {
            byClass.computeIfAbsent(y[i], k -> new ArrayList<>()).add(i);
        }
        Random random = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (List<Integer> rows : byClass.values()) {
            Collections.shuffle(rows, random);
            int testCount = (int) Math.round(rows.size() * testShare);
            test.addAll(rows.subList(0, testCount));
            train.addAll(rows.subList(testCount, rows.size()));
        }
        Collections.sort(train);
        Collections.sort(test);
        return new StratifiedSplit(train.stream().mapToInt(Integer::intValue).toArray(), test.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The chosen rows of a matrix. */
    public static double[][] rows(double[][] x, int[] indexes) {
        double[][] out = new double[indexes.length][];
        for (int i = 0; i < indexes.length; i++) {
            out[i] = x[indexes[i]];
        }
        return out;
    }

    /** The chosen entries of a label array. */
    public static int[] rows(int[] y, int[] indexes) {
        int[] out = new int[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            out[i] = y[indexes[i]];
        }
        return out;
    }
}
