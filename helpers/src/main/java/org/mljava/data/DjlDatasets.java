package org.mljava.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;

/**
 * The data sets of {@link Datasets} as DJL {@code Dataset}s, for {@code EasyTrain.fit} and
 * {@code trainer.iterateDataset}. Needs {@code ai.djl:api} and an engine on the class path.
 *
 * <pre>{@code
 * try (NDManager manager = NDManager.newBaseManager()) {
 *     ArrayDataset train = DjlDatasets.toDataset(Datasets.mnistForMode(Split.TRAIN), manager, 64, true);
 *     ...
 * }
 * }</pre>
 * The arrays live in {@code manager}: close it (or the trainer's manager) when done.
 */
public final class DjlDatasets {

    private DjlDatasets() {
    }

    /**
     * Images as a DJL dataset: data of shape (N, channels, height, width), float32 in [0, 1]; labels
     * of shape (N), float32 class indices (what {@code Loss.softmaxCrossEntropyLoss()} expects).
     */
    public static ArrayDataset toDataset(ImageDataset images, NDManager manager, int batchSize, boolean shuffle) {
        NDArray data = images(images, manager);
        NDArray labels = labels(images.labels(), manager);
        return new ArrayDataset.Builder().setData(data).optLabels(labels).setSampling(batchSize, shuffle).build();
    }

    /** The images as one NDArray of shape (N, channels, height, width), float32 in [0, 1]. */
    public static NDArray images(ImageDataset images, NDManager manager) {
        int n = images.size();
        int h = images.height();
        int w = images.width();
        int c = images.channels();
        float[] flat = images.flatPixels(); // N, H, W, C
        if (c > 1) { // to N, C, H, W
            float[] chw = new float[flat.length];
            int per = h * w * c;
            for (int i = 0; i < n; i++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        for (int k = 0; k < c; k++) {
                            chw[i * per + k * h * w + y * w + x] = flat[i * per + (y * w + x) * c + k];
                        }
                    }
                }
            }
            flat = chw;
        }
        return manager.create(flat, new Shape(n, c, h, w));
    }

    /**
     * A table as a DJL dataset: features (N, d) float32; labels (N) float32 class indices for
     * classification, or (N, 1) float32 targets for regression.
     */
    public static ArrayDataset toDataset(TabularDataset table, NDManager manager, int batchSize, boolean shuffle) {
        int n = table.rows();
        int d = table.columns();
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) table.x()[i][j];
            }
        }
        NDArray data = manager.create(x, new Shape(n, d));
        NDArray labels;
        if (table.y() != null) {
            labels = labels(table.y(), manager);
        } else {
            float[] t = new float[n];
            for (int i = 0; i < n; i++) {
                t[i] = (float) table.target()[i];
            }
            labels = manager.create(t, new Shape(n, 1));
        }
        return new ArrayDataset.Builder().setData(data).optLabels(labels).setSampling(batchSize, shuffle).build();
    }

    private static NDArray labels(int[] labels, NDManager manager) {
        float[] f = new float[labels.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = labels[i];
        }
        return manager.create(f, new Shape(labels.length));
    }
}
