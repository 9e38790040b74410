package org.mljava.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mljava.data.cache.DataStore;
import org.mljava.data.cache.Digests;
import org.mljava.data.cache.Manifest;
import org.mljava.data.formats.TabularParsers;
import org.mljava.data.formats.TextLoaders;

/**
 * The converters from the canonical online formats into the primary ones, on the hand-written
 * files of {@link CanonicalFiles}: what each writes is pinned here, then read back with the
 * loader's reader. And the rules around them: converted once, again when an input or a converted
 * file changes, never half-written, one converter for every data set that needs one.
 */
class ConversionsTest {

    @TempDir
    Path dir;

    /** Runs the registered converter of {@code id} on these online files, into a fresh folder. */
    private Path convert(String id, Map<String, Path> online) throws IOException {
        Path out = Files.createDirectories(dir.resolve("out-" + id));
        Conversions.CONVERTERS.get(id).convert(new DataStore.Resolved(Manifest.bundled().entry(id), true, online), out);
        return out;
    }

    private Path online(String name, String text) throws IOException {
        return CanonicalFiles.write(Files.createDirectories(dir.resolve("online")), name, text);
    }

    private Path online(String name, byte[] bytes) throws IOException {
        return CanonicalFiles.write(Files.createDirectories(dir.resolve("online")), name, bytes);
    }

    // ---- the converters ---------------------------------------------------------------------------

    @Test
    void uciIrisBecomesScikitLearnsCsv() throws IOException {
        Path out = convert("iris", Map.of("iris.data", online("iris.data", CanonicalFiles.IRIS_DATA)));
        assertEquals("3,4,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,0\n7,3.2,4.7,1.4,1\n6.3,3.3,6,2.5,2\n",
                Files.readString(out.resolve("iris.csv")));
        TabularDataset iris = TabularParsers.sklearnCsv(out.resolve("iris.csv"), "iris", Datasets.IRIS_FEATURES, Datasets.IRIS_CLASSES);
        assertArrayEquals(new int[] {0, 1, 2}, iris.y());
        assertArrayEquals(new double[] {7.0, 3.2, 4.7, 1.4}, iris.x()[1]);
    }

    @Test
    void uciWineBecomesScikitLearnsCsvWithClassesFromZero() throws IOException {
        Path out = convert("wine", Map.of("wine.data", online("wine.data", CanonicalFiles.WINE_DATA)));
        List<String> lines = Files.readAllLines(out.resolve("wine_data.csv"));
        assertEquals(List.of("2,13,class_0,class_1,class_2",
                "14.23,1.71,2.43,15.6,127,2.8,3.06,0.28,2.29,5.64,1.04,3.92,1065,0",
                "13.71,5.65,2.45,20.5,95,1.68,0.61,0.52,1.06,7.7,0.64,1.74,740,2"), lines);
    }

    @Test
    void uciWdbcBecomesScikitLearnsCsvWithMalignantZero() throws IOException {
        Path out = convert("breast-cancer", Map.of("wdbc.data", online("wdbc.data", CanonicalFiles.WDBC_DATA)));
        TabularDataset bc = TabularParsers.sklearnCsv(out.resolve("breast_cancer.csv"), "breast-cancer", Datasets.WDBC_FEATURES,
                Datasets.WDBC_CLASSES);
        assertEquals("2,30,malignant,benign", Files.readAllLines(out.resolve("breast_cancer.csv")).getFirst());
        assertArrayEquals(new int[] {0, 1}, bc.y());
        assertEquals(17.99, bc.x()[0][0]);
        assertEquals(2019, bc.x()[0][23]);
        assertEquals(0.07259, bc.x()[1][29]);
    }

