package org.mljava.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The canonical SpamAssassin files (20030228_spam.tar.bz2 and co.): a .tar.bz2 with one file per message and a "cmds" file. */
class SpamTarballTest {

    private static void add(TarArchiveOutputStream tar, String name, String text) throws java.io.IOException {
        TarFixtures.addFile(tar, name, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void readsMessagesInFileOrderAndSkipsTheCommandFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("20030228_spam.tar.bz2");
        try (OutputStream out = new BZip2CompressorOutputStream(Files.newOutputStream(file));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            add(tar, "spam/00002.9438920e9a55591b18e60d1ed37d992b", "Subject: second\n\nBuy now, caf\u00e9 prices\n");
            add(tar, "spam/cmds", "mv 00001 00001.x\n");
            add(tar, "spam/00001.7848dde101aa985090474a91ec93fcf0", "Subject: first\r\n\r\nHello\r\n");
        }
        List<Email> mails = TextLoaders.spamTarball(file, "spam-1");
        assertEquals(2, mails.size(), "the cmds file is not a message");
        assertEquals("00001.7848dde101aa985090474a91ec93fcf0", mails.get(0).id());
        assertEquals("first", mails.get(0).subject());
        assertEquals("Hello\r\n", mails.get(0).body());
        assertTrue(mails.get(1).body().contains("caf\u00e9"), "a Latin-1 byte survives: " + mails.get(1).body());
        assertTrue(mails.stream().allMatch(Email::spam));
        assertFalse(TextLoaders.spamTarball(file, "easy-ham-1").get(0).spam());
    }
}
