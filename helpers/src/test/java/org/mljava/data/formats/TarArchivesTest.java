package org.mljava.data.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mljava.data.TarFixtures;
import org.mljava.data.Split;

/**
 * The tar paths of the loaders (Commons Compress) on an archive made here: a name longer than
 * ustar's 100 bytes written as a GNU long name, another as a pax header (with a non-ASCII name), a
 * directory and a symbolic link that must be skipped.
 */
class TarArchivesTest {

    @TempDir
    Path temp;

    private static final String GNU_NAME = "aclImdb/train/pos/" + "g".repeat(120) + "_9.txt";
    private static final String PAX_NAME = "aclImdb/test/neg/" + "p".repeat(150) + "-\u00e9t\u00e9_2.txt";

    private static void add(TarArchiveOutputStream tar, String name, String text) throws java.io.IOException {
        TarFixtures.addFile(tar, name, text.getBytes(StandardCharsets.UTF_8));
    }

    private Path archive() throws IOException {
        Path file = temp.resolve("aclImdb_v1.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name())) {
            tar.putArchiveEntry(new TarArchiveEntry("aclImdb/train/pos/"));
            tar.closeArchiveEntry();
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            add(tar, GNU_NAME, "A long-named review, great.");
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            add(tar, PAX_NAME, "Ein schlechter Film \u2013 dull.");
            TarArchiveEntry link = new TarArchiveEntry("aclImdb/train/neg/7_1.txt", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("../pos/" + "g".repeat(120) + "_9.txt");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            add(tar, "aclImdb/train/unsup/1_0.txt", "unlabelled: skipped");
        }
        return file;
    }

    @Test
    void gnuLongNamesAndPaxHeadersReachTheImdbLoader() throws IOException {
        Path file = archive();
        // the archive really uses both extensions: GNU's ././@LongLink entry and a pax 'x' header
        byte[] raw;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
            raw = in.readAllBytes();
        }
        String latin = new String(raw, StandardCharsets.ISO_8859_1);
        assertEquals(true, latin.contains("././@LongLink"), "GNU long name entry");
        assertEquals(true, latin.contains(" path="), "pax path record");

        TextLoaders.Reviews r = TextLoaders.imdbTarball(file);
        assertEquals(List.of("A long-named review, great.", "Ein schlechter Film \u2013 dull."), r.texts());
        assertArrayEquals(new int[] {1, 0}, r.labels());
        assertArrayEquals(new Split[] {Split.TRAIN, Split.TEST}, r.originalSplit());
    }
}
