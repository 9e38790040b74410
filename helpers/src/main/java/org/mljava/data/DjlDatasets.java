package org.mljava.data;

import ai.djl.basicdataset.cv.classification.FashionMnist;
import ai.djl.basicdataset.cv.classification.Mnist;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.Repository;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Dataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mljava.helpers.Mode;
import org.mljava.data.cache.CacheFiles;
import org.mljava.data.cache.DataStore;
import org.mljava.data.cache.Digests;
import org.mljava.data.cache.Stamps;

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
 *
 * <p>DJL's own {@code Mnist} and {@code FashionMnist} classes download from DJL's repository;
 * {@link #mnist(Split, int, boolean)} and {@link #fashionMnist(Split, int, boolean)} build them on a
 * local DJL repository ({@link #localRepository()}) that points at this project's verified cache,
 * so they work offline too (needs {@code ai.djl:basicdataset}).
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

    // ---- DJL's own MNIST classes on a local repository ------------------------------------------------

    private static final String[][] IDX_ITEMS = {
            {"train_data", "train-images-idx3-ubyte"}, {"train_labels", "train-labels-idx1-ubyte"},
            {"test_data", "t10k-images-idx3-ubyte"}, {"test_labels", "t10k-labels-idx1-ubyte"}};

    /**
     * A DJL local repository ({@code $MLJAVA_CACHE/djl-repository}) whose metadata points at the
     * verified MNIST and Fashion-MNIST files in this project's cache (absolute file URIs, SHA-1 as
     * DJL checks it). Pass it to {@code Mnist.builder().optRepository(...)}. DJL copies the files
     * into its own cache ({@code DJL_CACHE_DIR}) on {@code prepare()}.
     */
    public static Repository localRepository() {
        return localRepository(true, true);
    }

    /** The repository with the metadata of the data sets asked for (a missing one is an error only if asked for alone). */
    static Repository localRepository(boolean withMnist, boolean withFashion) {
        DataStore store = DataStore.defaultStore();
        Path root = store.root().resolve("djl-repository");
        try {
            if (withMnist) {
                try {
                    writeMetadata(store, root, "mnist", "mnist", "MNIST");
                } catch (DataUnavailableException e) {
                    if (!withFashion) {
                        throw e;
                    }
                    System.out.println("DjlDatasets: MNIST is not in the cache; the repository has Fashion-MNIST only");
                }
            }
            if (withFashion) {
                try {
                    writeMetadata(store, root, "fashion-mnist", "fashmnist", "Fashion-MNIST");
                } catch (DataUnavailableException e) {
                    if (!withMnist) {
                        throw e;
                    }
                    System.out.println("DjlDatasets: Fashion-MNIST is not in the cache; the repository has MNIST only");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the DJL repository metadata in " + root + ": " + e.getMessage(), e);
        }
        return Repository.newInstance("mljava", root);
    }

    /** A JSON string literal (Jackson's escaping). */
    private static String quote(String s) {
        return "\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    private static void writeMetadata(DataStore store, Path root, String id, String artifactId, String title) throws IOException {
        Path metadata = root.resolve("dataset/cv/ai/djl/basicdataset").resolve(artifactId).resolve("metadata.json");
        StringBuilder files = new StringBuilder();
        for (String[] item : IDX_ITEMS) {
            Path file = store.file(id, item[1]); // verified (fetched if needed and allowed)
            files.append(files.isEmpty() ? "" : ",\n")
                    .append("        ").append(quote(item[0])).append(": {\"uri\": ").append(quote(file.toUri().toString()))
                    .append(", \"name\": ").append(quote(item[1]))
                    .append(", \"sha1Hash\": ").append(quote(sha1(file)))
                    .append(", \"size\": ").append(Files.size(file)).append("}");
        }
        String json = "{\n  \"metadataVersion\": \"0.2\",\n  \"resourceType\": \"dataset\",\n  \"application\": \"cv\",\n"
                + "  \"groupId\": \"ai.djl.basicdataset\",\n  \"artifactId\": " + quote(artifactId) + ",\n"
                + "  \"name\": " + quote(artifactId) + ",\n  \"description\": " + quote(title + " from the mljava cache") + ",\n"
                + "  \"artifacts\": [{\"version\": \"1.0\", \"snapshot\": false, \"name\": " + quote(artifactId)
                + ", \"files\": {\n" + files + "\n  }}]\n}\n";
        if (Files.isRegularFile(metadata) && Files.readString(metadata).equals(json)) {
            return;
        }
        Path temp = CacheFiles.tempNextTo(metadata);
        Files.writeString(temp, json);
        CacheFiles.moveIntoPlace(temp, metadata);
    }

    /** SHA-1 of a cached file, remembered in a {@link Stamps stamp} (DJL checks SHA-1; this project pins SHA-256). */
    private static String sha1(Path file) throws IOException {
        String sha1 = Stamps.trusted(file, "SHA-1");
        if (sha1 == null) {
            sha1 = Digests.hex("SHA-1", file);
            Stamps.write(file, "SHA-1", sha1);
        }
        return sha1;
    }

    private static Dataset.Usage usage(Split split) {
        return split == Split.TRAIN ? Dataset.Usage.TRAIN : Dataset.Usage.TEST;
    }

    /** DJL's {@code Mnist} on the local repository (call {@code prepare()} before use). */
    public static Mnist mnist(Split split, int batchSize, boolean shuffle) {
        return Mnist.builder().optRepository(localRepository(true, false)).optUsage(usage(split)).setSampling(batchSize, shuffle).build();
    }

    /** DJL's {@code Mnist} limited to the quick-mode size in quick mode ({@link Datasets#QUICK_TRAIN_IMAGES} / {@link Datasets#QUICK_TEST_IMAGES}). */
    public static Mnist mnistForMode(Split split, int batchSize, boolean shuffle) {
        // Long.MAX_VALUE is the builder's own default: no limit
        long limit = Mode.choose(split == Split.TRAIN ? Datasets.QUICK_TRAIN_IMAGES : Datasets.QUICK_TEST_IMAGES, Long.MAX_VALUE);
        return Mnist.builder().optRepository(localRepository(true, false)).optUsage(usage(split)).setSampling(batchSize, shuffle)
                .optLimit(limit).build();
    }

    /** DJL's {@code FashionMnist} on the local repository (call {@code prepare()} before use). */
    public static FashionMnist fashionMnist(Split split, int batchSize, boolean shuffle) {
        return FashionMnist.builder().optRepository(localRepository(false, true)).optUsage(usage(split)).setSampling(batchSize, shuffle).build();
    }

    private static NDArray labels(int[] labels, NDManager manager) {
        float[] f = new float[labels.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = labels[i];
        }
        return manager.create(f, new Shape(labels.length));
    }
}