    @Test
    void optdigitsBecomesTheGzippedCsv() throws IOException {
        Path out = convert("digits", Map.of("optdigits.tes", online("optdigits.tes", CanonicalFiles.OPTDIGITS_TES)));
        String text;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(out.resolve("digits.csv.gz")))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(CanonicalFiles.OPTDIGITS_TES, text, "the same rows, no header");
        TabularDataset digits = TabularParsers.numbersThenLabel(out.resolve("digits.csv.gz"), "digits", Datasets.DIGITS_FEATURES,
                Datasets.DIGITS_CLASSES);
        assertArrayEquals(new int[] {0, 7}, digits.y());
        assertEquals(6, digits.x()[0][2]);
        assertEquals(10, digits.x()[1][2]);
    }

    @Test
    void cmuBostonBecomesACsvWithTheTargetLast() throws IOException {
        Path out = convert("boston-housing", Map.of("boston", online("boston", CanonicalFiles.CMU_BOSTON)));
        assertEquals(List.of("CRIM,ZN,INDUS,CHAS,NOX,RM,AGE,DIS,RAD,TAX,PTRATIO,B,LSTAT,MEDV",
                "0.00632,18,2.31,0,0.538,6.575,65.2,4.09,1,296,15.3,396.9,4.98,24",
                "0.02731,0,7.07,0,0.469,6.421,78.9,4.9671,2,242,17.8,396.9,9.14,21.6"), Files.readAllLines(out.resolve("data.csv")));
        TabularDataset boston = TabularParsers.csvRegression(out.resolve("data.csv"), "boston-housing", Datasets.BOSTON_FEATURES, 13);
        assertArrayEquals(new double[] {24.0, 21.6}, boston.target());
        assertEquals(9.14, boston.x()[1][12]);
    }

    @Test
    void stanfordsTarballBecomesReviewsJsonWithItsSplit() throws IOException {
        Path out = convert("imdb", Map.of("aclImdb_v1.tar.gz", online("aclImdb_v1.tar.gz", CanonicalFiles.aclImdbTarGz())));
        assertEquals("[{\"t\":\"A wonderful film.\",\"s\":1,\"split\":\"train\"},"
                        + "{\"t\":\"Dull and \\\"too\\\" long.<br />\",\"s\":0,\"split\":\"train\"},"
                        + "{\"t\":\"Loved every minute \u2014 bravo.\",\"s\":1,\"split\":\"test\"},"
                        + "{\"t\":\"Awful.\",\"s\":0,\"split\":\"test\"}]",
                Files.readString(out.resolve("reviews.json")));
        TextLoaders.Reviews reviews = TextLoaders.imdbJson(out.resolve("reviews.json"));
        assertEquals(List.of("A wonderful film.", "Dull and \"too\" long.<br />", "Loved every minute \u2014 bravo.", "Awful."), reviews.texts());
        assertArrayEquals(new int[] {1, 0, 1, 0}, reviews.labels());
        assertArrayEquals(new Split[] {Split.TRAIN, Split.TRAIN, Split.TEST, Split.TEST}, reviews.originalSplit());
        TextDataset test = TextLoaders.imdbSplit(reviews, Split.TEST, 42);
        assertEquals(new TreeSet<>(List.of("Loved every minute \u2014 bravo.", "Awful.")), new TreeSet<>(test.texts()));
    }

    @Test
    void theKeptReviewsAreReadAgainWhenTheFileIsReplaced() throws IOException {
        Path file = CanonicalFiles.write(dir, "reviews.json", "[{\"t\":\"Good.\",\"s\":1}]");
        assertEquals(List.of("Good."), TextLoaders.imdb(file).texts());
        assertEquals(List.of("Good."), TextLoaders.imdb(file).texts(), "kept");
        Files.writeString(file, "[{\"t\":\"Bad.\",\"s\":0},{\"t\":\"Fine.\",\"s\":1}]"); // a conversion made again
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertEquals(List.of("Bad.", "Fine."), TextLoaders.imdb(file).texts());
    }

    @Test
    void reviewsJsonWithoutSplitsHasNoOriginalSplitAndMixedFilesAreRefused() throws IOException {
        Path plain = CanonicalFiles.write(dir, "plain.json", "[{\"t\":\"Good.\",\"s\":1},{\"s\":0,\"t\":\"Bad.\",\"x\":[1,2]}]");
        TextLoaders.Reviews reviews = TextLoaders.imdbJson(plain);
        assertEquals(List.of("Good.", "Bad."), reviews.texts());
        assertArrayEquals(new int[] {1, 0}, reviews.labels());
        assertNull(reviews.originalSplit());
        Path mixed = CanonicalFiles.write(dir, "mixed.json", "[{\"t\":\"Good.\",\"s\":1,\"split\":\"train\"},{\"t\":\"Bad.\",\"s\":0}]");
        DataException e = assertThrows(DataException.class, () -> TextLoaders.imdbJson(mixed));
        assertTrue(e.getMessage().contains("review 1 lacks a \"split\""), e.getMessage());
        Path odd = CanonicalFiles.write(dir, "odd.json", "[{\"t\":\"Good.\",\"s\":1,\"split\":\"unsup\"}]");
        assertThrows(DataException.class, () -> TextLoaders.imdbJson(odd));
    }

    @Test
    void gutenbergsMobyDickBecomesTheChapterFolder() throws IOException {
        Path out = convert("moby-dick", Map.of("pg2701.txt", online("pg2701.txt", CanonicalFiles.GUTENBERG_MOBY_DICK)));
        Path chapters = out.resolve("chapters");
        List<String> order = List.of("contents.txt", "etymology.txt", "extracts.txt", "chapter_1.txt", "chapter_2.txt", "epilogue.txt");
        assertEquals(order, List.of(TextLoaders.JSON.readValue(chapters.resolve("file_list.json").toFile(), String[].class)));
        assertEquals("MOBY-DICK;\n\nor, THE WHALE.\n\nCONTENTS\n\nETYMOLOGY.\n\nEXTRACTS (Supplied by a Sub-Sub-Librarian).\n\n"
                + "CHAPTER 1. Loomings.\n\nCHAPTER 2. The Carpet-Bag.\n\nEpilogue\n\nOriginal Transcriber's Notes: two etexts were combined.\n",
                Files.readString(chapters.resolve("contents.txt")), "the title page and the table of contents");
        assertEquals("ETYMOLOGY.\n\n(Supplied by a Late Consumptive Usher to a Grammar School.)\n", Files.readString(chapters.resolve("etymology.txt")));
        assertEquals("CHAPTER 1. Loomings.\n\nCall me Ishmael. Some years ago.\n", Files.readString(chapters.resolve("chapter_1.txt")));
        assertEquals("Epilogue\n\nThe drama's done.\n", Files.readString(chapters.resolve("epilogue.txt")), "no licence footer");
        List<TextLoaders.Part> parts = TextLoaders.bookFolder(chapters);
        assertEquals(order, parts.stream().map(TextLoaders.Part::file).toList());
        assertEquals("EXTRACTS. (Supplied by a Sub-Sub-Librarian).\n\n\"And God created great whales.\"", parts.get(2).text());
    }

    @Test
    void nltksZipBecomesTheBrownFolder() throws IOException {
        Path out = convert("brown", Map.of("brown.zip", online("brown.zip", CanonicalFiles.brownZip())));
        Path texts = out.resolve("texts");
        assertEquals(List.of("ca01", "cats.txt", "cb02"), Files.list(texts).map(p -> p.getFileName().toString()).sorted().toList());
        assertEquals("ca01 news\ncb02 editorial\n", Files.readString(texts.resolve("cats.txt")));
        List<TaggedSentence> brown = TextLoaders.brown(texts, Integer.MAX_VALUE);
        assertEquals(3, brown.size());
        assertEquals(List.of("The", "Fulton", "jury", "said", "."), brown.getFirst().words());
        assertEquals(List.of("at", "np-tl", "nn", "vbd", "."), brown.getFirst().tags());
        assertEquals("news", brown.getFirst().category());
        assertEquals("editorial", brown.get(2).category());
        assertEquals(2, TextLoaders.brown(texts, 2).size(), "the limit stops the reading");
    }

    @Test
    void aBrownZipWithoutGenresIsRefused() throws IOException {
        Path zip = online("brown.zip", new byte[] {'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        DataException e = assertThrows(DataException.class, () -> TextLoaders.extractBrownZip(zip, dir.resolve("texts")));
        assertTrue(e.getMessage().contains("cats.txt"), e.getMessage());
    }

    @Test
    void spamTarballsBecomeFoldersOfTheOriginalMessageBytes() throws IOException {
        byte[] tarball = CanonicalFiles.spamTarBz2();
        Map<String, Path> files = new java.util.LinkedHashMap<>();
        for (String group : TextLoaders.SPAM_GROUPS) {
            files.put(TextLoaders.SPAM_TARBALLS.get(group), online(TextLoaders.SPAM_TARBALLS.get(group), tarball));
        }
        Path out = convert("spam-assassin", files);
        Path spam1 = out.resolve("spam-1");
        assertEquals(List.of("00001.7848dde101aa985090474a91ec93fcf0.txt", "00002.9438920e9a55591b18e60d1ed37d992b.txt"),
                Files.list(spam1).map(p -> p.getFileName().toString()).sorted().toList(), "the cmds file is no message");
        assertArrayEquals(CanonicalFiles.SPAM_SECOND.getBytes(StandardCharsets.ISO_8859_1),
                Files.readAllBytes(spam1.resolve("00002.9438920e9a55591b18e60d1ed37d992b.txt")), "bytes unchanged");
        List<Email> mails = TextLoaders.spamFolder(spam1, "spam-1");
        assertEquals("00001.7848dde101aa985090474a91ec93fcf0", mails.get(0).id());
        assertEquals("first", mails.get(0).subject());
        assertEquals("Hello\r\n", mails.get(0).body());
        assertEquals("Buy now, caf\u00e9 prices\n", mails.get(1).body());
        assertTrue(mails.stream().allMatch(Email::spam));
        assertFalse(TextLoaders.spamFolder(out.resolve("hard-ham-1"), "hard-ham-1").getFirst().spam());
    }

    // ---- the rules around them --------------------------------------------------------------------

    @Test
    void everyDataSetWithPrimaryAndOnlineFilesHasAConverterAndNoOtherDoes() {
        List<String> needing = Manifest.bundled().entries().values().stream()
                .filter(e -> !e.files().isEmpty() && !e.online().isEmpty()).map(Manifest.Entry::id).sorted().toList();
        assertEquals(List.of("boston-housing", "breast-cancer", "brown", "digits", "imdb", "iris", "moby-dick", "spam-assassin", "wine"), needing);
        assertEquals(needing, Conversions.CONVERTERS.keySet().stream().sorted().toList());
    }

    private static final String IRIS_MANIFEST = """
            {"packages": {}, "datasets": {"iris": {"title": "Iris",
              "files": [{"name": "iris.csv", "sha256": "f13ffa8fdd8a4f0b6b4e8c3a5f0a1c7e9d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a"}],
              "online": [{"name": "iris.data", "urls": ["http://127.0.0.1:9/iris.data"]}]}}}
            """;

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void convertedOnceAgainWhenTheInputChangesAndKeptApartFromVerifiedCopies() throws Exception {
        Path root = dir.resolve("cache");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        DataStore store = new DataStore(root, Manifest.parse(IRIS_MANIFEST), false, null, new PrintStream(log, true, StandardCharsets.UTF_8), null);
        Path uci = Files.createDirectories(root.resolve("data/iris")).resolve("iris.data");
        Files.writeString(uci, CanonicalFiles.IRIS_DATA);

        DataStore.Resolved r = loadable(store, "iris");
        assertTrue(r.online());
        assertEquals(root.resolve("data/iris/converted/iris.csv"), r.file("iris.csv"));
        assertEquals(Map.of("iris.csv", r.file("iris.csv")), r.files(), "by the primary file's name only");
        assertEquals("conversion " + Conversions.VERSION + "\n" + sha256(CanonicalFiles.IRIS_DATA) + "  iris.data\n",
                Files.readString(root.resolve("data/iris/converted/" + Conversions.STAMP)));
        assertFalse(Files.exists(root.resolve("data/iris/iris.csv")), "no converted file where a verified copy would be");
        assertEquals(1, log.toString().lines().filter(l -> l.contains("converting")).count(), log.toString());

        long written = Files.getLastModifiedTime(r.file("iris.csv")).toMillis();
        Thread.sleep(20);
        assertEquals(r.file("iris.csv"), loadable(store, "iris").file("iris.csv"));
        assertEquals(written, Files.getLastModifiedTime(r.file("iris.csv")).toMillis(), "not converted again");
        assertEquals(1, log.toString().lines().filter(l -> l.contains("converting")).count());

        Files.writeString(uci, "4.9,3.0,1.4,0.2,Iris-setosa\n");
        assertEquals("1,4,setosa,versicolor,virginica\n4.9,3,1.4,0.2,0\n", Files.readString(loadable(store, "iris").file("iris.csv")),
                "a changed input is converted again");
        assertEquals(2, log.toString().lines().filter(l -> l.contains("converting")).count());
    }

    @Test
    void aChangedOrHalfWrittenConversionIsMadeAgain() throws Exception {
        Path root = dir.resolve("cache");
        DataStore store = new DataStore(root, Manifest.parse(IRIS_MANIFEST), false, null, null, null);
        Path uci = Files.createDirectories(root.resolve("data/iris")).resolve("iris.data");
        Files.writeString(uci, CanonicalFiles.IRIS_DATA);
        String expected = "3,4,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,0\n7,3.2,4.7,1.4,1\n6.3,3.3,6,2.5,2\n";
        Path csv = loadable(store, "iris").file("iris.csv");

        Files.writeString(csv, "3,4,setosa,versicolor,virginica\n5.1,3.5\n"); // truncated by hand
        assertEquals(expected, Files.readString(loadable(store, "iris").file("iris.csv")));

        // a conversion that stopped before it was complete: files there, but no stamp
        Files.delete(root.resolve("data/iris/converted/" + Conversions.STAMP));
        Files.writeString(csv, "3,4,setosa,versicolor,virginica\n");
        assertEquals(expected, Files.readString(loadable(store, "iris").file("iris.csv")));

        // a conversion that fails leaves the last good one and no temporary folder
        Files.writeString(uci, "5.1,3.5,wide,0.2,Iris-setosa\n");
        DataException e = assertThrows(DataException.class, () -> loadable(store, "iris"));
        assertTrue(e.getMessage().contains("iris") && e.getMessage().contains("'wide' is not a number"), e.getMessage());
        assertEquals(expected, Files.readString(csv));
        assertEquals(List.of(".converted.sha256", ".iris.data.sha256", "converted", "iris.data"),
                Files.list(root.resolve("data/iris")).map(p -> p.getFileName().toString()).sorted().toList());
    }

    @Test
    void aKilledConversionsTempFolderIsRemovedByTheNextLoadOnceItIsOld() throws Exception {
        Path root = dir.resolve("cache");
        DataStore store = new DataStore(root, Manifest.parse(IRIS_MANIFEST), false, null, null, null);
        Path folder = Files.createDirectories(root.resolve("data/iris"));
        Files.writeString(folder.resolve("iris.data"), CanonicalFiles.IRIS_DATA);
        loadable(store, "iris"); // converted: the next load only reads
        Path killed = Files.createDirectories(folder.resolve(".converted.part-0badf00d"));
        Files.writeString(killed.resolve("iris.csv"), "1,4,setosa");
        Path running = Files.createDirectories(folder.resolve(".converted.part-12345678")); // another kernel's, now
        Files.setLastModifiedTime(killed, FileTime.from(Instant.now().minus(Conversions.ABANDONED_AFTER).minusSeconds(60)));

        loadable(store, "iris");
        assertFalse(Files.exists(killed), "older than " + Conversions.ABANDONED_AFTER + ": left by a killed conversion");
        assertTrue(Files.isDirectory(running), "a young temp folder may belong to a conversion in progress");
        assertTrue(Files.isRegularFile(folder.resolve("converted/iris.csv")));
    }

    @Test
    void verifiedPrimaryCopiesAreUsedAsTheyAre() throws IOException {
        Path root = dir.resolve("cache");
        String csv = "1,4,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,0\n";
        String manifest = IRIS_MANIFEST.replace("f13ffa8fdd8a4f0b6b4e8c3a5f0a1c7e9d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a",
                "80ef83243eb3a4ed58b6307b1fdb4fcac0d3d206249ca84d13b136c990b3a6b6");
        DataStore store = new DataStore(root, Manifest.parse(manifest), false, null, null, null);
        Path copy = Files.createDirectories(root.resolve("data/iris")).resolve("iris.csv");
        Files.writeString(copy, csv);
        assertEquals("80ef83243eb3a4ed58b6307b1fdb4fcac0d3d206249ca84d13b136c990b3a6b6", Digests.sha256(copy), "the fixture's hash");
        DataStore.Resolved r = loadable(store, "iris");
        assertFalse(r.online());
        assertEquals(copy, r.file("iris.csv"));
        assertFalse(Files.exists(root.resolve("data/iris/converted")));
    }

    /** What Datasets.load reads: the store's files in the primary format. */
    private static DataStore.Resolved loadable(DataStore store, String id) {
        return Conversions.inPrimaryFormat(store, store.resolve(id));
    }
}
