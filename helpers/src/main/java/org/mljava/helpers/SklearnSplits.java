package org.mljava.helpers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The book's train/test splits and folds, index for index: scikit-learn's {@code train_test_split} (plain and
 * {@code stratify=y}) and {@code StratifiedKFold}, with NumPy's legacy generator ({@link NumpyRandomState}).
 * The book writes {@code train_test_split(X, y, test_size=0.3, random_state=1, stratify=y)}; here that is
 * {@code SklearnSplits.trainTestSplit(y, 0.3, 1)}, and the rows it returns are the rows the book trained on,
 * in the same order, so a deterministic model prints the book's numbers.
 *
 * <p>Checked in {@code SklearnSplitsTest} against the indices scikit-learn 1.2 returned for Iris, Wine and
 * WDBC ({@code tests/sklearn/make_split_fixtures.py} writes them). The algorithm, for the stratified case:
 * the number of training rows per class is the "approximate mode" of a multivariate hypergeometric draw
 * (proportional shares, rounded down, the leftover rows given to the classes with the largest remainders,
 * ties broken at random), then every class's rows are permuted and cut, then both parts are permuted.
 */
public final class SklearnSplits {

    /** Row positions of the training and the test part, in scikit-learn's order. */
    public record Split(int[] train, int[] test) {
    }

    private SklearnSplits() {
    }

    /** {@code train_test_split(range(n), test_size=testSize, random_state=seed)}: no stratification. */
    public static Split trainTestSplit(int n, double testSize, long seed) {
        int nTest = testCount(n, testSize);
        int nTrain = n - nTest;
        int[] permutation = new NumpyRandomState(seed).permutation(n);
        return new Split(Arrays.copyOfRange(permutation, nTest, nTest + nTrain), Arrays.copyOfRange(permutation, 0, nTest));
    }

