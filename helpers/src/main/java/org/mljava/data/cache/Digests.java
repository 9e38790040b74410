package org.mljava.data.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one place that hashes files: the JDK's {@link DigestInputStream} over the bytes, lower-case
 * hex out. SHA-256 for the cache, SHA-1 for DJL's repository metadata and git's blob ids.
 */
public final class Digests {

    private Digests() {
    }

    static MessageDigest of(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no " + algorithm, e);
        }
    }

    /** The digest of {@code prefix} followed by the bytes of {@code file}, in hex. */
    public static String hex(String algorithm, byte[] prefix, Path file) throws IOException {
        MessageDigest md = of(algorithm);
        md.update(prefix);
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static String hex(String algorithm, Path file) throws IOException {
        return hex(algorithm, new byte[0], file);
    }

    public static String sha256(Path file) throws IOException {
        return hex("SHA-256", file);
    }

    /** git's id of a file's content ({@code git hash-object}): SHA-1 of "blob &lt;size&gt;\0" and the bytes. */
    public static String gitBlobSha1(Path file) throws IOException {
        return hex("SHA-1", ("blob " + Files.size(file) + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII), file);
    }
}
