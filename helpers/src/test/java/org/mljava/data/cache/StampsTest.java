package org.mljava.data.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one stamp format ({@link Stamps}): trusted while the file or folder is unchanged, and stamps
 * that earlier versions wrote are either read as they are (file stamps: same line) or lead to a
 * hash of what is in the cache (folder stamps {@code <hex> <count>}), never to a download.
 */
class StampsTest {

    @TempDir
    Path dir;

    static final String HELLO_SHA256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"; // sha256sum of "hello"

    @Test
    void fileStampIsTrustedWhileTheFileIsUnchanged() throws IOException {
        Path f = Files.writeString(dir.resolve("a.txt"), "hello");
        assertNull(Stamps.trusted(f, "SHA-256"), "no stamp yet");
        assertTrue(CacheFiles.isVerified(f, HELLO_SHA256, 5));
        assertEquals(HELLO_SHA256, Stamps.trusted(f, "SHA-256"), "the check wrote a stamp");
        assertTrue(Files.isRegularFile(dir.resolve(".a.txt.sha256")));
        Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 5000));
        assertNull(Stamps.trusted(f, "SHA-256"), "a touched file is hashed again");
    }

    @Test
    void fileStampOfEarlierVersionsIsReadAsItIs() throws IOException {
        Path f = Files.writeString(dir.resolve("b.bin"), "hello");
        String claimed = "ab".repeat(32);
        // the line earlier versions wrote: "<sha256> <size> <mtime ms>"
        Files.writeString(dir.resolve(".b.bin.sha256"), claimed + " 5 " + Files.getLastModifiedTime(f).toMillis() + "\n");
        assertTrue(CacheFiles.isVerified(f, claimed, 5), "trusted without hashing (the stamp's claim is not the content's hash)");
        Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 5000));
        assertFalse(CacheFiles.isVerified(f, claimed, 5), "once the file changed, the hash decides");
    }

    @Test
    void sha1StampsUseTheSameFormat() throws IOException {
        Path f = Files.writeString(dir.resolve("c.bin"), "hello");
        Stamps.write(f, "SHA-1", "AAF4C61DDCC5E8A2DABEDE0F3B482CD9AEA9434D");
        assertEquals("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d 5 " + Files.getLastModifiedTime(f).toMillis(),
                Files.readString(dir.resolve(".c.bin.sha1")).trim());
        assertEquals("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d", Stamps.trusted(f, "SHA-1"));
    }

    Path folder() throws IOException {
        Path d = Files.createDirectories(dir.resolve("corpus/sub"));
        Files.writeString(d.resolve("x.txt"), "one", StandardCharsets.UTF_8);
        Files.writeString(d.getParent().resolve("y.txt"), "three", StandardCharsets.UTF_8);
        return d.getParent();
    }

    @Test
    void folderStampNoticesAnAddedOrRewrittenFile() throws IOException {
        Path corpus = folder();
        String hash = DirectoryHash.hash(corpus);
        assertTrue(DirectoryHash.isVerified(corpus, hash, 2));
        assertEquals(hash, Stamps.trusted(corpus, "SHA-256"));
        Path y = corpus.resolve("y.txt");
        Files.writeString(y, "THREE");
        Files.setLastModifiedTime(y, FileTime.fromMillis(Files.getLastModifiedTime(y).toMillis() + 5000));
        assertNull(Stamps.trusted(corpus, "SHA-256"), "same size, new time: hashed again");
        assertFalse(DirectoryHash.isVerified(corpus, hash, 2));
    }

    @Test
    void folderStampOfEarlierVersionsIsReverifiedByItsHash() throws IOException {
        Path corpus = folder();
        String hash = DirectoryHash.hash(corpus);
        Path stamp = dir.resolve(".corpus.sha256");
        Files.writeString(stamp, hash + " 2\n"); // the folder stamp earlier versions wrote: "<hash> <count>"
        assertNull(Stamps.trusted(corpus, "SHA-256"), "not read as a stamp");
        assertTrue(DirectoryHash.isVerified(corpus, hash, 2), "the content's hash matches: kept, not fetched again");
        assertEquals(hash, Stamps.trusted(corpus, "SHA-256"), "and the stamp is now in the one format");
        Files.writeString(stamp, "cd".repeat(32) + " 2\n");
        assertFalse(DirectoryHash.isVerified(corpus, "cd".repeat(32), 2), "an old stamp's claim is not trusted; the hash decides");
    }
}
