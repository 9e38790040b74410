package org.mljava.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/**
 * Small hand-written files in the canonical hosts' formats (UCI, CMU, Stanford, Project Gutenberg,
 * NLTK, SpamAssassin), for the converter tests. The tests pin what each must become; nothing here
 * is derived from the packaged copies.
 */
final class CanonicalFiles {

    private CanonicalFiles() {
    }

    /** UCI iris.data: three flowers, one per species, and the blank lines the real file ends with. */
    static final String IRIS_DATA = """
            5.1,3.5,1.4,0.2,Iris-setosa
            7.0,3.2,4.7,1.4,Iris-versicolor
            6.3,3.3,6.0,2.5,Iris-virginica

            """;

    /** UCI wine.data: class 1..3 first, then 13 measurements (UCI writes ".28" for 0.28). */
    static final String WINE_DATA = """
            1,14.23,1.71,2.43,15.6,127,2.8,3.06,.28,2.29,5.64,1.04,3.92,1065
            3,13.71,5.65,2.45,20.5,95,1.68,.61,.52,1.06,7.7,.64,1.74,740
            """;

    /** UCI wdbc.data: id, diagnosis M/B, 30 measurements; CRLF line ends. */
    static final String WDBC_DATA = "842302,M,17.99,10.38,122.8,1001,0.1184,0.2776,0.3001,0.1471,0.2419,0.07871,1.095,0.9053,8.589,"
            + "153.4,0.006399,0.04904,0.05373,0.01587,0.03003,0.006193,25.38,17.33,184.6,2019,0.1622,0.6656,0.7119,0.2654,0.4601,0.1189\r\n"
            + "8510426,B,13.54,14.36,87.46,566.3,0.09779,0.08129,0.06664,0.04781,0.1885,0.05766,0.2699,0.7886,2.058,23.56,0.008462,"
            + "0.0146,0.02387,0.01315,0.0198,0.0023,15.11,19.26,99.7,711.2,0.144,0.1773,0.239,0.1288,0.2977,0.07259\r\n";

    /** UCI optdigits.tes: 64 pixel counts and the digit; a 0 and a 7. */
    static final String OPTDIGITS_TES = """
            0,1,6,15,12,1,0,0,0,7,16,6,6,10,0,0,0,8,16,2,0,11,2,0,0,5,16,3,0,5,7,0,0,7,13,3,0,8,7,0,0,4,12,0,1,13,5,0,0,0,14,9,15,9,0,0,0,0,6,14,7,1,0,0,0
            0,0,10,16,6,0,0,0,0,7,16,8,16,5,0,0,0,11,16,0,6,14,3,0,0,12,12,0,0,11,11,0,0,12,12,0,0,8,12,0,0,7,15,1,0,13,11,0,0,0,16,8,10,15,3,0,0,0,10,16,15,3,0,0,7
            """;

    /** CMU StatLib's boston: a description, then each tract over two lines (11 numbers, then B, LSTAT, MEDV). */
    static final String CMU_BOSTON = """
             The Boston house-price data of Harrison, D. and Rubinfeld, D.L. 'Hedonic
             prices and the demand for clean air', J. Environ. Economics & Management,
             Variables in order:
             CRIM     per capita crime rate by town
             MEDV     Median value of owner-occupied homes in $1000's

             0.00632  18.00   2.310  0  0.5380  6.5750  65.20  4.0900   1  296.0  15.30
             396.90   4.98  24.00
             0.02731   0.00   7.070  0  0.4690  6.4210  78.90  4.9671   2  242.0  17.80
             396.90   9.14  21.60
            """;

