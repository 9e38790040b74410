package org.mljava.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mljava.helpers.SklearnSplits;
import org.mljava.data.Datasets;
import org.mljava.data.ImageDataset;
import org.mljava.data.Split;
import org.mljava.data.TabularDataset;
import org.mljava.data.TextDataset;

/**
 * The benchmark's data, loaded once with the notebooks' own loaders ({@link Datasets}) and written to a
 * folder as .npy / .json files for the Python side, so that both sides fit the very same numbers.
 *
 * <p>Splits: WDBC 80/20 and digits 70/30, stratified, {@code random_state=1}, drawn by {@link SklearnSplits}
 * exactly as scikit-learn's {@code train_test_split} draws them; WDBC standardized with the training part's
 * mean and (population) standard deviation, as {@code StandardScaler} does.
 */
final class Data {
    final double[][] wdbcTrain, wdbcTest;
    final int[] wdbcYTrain, wdbcYTest;
    final double[][] digitsX, digitsTrain, digitsTest;
    final int[] digitsY, digitsYTrain, digitsYTest;
    final ImageDataset mnistTrain, mnistTest;
    final TextDataset imdbTrain, imdbTest;

    Data(int imdbTrainSize, int imdbTestSize) {
        TabularDataset wdbc = Datasets.breastCancer();
        var ws = SklearnSplits.trainTestSplit(wdbc.y(), 0.2, 1);
        double[][] wTrain = rows(wdbc.x(), ws.train()), wTest = rows(wdbc.x(), ws.test());
        standardize(wTrain, wTest);
        wdbcTrain = wTrain;
        wdbcTest = wTest;
        wdbcYTrain = pick(wdbc.y(), ws.train());
        wdbcYTest = pick(wdbc.y(), ws.test());

        TabularDataset digits = Datasets.digits();
        digitsX = digits.x();
        digitsY = digits.y();
        var ds = SklearnSplits.trainTestSplit(digits.y(), 0.3, 1);
        digitsTrain = rows(digitsX, ds.train());
        digitsTest = rows(digitsX, ds.test());
        digitsYTrain = pick(digitsY, ds.train());
        digitsYTest = pick(digitsY, ds.test());

        mnistTrain = Datasets.mnist(Split.TRAIN);
        mnistTest = Datasets.mnist(Split.TEST);
        imdbTrain = Datasets.imdb(Split.TRAIN).limit(imdbTrainSize);
        imdbTest = Datasets.imdb(Split.TEST).limit(imdbTestSize);
    }

    /** The first 64 MNIST training images (uint8) and their labels: the batch of the training-step benchmarks. */
    byte[] batch64() {
        return Arrays.copyOf(mnistTrain.rawPixels(), 64 * 784);
    }

    int[] batch64Labels() {
        return Arrays.copyOf(mnistTrain.labels(), 64);
    }

    void export(Path dir) throws IOException {
        Files.createDirectories(dir);
        Npy.write(dir.resolve("wdbc_xtrain_std.npy"), wdbcTrain);
        Npy.write(dir.resolve("wdbc_xtest_std.npy"), wdbcTest);
        Npy.write(dir.resolve("wdbc_ytrain.npy"), wdbcYTrain);
        Npy.write(dir.resolve("wdbc_ytest.npy"), wdbcYTest);
        Npy.write(dir.resolve("digits_x.npy"), digitsX);
        Npy.write(dir.resolve("digits_y.npy"), digitsY);
        Npy.write(dir.resolve("digits_xtrain.npy"), digitsTrain);
        Npy.write(dir.resolve("digits_ytrain.npy"), digitsYTrain);
        Npy.write(dir.resolve("digits_xtest.npy"), digitsTest);
        Npy.write(dir.resolve("digits_ytest.npy"), digitsYTest);
        Npy.write(dir.resolve("mnist_train_pixels.npy"), mnistTrain.rawPixels(), mnistTrain.size(), 784);
        Npy.write(dir.resolve("mnist_train_labels.npy"), mnistTrain.labels());
        Npy.write(dir.resolve("mnist_test_pixels.npy"), mnistTest.rawPixels(), mnistTest.size(), 784);
        Npy.write(dir.resolve("mnist_test_labels.npy"), mnistTest.labels());
        Npy.write(dir.resolve("mnist_batch64.npy"), batch64(), 64, 784);
        Npy.write(dir.resolve("mnist_batch64_labels.npy"), batch64Labels());
        writeTexts(dir.resolve("imdb_train.json"), imdbTrain);
        writeTexts(dir.resolve("imdb_test.json"), imdbTest);
    }

    private static void writeTexts(Path file, TextDataset texts) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("texts", texts.texts());
        json.put("labels", texts.labels());
        new ObjectMapper().writeValue(file.toFile(), json);
    }

    static double[][] rows(double[][] x, int[] idx) {
        return Arrays.stream(idx).mapToObj(i -> x[i].clone()).toArray(double[][]::new);
    }

    static int[] pick(int[] y, int[] idx) {
        return Arrays.stream(idx).map(i -> y[i]).toArray();
    }

    private static void standardize(double[][] train, double[][] test) {
        int p = train[0].length;
        for (int j = 0; j < p; j++) {
            double mean = 0;
            for (double[] r : train) {
                mean += r[j];
            }
            mean /= train.length;
            double var = 0;
            for (double[] r : train) {
                var += (r[j] - mean) * (r[j] - mean);
            }
            double sd = Math.sqrt(var / train.length);
            for (double[] r : train) {
                r[j] = (r[j] - mean) / sd;
            }
            for (double[] r : test) {
                r[j] = (r[j] - mean) / sd;
            }
        }
    }

}
