package org.mljava.data.formats;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.mljava.data.DataException;
import org.mljava.data.ImageDataset;
import org.mljava.data.Split;

/** Parsers for image archives in other formats than IDX. */
public final class ImageParsers {

    private ImageParsers() {
    }

    /**
     * CIFAR-10's binary version: a tar.gz with data_batch_1..5.bin (training) and test_batch.bin,
     * each record one label byte and 3072 pixel bytes (the red plane, then green, then blue, each
     * 32x32 row by row), turned into this library's channels-last layout.
     */
    public static ImageDataset cifar10(Path tarGz, Split split, String[] classes) throws IOException {
        byte[][] batches = new byte[6][];
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(tarGz), 1 << 16))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = e.getName().substring(e.getName().lastIndexOf('/') + 1);
                if (split == Split.TRAIN && name.matches("data_batch_[1-5]\\.bin")) {
                    batches[name.charAt(11) - '1'] = tar.readAllBytes();
                } else if (split == Split.TEST && name.equals("test_batch.bin")) {
                    batches[5] = tar.readAllBytes();
                }
            }
        }
        int hw = 32 * 32;
        int record = 1 + 3 * hw;
        int n = 0;
        for (byte[] batch : batches) {
            if (batch != null) {
                if (batch.length % record != 0) {
                    throw new DataException(tarGz + ": a CIFAR-10 batch of " + batch.length + " bytes is not whole records");
                }
                n += batch.length / record;
            }
        }
        if (n == 0) {
            throw new DataException(tarGz + " holds no CIFAR-10 " + split.name().toLowerCase(Locale.ROOT) + " batches");
        }
        byte[] px = new byte[n * 3 * hw];
        int[] y = new int[n];
        int i = 0;
        for (byte[] batch : batches) {
            if (batch == null) {
                continue;
            }
            for (int off = 0; off < batch.length; off += record, i++) {
                y[i] = batch[off] & 0xff;
                int base = i * 3 * hw;
                for (int p = 0; p < hw; p++) { // planes (R, G, B) -> channels last
                    px[base + p * 3] = batch[off + 1 + p];
                    px[base + p * 3 + 1] = batch[off + 1 + hw + p];
                    px[base + p * 3 + 2] = batch[off + 1 + 2 * hw + p];
                }
            }
        }
        return new ImageDataset("cifar-10", split, 32, 32, 3, px, y, classes);
    }
}