    /**
     * A Project Gutenberg text shaped like Moby-Dick's: licence header, title, a table of contents
     * that repeats every heading, a transcriber's note, the sections, licence footer; CRLF line ends.
     */
    static final String GUTENBERG_MOBY_DICK = String.join("\r\n",
            "The Project Gutenberg eBook of Moby-Dick; or The Whale",
            "",
            "*** START OF THE PROJECT GUTENBERG EBOOK MOBY-DICK; OR THE WHALE ***",
            "MOBY-DICK;",
            "",
            "or, THE WHALE.",
            "",
            "CONTENTS",
            "",
            "ETYMOLOGY.",
            "",
            "EXTRACTS (Supplied by a Sub-Sub-Librarian).",
            "",
            "CHAPTER 1. Loomings.",
            "",
            "CHAPTER 2. The Carpet-Bag.",
            "",
            "Epilogue",
            "",
            "Original Transcriber's Notes: two etexts were combined.",
            "",
            "ETYMOLOGY.",
            "",
            "(Supplied by a Late Consumptive Usher to a Grammar School.)",
            "",
            "EXTRACTS. (Supplied by a Sub-Sub-Librarian).",
            "",
            "\"And God created great whales.\"",
            "",
            "CHAPTER 1. Loomings.",
            "",
            "Call me Ishmael. Some years ago.",
            "",
            "CHAPTER 2. The Carpet-Bag.",
            "",
            "I stuffed a shirt or two.",
            "",
            "Epilogue",
            "",
            "The drama's done.",
            "*** END OF THE PROJECT GUTENBERG EBOOK MOBY-DICK; OR THE WHALE ***",
            "licence text",
            "");

    /** NLTK's brown.zip: the genre list, two tagged files and a README that is no corpus file. */
    static byte[] brownZip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zipFile(zip, "brown/", "");
            zipFile(zip, "brown/README", "The Brown corpus, tagged.\n");
            zipFile(zip, "brown/cats.txt", "ca01 news\ncb02 editorial\n");
            zipFile(zip, "brown/ca01", "\n\n\tThe/at Fulton/np-tl jury/nn said/vbd ./.\n\n\tIt/pps ended/vbd ./.\n");
            zipFile(zip, "brown/cb02", "\n\n\tAssembly/nn-tl session/nn ./.\n");
        }
        return bytes.toByteArray();
    }

    private static void zipFile(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    /** Stanford's aclImdb_v1.tar.gz: one review per split and label, and an unlabelled one that is left out. */
    static byte[] aclImdbTarGz() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes); TarArchiveOutputStream tar = new TarArchiveOutputStream(gz, "UTF-8")) {
            TarFixtures.addFile(tar, "aclImdb/README", "Large Movie Review Dataset v1.0\n".getBytes(StandardCharsets.UTF_8));
            TarFixtures.addFile(tar, "aclImdb/train/pos/0_9.txt", "A wonderful film.".getBytes(StandardCharsets.UTF_8));
            TarFixtures.addFile(tar, "aclImdb/train/neg/1_2.txt", "Dull and \"too\" long.<br />".getBytes(StandardCharsets.UTF_8));
            TarFixtures.addFile(tar, "aclImdb/test/pos/2_8.txt", "Loved every minute \u2014 bravo.".getBytes(StandardCharsets.UTF_8));
            TarFixtures.addFile(tar, "aclImdb/test/neg/3_1.txt", "Awful.".getBytes(StandardCharsets.UTF_8));
            TarFixtures.addFile(tar, "aclImdb/train/unsup/4_0.txt", "No label here.".getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    /** The first message of {@link #spamTarBz2()}: CRLF line ends. */
    static final String SPAM_FIRST = "Subject: first\r\n\r\nHello\r\n";
    /** The second: a Latin-1 byte (é), which is not valid UTF-8. */
    static final String SPAM_SECOND = "Subject: second\n\nBuy now, caf\u00e9 prices\n";

    /** A SpamAssassin .tar.bz2: two messages, out of name order, and the "cmds" shell script. */
    static byte[] spamTarBz2() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream bz = new BZip2CompressorOutputStream(bytes); TarArchiveOutputStream tar = new TarArchiveOutputStream(bz)) {
            TarFixtures.addFile(tar, "spam/00002.9438920e9a55591b18e60d1ed37d992b", SPAM_SECOND.getBytes(StandardCharsets.ISO_8859_1));
            TarFixtures.addFile(tar, "spam/cmds", "mv 00001 00001.x\n".getBytes(StandardCharsets.ISO_8859_1));
            TarFixtures.addFile(tar, "spam/00001.7848dde101aa985090474a91ec93fcf0", SPAM_FIRST.getBytes(StandardCharsets.ISO_8859_1));
        }
        return bytes.toByteArray();
    }

    static Path write(Path dir, String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    static Path write(Path dir, String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