    /** {@code train_test_split(X, y, test_size=testSize, random_state=seed, stratify=y)}. */
    public static Split trainTestSplit(int[] y, double testSize, long seed) {
        int n = y.length;
        int nTest = testCount(n, testSize);
        int nTrain = n - nTest;
        int[] classes = new TreeSet<>(Arrays.stream(y).boxed().toList()).stream().mapToInt(Integer::intValue).toArray();
        if (classes.length < 2) {
            throw new IllegalArgumentException("stratifying needs at least two classes");
        }
        if (nTrain < classes.length || nTest < classes.length) {
            throw new IllegalArgumentException("train (" + nTrain + ") and test (" + nTest + ") must each hold at least one row per class ("
                    + classes.length + " classes)");
        }
        // rows of each class in ascending order (scikit-learn: a stable argsort of the class codes)
        TreeMap<Integer, List<Integer>> rowsOf = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            rowsOf.computeIfAbsent(y[i], k -> new ArrayList<>()).add(i);
        }
        int[] counts = rowsOf.values().stream().mapToInt(List::size).toArray();
        NumpyRandomState random = new NumpyRandomState(seed);
        int[] trainPerClass = approximateMode(counts, nTrain, random);
        int[] remaining = new int[counts.length];
        for (int c = 0; c < counts.length; c++) {
            remaining[c] = counts[c] - trainPerClass[c];
        }
        int[] testPerClass = approximateMode(remaining, nTest, random);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        int c = 0;
        for (List<Integer> rows : rowsOf.values()) {
            int[] permutation = random.permutation(rows.size());
            for (int r = 0; r < trainPerClass[c] + testPerClass[c]; r++) {
                (r < trainPerClass[c] ? train : test).add(rows.get(permutation[r]));
            }
            c++;
        }
        return new Split(random.permutation(toArray(train)), random.permutation(toArray(test)));
    }

    /**
     * {@code StratifiedKFold(n_splits=k)} without shuffling: the test fold of each row. Rows are dealt to folds
     * class by class (classes in order of first appearance), so every fold gets about the same share of each class
     * and the rows of a class keep their order. Use {@link #foldSplit} for the train and test rows of one fold.
     */
    public static int[] stratifiedKFold(int[] y, int k) {
        int n = y.length;
        // classes numbered in order of first appearance, as scikit-learn encodes them
        TreeMap<Integer, Integer> firstSeen = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            firstSeen.putIfAbsent(y[i], i);
        }
        List<Integer> byAppearance = new ArrayList<>(firstSeen.keySet());
        byAppearance.sort((a, b) -> Integer.compare(firstSeen.get(a), firstSeen.get(b)));
        int classes = byAppearance.size();
        int[] encoded = new int[n];
        for (int i = 0; i < n; i++) {
            encoded[i] = byAppearance.indexOf(y[i]);
        }
        int[] counts = new int[classes];
        for (int e : encoded) {
            counts[e]++;
        }
        if (Arrays.stream(counts).max().orElse(0) < k) {
            throw new IllegalArgumentException("no class has at least " + k + " rows");
        }
        int[] sorted = encoded.clone();
        Arrays.sort(sorted);
        // allocation[f][c]: how many rows of class c go to fold f (every k-th row of the sorted labels)
        int[][] allocation = new int[k][classes];
        for (int i = 0; i < n; i++) {
            allocation[i % k][sorted[i]]++;
        }
        int[] fold = new int[n];
        for (int c = 0; c < classes; c++) {
            int f = 0;
            int used = 0;
            for (int i = 0; i < n; i++) {
                if (encoded[i] != c) {
                    continue;
                }
                while (used == allocation[f][c]) {
                    f++;
                    used = 0;
                }
                fold[i] = f;
                used++;
            }
        }
        return fold;
    }

    /** Scores one fold: fit on {@code fold.train()}, score on {@code fold.test()}. */
    @FunctionalInterface
    public interface FoldScore {
        double score(Split fold) throws Exception;
    }

    /**
     * scikit-learn's {@code cross_val_score(model, X, y, cv=k)} for a classifier: the score of each of the k
     * {@link #stratifiedKFold} folds, in fold order. What "fit" and "score" mean is the caller's: e.g.
     * {@code crossValScores(y, 10, f -> Metrics.accuracy(pick(y, f.test()), fit(f.train()).predict(...)))}.
     */
    public static double[] crossValScores(int[] y, int k, FoldScore score) {
        int[] folds = stratifiedKFold(y, k);
        double[] scores = new double[k];
        for (int f = 0; f < k; f++) {
            try {
                scores[f] = score.score(foldSplit(folds, f));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("fold " + f + " failed: " + e.getMessage(), e);
            }
        }
        return scores;
    }

    /** The rows of fold {@code f} (test) and of all other folds (train), in ascending order. */
    public static Split foldSplit(int[] folds, int f) {
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int i = 0; i < folds.length; i++) {
            (folds[i] == f ? test : train).add(i);
        }
        return new Split(toArray(train), toArray(test));
    }

    /** scikit-learn's test-set size for a fraction: {@code ceil(testSize * n)}. */
    static int testCount(int n, double testSize) {
        if (!(testSize > 0 && testSize < 1)) {
            throw new IllegalArgumentException("test size must be a fraction in (0, 1), got " + testSize);
        }
        int nTest = (int) Math.ceil(testSize * n);
        if (nTest == 0 || nTest == n) {
            throw new IllegalArgumentException("a test share of " + testSize + " of " + n + " rows leaves one part empty");
        }
        return nTest;
    }

    /**
     * How many of {@code draws} rows each class gets: the proportional share rounded down, then one more for the
     * classes with the largest remainders (ties among equal remainders drawn at random), as scikit-learn's
     * {@code _approximate_mode}.
     */
    static int[] approximateMode(int[] counts, int draws, NumpyRandomState random) {
        long total = Arrays.stream(counts).asLongStream().sum();
        double[] continuous = new double[counts.length];
        int[] floored = new int[counts.length];
        double[] remainder = new double[counts.length];
        long flooredSum = 0;
        for (int c = 0; c < counts.length; c++) {
            continuous[c] = (double) counts[c] / total * draws;
            floored[c] = (int) Math.floor(continuous[c]);
            remainder[c] = continuous[c] - floored[c];
            flooredSum += floored[c];
        }
        int needToAdd = (int) (draws - flooredSum);
        if (needToAdd > 0) {
            double[] values = Arrays.stream(remainder).distinct().sorted().toArray();
            for (int v = values.length - 1; v >= 0 && needToAdd > 0; v--) {
                double value = values[v];
                int[] tied = java.util.stream.IntStream.range(0, counts.length).filter(c -> remainder[c] == value).toArray();
                int addNow = Math.min(tied.length, needToAdd);
                for (int c : random.choiceWithoutReplacement(tied, addNow)) {
                    floored[c]++;
                }
                needToAdd -= addNow;
            }
        }
        return floored;
    }

    private static int[] toArray(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }
}
