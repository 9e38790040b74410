package org.mljava.data.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The cache's one "verified" stamp format, written and read only here, so that a warm load does
 * not hash 60 MB again. Beside a verified file or folder {@code x} lies a hidden file
 * {@code .x.<algorithm>} ({@code .x.sha256}; {@code .x.sha1} for DJL's SHA-1) with one line
 * {@code <hex digest> <bytes> <last modified, ms>}: for a file its size and time, for a folder the
 * total size of its files and the latest time of its files and folders (adding or removing a file
 * changes its folder's time). A stamp is trusted while that fingerprint is unchanged; no stamp, a
 * changed fingerprint or any other line (such as the {@code <hex> <count>} of older folder stamps)
 * means "hash it again", which rewrites the stamp, never "download it again".
 */
public final class Stamps {

    private Stamps() {
    }

    /** The digest a stamp records for {@code target} as it is now, or null when it must be hashed again. */
    public static String trusted(Path target, String algorithm) {
        try {
            Path stamp = of(target, algorithm);
            if (!Files.isRegularFile(stamp)) {
                return null;
            }
            String[] parts = Files.readString(stamp, StandardCharsets.US_ASCII).trim().split(" ", 2);
            return parts.length == 2 && parts[1].equals(fingerprint(target)) ? parts[0].toLowerCase(Locale.ROOT) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Records that {@code target}, as it is now, has this digest. Quiet: a stamp is only a speed-up. */
    public static void write(Path target, String algorithm, String hex) {
        try {
            Path stamp = of(target, algorithm);
            Path temp = CacheFiles.tempNextTo(stamp);
            Files.writeString(temp, hex.toLowerCase(Locale.ROOT) + " " + fingerprint(target) + "\n", StandardCharsets.US_ASCII);
            CacheFiles.moveIntoPlace(temp, stamp);
        } catch (IOException | RuntimeException e) {
            // without a stamp the file is hashed again next time
        }
    }

    static void delete(Path target, String algorithm) throws IOException {
        Files.deleteIfExists(of(target, algorithm));
    }

    static Path of(Path target, String algorithm) {
        return target.resolveSibling("." + target.getFileName() + "." + algorithm.toLowerCase(Locale.ROOT).replace("-", ""));
    }

    /**
     * "{@code <bytes> <last modified, ms>}" of a file, or of a folder's content: what changes when it
     * is written again or replaced (stamps trust a hash while it holds; memos key on it).
     */
    public static String fingerprint(Path target) throws IOException {
        BasicFileAttributes top = Files.readAttributes(target, BasicFileAttributes.class);
        if (!top.isDirectory()) {
            return top.size() + " " + top.lastModifiedTime().toMillis();
        }
        long bytes = 0;
        long latest = top.lastModifiedTime().toMillis();
        try (Stream<Path> walk = Files.walk(target)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                bytes += a.isRegularFile() ? a.size() : 0;
                latest = Math.max(latest, a.lastModifiedTime().toMillis());
            }
        }
        return bytes + " " + latest;
    }
}
