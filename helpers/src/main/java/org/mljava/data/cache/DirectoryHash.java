package org.mljava.data.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder in the cache that holds many small files (a corpus). Its checksum is the SHA-256 of its
 * {@code sha256sum}-style listing ({@code "<sha256>  <relative path>\n"}, sorted by path), so the
 * same check as {@code (cd dir && find . -type f | sort | xargs sha256sum)} would give. The folder
 * is built under a temp name and renamed into place, and a {@link Stamps stamp} with the listing's
 * hash is written beside it.
 */
public final class DirectoryHash {

    private DirectoryHash() {
    }

    /** The listing hash of all regular files under {@code dir}, ignoring hidden stamps. */
    public static String hash(Path dir) throws IOException {
        List<Path> files = listFiles(dir);
        StringBuilder listing = new StringBuilder();
        for (Path f : files) {
            listing.append(CacheFiles.sha256(f)).append("  ").append(relative(dir, f)).append('\n');
        }
        return CacheFiles.sha256(listing.toString().getBytes(StandardCharsets.UTF_8));
    }

    static List<Path> listFiles(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        files.sort(Comparator.comparing(p -> relative(dir, p)));
        return files;
    }

    private static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }

    /** Whether the folder exists with the expected listing hash (trusting its {@link Stamps stamp} while the folder is unchanged). */
    static boolean isVerified(Path dir, String expectedSha256, int expectedCount) {
        try {
            if (!Files.isDirectory(dir)) {
                return false;
            }
            int count = listFiles(dir).size();
            if (expectedCount > 0 && count != expectedCount) {
                return false;
            }
            String stamped = Stamps.trusted(dir, "SHA-256");
            if (stamped != null && (expectedSha256 == null || stamped.equalsIgnoreCase(expectedSha256))) {
                return true;
            }
            String actual = hash(dir);
            if (expectedSha256 == null || actual.equalsIgnoreCase(expectedSha256)) {
                Stamps.write(dir, "SHA-256", actual);
                return true;
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Moves a finished temp folder into place after checking it: listing hash and file count must
     * match (when given). On a mismatch the temp folder is deleted and a {@link ChecksumException} thrown.
     */
    public static String moveVerified(Path tempDir, Path target, String expectedSha256, int expectedCount, String what) throws IOException {
        try {
            int count = listFiles(tempDir).size();
            if (expectedCount > 0 && count != expectedCount) {
                throw new ChecksumException(what + ": " + count + " files, expected " + expectedCount + "; not kept");
            }
            String actual = hash(tempDir);
            if (expectedSha256 != null && !actual.equalsIgnoreCase(expectedSha256)) {
                throw new ChecksumException(what + ": the folder's SHA-256 listing hash is " + actual + ", expected "
                        + expectedSha256 + "; not kept");
            }
            if (Files.exists(target)) {
                Path old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
                Files.move(target, old);
                deleteTree(old);
            }
            Files.move(tempDir, target);
            Stamps.write(target, "SHA-256", actual);
            return actual;
        } finally {
            deleteTree(tempDir);
        }
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
