package org.mljava.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** MNIST and Fashion-MNIST from the offline copies: counts as in the originals, arrays, DJL datasets, and the load time. */
@NeedsDataCache
class ImageDatasetsTest {

    @Test
    void mnistCountsMatchTheOriginalSplit() {
        ImageDataset train = Datasets.mnist(Split.TRAIN);
        ImageDataset test = Datasets.mnist(Split.TEST);
        assertEquals(60000, train.size());
        assertEquals(10000, test.size());
        assertEquals(28, train.height());
        assertEquals(28, train.width());
        assertEquals(5, train.label(0)); // the famous first training digit
        assertEquals(7, test.label(0));
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, train.classCounts());
        float[] img = train.image(0);
        assertEquals(784, img.length);
        float max = 0;
        for (float v : img) {
            assertTrue(v >= 0 && v <= 1);
            max = Math.max(max, v);
        }
        assertEquals(1.0f, max);
    }

    @Test
    void fashionMnistCounts() {
        ImageDataset train = Datasets.fashionMnist(Split.TRAIN);
        ImageDataset test = Datasets.fashionMnist(Split.TEST);
        assertEquals(60000, train.size());
        assertEquals(10000, test.size());
        for (int c : train.classCounts()) {
            assertEquals(6000, c);
        }
        for (int c : test.classCounts()) {
            assertEquals(1000, c);
        }
        assertEquals("Ankle boot", train.className(0));
    }

    @Test
    void mnistFullLoadToArraysIsFastWhenWarm() {
        Datasets.mnist(Split.TRAIN).images(); // warm: page cache, JIT
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 2; run++) {
            long t0 = System.nanoTime();
            ImageDataset train = Datasets.mnist(Split.TRAIN);
            ImageDataset test = Datasets.mnist(Split.TEST);
            float[][] x = train.images();
            float[][] xt = test.images();
            assertEquals(60000, x.length);
            assertEquals(10000, xt.length);
            best = Math.min(best, System.nanoTime() - t0);
        }
        TimeBudget.assertWithin("MNIST full load (60,000 + 10,000 images to float arrays), warm", best, 2_000_000_000L);
    }

    @Test
    void quickSizesComeFromTheMode() throws Exception {
        InMode.run("quick", () -> {
            assertEquals(Datasets.QUICK_TRAIN_IMAGES, Datasets.mnistForMode(Split.TRAIN).size());
            assertEquals(Datasets.QUICK_TEST_IMAGES, Datasets.fashionMnistForMode(Split.TEST).size());
        });
        InMode.run("full", () -> assertEquals(10000, Datasets.mnistForMode(Split.TEST).size()));
    }

    @Test
    void picturesAndSlices() {
        ImageDataset test = Datasets.mnist(Split.TEST).limit(32);
        assertEquals(32, test.size());
        BufferedImage grid = test.grid(4, 8, 2);
        assertEquals(8 * (28 * 2 + 1), grid.getWidth());
        assertEquals(56, test.toImage(0, 2).getHeight());
        ImageDataset two = test.select(new int[] {3, 1});
        assertEquals(test.label(3), two.label(0));
        assertEquals(784, test.toDoubleArrays()[0].length);
    }

    @Test
    void djlDataset() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            ArrayDataset ds = DjlDatasets.toDataset(Datasets.mnist(Split.TEST).limit(100), manager, 32, false);
            assertEquals(100, ds.size());
            Batch batch = ds.getData(manager).iterator().next();
            assertEquals(new ai.djl.ndarray.types.Shape(32, 1, 28, 28), batch.getData().head().getShape());
            assertEquals(new ai.djl.ndarray.types.Shape(32), batch.getLabels().head().getShape());
            assertEquals(7f, batch.getLabels().head().getFloat(0));
            batch.close();
            ArrayDataset iris = DjlDatasets.toDataset(Datasets.iris(), manager, 16, true);
            assertEquals(150, iris.size());
        }
    }

    @Test
    void djlsOwnMnistAndFashionMnistClassesWorkOfflineOnTheLocalRepository() throws Exception {
        ai.djl.basicdataset.cv.classification.Mnist mnist = DjlDatasets.mnist(Split.TEST, 64, false);
        mnist.prepare();
        assertEquals(10000, mnist.size());
        ai.djl.basicdataset.cv.classification.FashionMnist fashion = DjlDatasets.fashionMnist(Split.TEST, 64, false);
        fashion.prepare();
        assertEquals(10000, fashion.size());
        InMode.run("quick", () -> {
            ai.djl.basicdataset.cv.classification.Mnist quick = DjlDatasets.mnistForMode(Split.TEST, 64, false);
            quick.prepare();
            assertEquals(Datasets.QUICK_TEST_IMAGES, quick.size());
        });
    }
}
