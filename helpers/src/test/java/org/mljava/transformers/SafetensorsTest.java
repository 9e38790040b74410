package org.mljava.transformers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors reader against files laid out byte by byte here, and the writer against the reader. */
class SafetensorsTest {

    @TempDir
    Path dir;

    /** A safetensors file from a header text and data bytes, as the format describes it. */
    static byte[] file(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
        out.writeBytes(json);
        out.writeBytes(data);
        return out.toByteArray();
    }

    static byte[] littleEndianFloats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    @Test
    void readsAHandWrittenFileWithFloatHalfBfloatAndIntegerTensors() throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(littleEndianFloats(1f, 2f, 3f, 4f, 5f, 6f));               // a: F32 [2, 3], bytes 0-24
        // b: F16 [3]: 1.0 = 0x3C00, -2.0 = 0xC000, 0.5 = 0x3800 (little-endian), bytes 24-30
        data.writeBytes(new byte[] {0x00, 0x3C, 0x00, (byte) 0xC0, 0x00, 0x38});
        // c: BF16 [2]: 1.0 = 0x3F80, -0.15625 = 0xBE20, bytes 30-34
        data.writeBytes(new byte[] {(byte) 0x80, 0x3F, 0x20, (byte) 0xBE});
        // d: I64 [2] (a buffer such as position_ids), bytes 34-50
        data.writeBytes(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0).putLong(1).array());
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                + "\"b\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[24,30]},"
                + "\"c\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[30,34]},"
                + "\"d\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[34,50]}}";
        Path f = dir.resolve("hand.safetensors");
        Files.write(f, file(header, data.toByteArray()));

        Checkpoint c = Safetensors.read(f);
        assertEquals(Set.of("a", "b", "c"), c.names());
        assertArrayEquals(new long[] {2, 3}, c.get("a").shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, c.get("a").values());
        assertArrayEquals(new float[] {1f, -2f, 0.5f}, c.get("b").values());
        assertEquals("F16", c.get("b").storedType());
        assertArrayEquals(new float[] {1f, -0.15625f}, c.get("c").values());
        assertTrue(c.skipped().get("d").startsWith("I64[2]"), c.skipped().toString());
        assertEquals(Map.of("format", "pt"), c.metadata());
        assertEquals(4, Safetensors.header(f).size());
    }

    @Test
    void writeThenReadGivesTheSameTensorsAndAnAlignedHeader() throws IOException {
        Map<String, WeightTensor> tensors = new LinkedHashMap<>();
        tensors.put("h.0.attn.c_attn.weight", WeightTensor.of(new long[] {4, 12}, ramp(48, 0.25f)));
        tensors.put("h.0.attn.c_attn.bias", WeightTensor.of(new long[] {12}, ramp(12, -1f)));
        tensors.put("scalar", WeightTensor.of(new long[] {}, new float[] {3.5f}));
        tensors.put("empty", WeightTensor.of(new long[] {0, 5}, new float[0]));
        Path f = dir.resolve("round.safetensors");
        Safetensors.write(f, Checkpoint.of("mem", tensors).withMetadata(Map.of("saved_by", "test")));

        byte[] bytes = Files.readAllBytes(f);
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + headerLength) % 8, "data starts 8-byte aligned");
        assertEquals(8 + headerLength + 4L * (48 + 12 + 1), bytes.length);
        Checkpoint back = Safetensors.read(f);
        assertEquals(tensors.keySet(), back.names());
        for (var e : tensors.entrySet()) {
            assertEquals(e.getValue(), back.get(e.getKey()), e.getKey());
        }
        assertEquals("test", back.metadata().get("saved_by"));
        // the first tensor's bytes sit right after the header, little-endian
        assertEquals(0.25f * 3, ByteBuffer.wrap(bytes, (int) (8 + headerLength) + 12, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat());
    }

    @Test
    void leftOutNamesAreNotRead() throws IOException {
        Path f = dir.resolve("two.safetensors");
        Safetensors.write(f, Checkpoint.of("mem", Map.of("keep", WeightTensor.of(new long[] {2}, new float[] {1, 2}),
                "h.0.attn.bias", WeightTensor.of(new long[] {1, 1, 2, 2}, new float[] {1, 0, 1, 1}))));
        Checkpoint c = Safetensors.read(f, Set.of("h.0.attn.bias"));
        assertEquals(Set.of("keep"), c.names());
        assertTrue(c.skipped().containsKey("h.0.attn.bias"));
    }

    @Test
    void malformedFilesAreRejectedNamingTheBadTensor() throws IOException {
        // offsets past the data, and a byte count that does not match the shape
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"short\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[16,24]},"
                + "\"far\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[100,104]}}";
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, file(header, new byte[24]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Safetensors.read(f));
        assertTrue(e.getMessage().contains("short: F32[3] needs 12 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("far: data_offsets [100,104] lie outside the 24 data bytes"), e.getMessage());
        assertTrue(!e.getMessage().contains("w:"), "the good tensor is not named: " + e.getMessage());

        Path notSafetensors = dir.resolve("config.json");
        Files.writeString(notSafetensors, "{\"model_type\": \"bert\"}");
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> Safetensors.read(notSafetensors));
        assertTrue(e2.getMessage().contains("not a safetensors file"), e2.getMessage());
    }

    static float[] ramp(int n, float step) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i * step;
        }
        return v;
    }
}
