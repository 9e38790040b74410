package org.mljava.benchmarks;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Writes NumPy's .npy format (version 1.0, little-endian, C order), so that the Python side reads exactly our arrays. */
final class Npy {
    private Npy() {
    }

    static void write(Path file, double[][] rows) throws IOException {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        try (DataOutputStream out = open(file, "<f8", rows.length, cols)) {
            for (double[] row : rows) {
                for (double v : row) {
                    out.writeLong(Long.reverseBytes(Double.doubleToRawLongBits(v)));
                }
            }
        }
    }

    static void write(Path file, int[] values) throws IOException {
        try (DataOutputStream out = open(file, "<i4", values.length)) {
            for (int v : values) {
                out.writeInt(Integer.reverseBytes(v));
            }
        }
    }

    static void write(Path file, byte[] values, int... shape) throws IOException {
        try (DataOutputStream out = open(file, "|u1", shape)) {
            out.write(values);
        }
    }

    private static DataOutputStream open(Path file, String descr, int... shape) throws IOException {
        String dims = shape.length == 1 ? shape[0] + "," : Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
        DataOutputStream out = new DataOutputStream(raw);
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.writeShort(Short.reverseBytes((short) header.length()));
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        return out;
    }
}
