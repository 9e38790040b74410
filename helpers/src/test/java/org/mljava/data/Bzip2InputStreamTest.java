package org.mljava.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The bzip2 decoder against files made by libbzip2 (Python's bz2 module): small texts, runs that
 * exercise both run-length codings, an empty stream, two concatenated streams, two 100k blocks,
 * and corrupt or truncated input.
 */
class Bzip2InputStreamTest {

    static final String HELLO = "QlpoOTFBWSZTWbEj3kMAAANZgAAQQAQQABJkwBAgADEDQNAgAaaRA6tsgoT4u5IpwoSFiR7yGA==";
    static final String EMPTY = "QlpoORdyRThQkAAAAAA=";
    static final String RUNS = "QlpoOTFBWSZTWe3DnrEAAAJBAOAQPgAACCAAMQZMQRpo0yPni7Q0JCICfF3JFOFCQ7cOesQ=";
    static final String CONCATENATED = "QlpoOTFBWSZTWaRjnbsAAACRgEAAASAcACAAIYAMAycu4u5IpwoSFIxzt2BCWmg5MUFZJlNZJooCNAAAAoGADgGIACAAIhhoMAcCmF3JFOFCQJooCNA=";

    static byte[] decompress(byte[] compressed) throws IOException {
        try (InputStream in = new Bzip2InputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }

    static byte[] b64(String s) {
        return Base64.getDecoder().decode(s);
    }

    @Test
    void smallStreams() throws IOException {
        assertEquals("hello, bzip2\n", new String(decompress(b64(HELLO)), StandardCharsets.US_ASCII));
        assertEquals(0, decompress(b64(EMPTY)).length);
        String runs = "ab" + "c".repeat(5) + "d".repeat(260) + "e".repeat(4) + "\n";
        assertEquals(runs, new String(decompress(b64(RUNS)), StandardCharsets.US_ASCII));
        assertEquals("first second", new String(decompress(b64(CONCATENATED)), StandardCharsets.US_ASCII));
    }

    /** The input of bzip2-two-blocks.bz2 (bzip2 -1, so two blocks): the same words from the same generator. */
    static byte[] twoBlocksInput() {
        String[] words = {"spam", "ham", "mail", "list"};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long x = 7;
        int k = 0;
        while (out.size() < 150000) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            out.writeBytes(words[(int) ((x >>> 33) % 4)].getBytes(StandardCharsets.US_ASCII));
            k++;
            out.write(k % 10 == 0 ? '\n' : ' ');
            if (k == 1000) {
                out.writeBytes(("a".repeat(1000) + "\n" + "\0".repeat(300) + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toByteArray();
    }

    @Test
    void twoBlocks() throws IOException {
        byte[] compressed;
        try (InputStream in = getClass().getResourceAsStream("bzip2-two-blocks.bz2")) {
            compressed = in.readAllBytes();
        }
        byte[] expected = twoBlocksInput();
        assertEquals(150003, expected.length);
        assertEquals("098ec73ed390d13429f350540827d5f68fd6565ac35078fc411cbed61896701e", CacheFiles.sha256(expected));
        assertArrayEquals(expected, decompress(compressed));
        // read in small pieces too
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new Bzip2InputStream(new ByteArrayInputStream(compressed))) {
            byte[] buffer = new byte[7];
            int n;
            while ((n = in.read(buffer, 0, buffer.length)) > 0) {
                out.write(buffer, 0, n);
            }
        }
        assertArrayEquals(expected, out.toByteArray());
    }

    @Test
    void corruptOrTruncatedInputFails() throws IOException {
        byte[] good;
        try (InputStream in = getClass().getResourceAsStream("bzip2-two-blocks.bz2")) {
            good = in.readAllBytes();
        }
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        assertThrows(IOException.class, () -> decompress(flipped));
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 20);
        assertThrows(EOFException.class, () -> decompress(truncated));
        IOException notBzip2 = assertThrows(IOException.class, () -> decompress("plain text".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(notBzip2.getMessage().contains("not a bzip2 stream"), notBzip2.getMessage());
    }
}
