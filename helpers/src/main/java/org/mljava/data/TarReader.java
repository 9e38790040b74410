package org.mljava.data;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a tar stream (ustar, GNU long names, pax path headers) entry by entry, for npm package
 * tarballs and data-set archives such as aclImdb_v1.tar.gz, without a compression library.
 * Usage: {@code while ((e = tar.next()) != null) { if (e.isFile()) read(tar.content()); }}.
 */
final class TarReader {

    /** One entry: its path, size and type ('0' file, '5' directory, ...). */
    record Entry(String name, long size, char type) {
        boolean isFile() {
            return type == '0' || type == '\0' || type == '7';
        }
    }

    private final InputStream in;
    private long remaining;   // bytes of the current entry not yet read
    private long padding;     // bytes of block padding after the current entry

    TarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, or null at the end of the archive. */
    Entry next() throws IOException {
        skipRest();
        String longName = null;
        while (true) {
            byte[] header = in.readNBytes(512);
            if (header.length == 0) {
                return null;
            }
            if (header.length < 512) {
                throw new EOFException("tar: truncated header");
            }
            if (isZero(header)) {
                return null;
            }
            String name = text(header, 0, 100);
            long size = octal(header, 124, 12);
            char type = (char) header[156];
            String magic = text(header, 257, 6);
            if (magic.startsWith("ustar")) {
                String prefix = text(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
            }
            remaining = size;
            padding = (512 - size % 512) % 512;
            if (type == 'L') { // GNU long name: the data is the name of the next entry
                longName = new String(readContent(), StandardCharsets.UTF_8).replace("\0", "");
                skipRest();
                continue;
            }
            if (type == 'x') { // pax extended header: look for path=
                String pax = new String(readContent(), StandardCharsets.UTF_8);
                for (String line : pax.split("\n")) {
                    int space = line.indexOf(' ');
                    if (space > 0 && line.startsWith("path=", space + 1)) {
                        longName = line.substring(space + 1 + 5);
                    }
                }
                skipRest();
                continue;
            }
            if (type == 'g') {
                readContent();
                skipRest();
                continue;
            }
            return new Entry(longName != null ? longName : name, size, type);
        }
    }

    /** The content of the current entry as a stream (do not close the tar through it). */
    InputStream content() {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("tar: entry cut short");
                }
                remaining--;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new EOFException("tar: entry cut short");
                }
                remaining -= n;
                return n;
            }

            @Override
            public void close() {
                // the tar stream stays open
            }
        };
    }

    /** The whole content of the current entry. */
    byte[] readContent() throws IOException {
        if (remaining > Integer.MAX_VALUE - 16) {
            throw new IOException("tar: entry too large to read into memory");
        }
        byte[] data = in.readNBytes((int) remaining);
        if (data.length < remaining) {
            throw new EOFException("tar: entry cut short");
        }
        remaining = 0;
        return data;
    }

    private void skipRest() throws IOException {
        long toSkip = remaining + padding;
        while (toSkip > 0) {
            long n = in.skip(toSkip);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("tar: archive cut short");
                }
                n = 1;
            }
            toSkip -= n;
        }
        remaining = 0;
        padding = 0;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int off, int len) {
        if ((b[off] & 0x80) != 0) { // GNU base-256 size
            long v = 0;
            for (int i = off + 1; i < off + len; i++) {
                v = (v << 8) | (b[i] & 0xff);
            }
            return v;
        }
        String s = text(b, off, len).trim();
        return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    }
}
