package org.mljava.data.cache;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/**
 * File helpers shared by the cache, the downloader and the setup step: SHA-256, atomic writes
 * (temp file in the target folder, then rename: no half-written file is ever visible under the
 * final name) and checks that trust a "verified" stamp ({@link Stamps}) so a warm load does not re-hash 60 MB every time.
 */
public final class CacheFiles {

    private CacheFiles() {
    }

    static MessageDigest sha256Digest() {
        return Digests.of("SHA-256");
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** SHA-256 of a file, lower-case hex. */
    public static String sha256(Path file) throws IOException {
        return Digests.sha256(file);
    }

    public static String sha256(byte[] bytes) {
        return hex(sha256Digest().digest(bytes));
    }

    /** A fresh temp file next to {@code target} (same folder, so the final rename is atomic). */
    public static Path tempNextTo(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        return dir.resolve("." + target.getFileName() + ".part-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Renames {@code temp} to {@code target}, replacing it, atomically where the file system can. */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Something that writes the content of a file into a stream. */
    interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes a file atomically and checks it: the content goes to a temp file while its SHA-256 is
     * computed; on a size or checksum mismatch the temp file is deleted and a {@link ChecksumException}
     * is thrown, else the temp file is renamed to {@code target} and a verified stamp is written.
     * {@code expectedSha256} may be null (nothing pinned: the file is kept and its hash returned).
     *
     * @return the SHA-256 of what was written
     */
    static String writeVerified(Path target, String expectedSha256, long expectedSize, String what, Writer writer)
            throws IOException {
        Path temp = tempNextTo(target);
        try {
            MessageDigest md = sha256Digest();
            long size;
            try (FileOutputStream file = new FileOutputStream(temp.toFile())) {
                CountingDigestStream out = new CountingDigestStream(new BufferedOutputStream(file, 1 << 20), md);
                writer.write(out);
                out.flush();
                size = out.count;
                file.getFD().sync(); // the bytes are on disk before the name appears
            }
            String actual = hex(md.digest());
            if (expectedSize > 0 && size != expectedSize) {
                throw new ChecksumException(what + ": got " + size + " bytes, expected " + expectedSize
                        + " (truncated or wrong file); it was not kept");
            }
            if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(actual)) {
                throw new ChecksumException(what + ": SHA-256 is " + actual + ", expected " + expectedSha256.toLowerCase(Locale.ROOT)
                        + " (corrupt, truncated or changed upstream); it was not kept");
            }
            moveIntoPlace(temp, target);
            Stamps.write(target, "SHA-256", actual);
            return actual;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Copies a stream into {@code target} atomically, checking size and SHA-256. */
    static String copyVerified(InputStream in, Path target, String expectedSha256, long expectedSize, String what)
            throws IOException {
        return writeVerified(target, expectedSha256, expectedSize, what, out -> in.transferTo(out));
    }

    /**
     * Whether {@code file} exists and has the expected SHA-256 (and size, when given). A stamp
     * written at the last verification is trusted while size and modification time are unchanged;
     * otherwise the file is hashed again (so a truncated or rewritten file is caught).
     */
    public static boolean isVerified(Path file, String expectedSha256, long expectedSize) {
        try {
            if (!Files.isRegularFile(file)) {
                return false;
            }
            long size = Files.size(file);
            if (expectedSize > 0 && size != expectedSize) {
                return false;
            }
            if (expectedSha256 == null) {
                return true;
            }
            if (expectedSha256.equalsIgnoreCase(Stamps.trusted(file, "SHA-256"))) {
                return true;
            }
            String actual = sha256(file);
            if (actual.equalsIgnoreCase(expectedSha256)) {
                Stamps.write(file, "SHA-256", actual);
                return true;
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
            Stamps.delete(file, "SHA-256");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Human size: 11.5 MB. */
    public static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / (1024.0 * 1024 * 1024));
    }

    /** An output stream that counts bytes and feeds a digest. */
    static final class CountingDigestStream extends OutputStream {
        private final OutputStream out;
        private final MessageDigest md;
        long count;

        CountingDigestStream(OutputStream out, MessageDigest md) {
            this.out = out;
            this.md = md;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            md.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            md.update(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.flush();
            // the underlying file stream is closed by its own try-with-resources
        }
    }

}
