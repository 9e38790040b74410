package org.mljava.transformers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hugging Face's safetensors format, read and written: the file the hub serves for BERT,
 * DistilBERT, GPT-2, XLM-R ({@code model.safetensors}).
 * <p>Layout: 8 bytes, the header's length N as a little-endian unsigned 64-bit integer; N bytes of
 * JSON, {@code {"name": {"dtype": "F32", "shape": [768, 2304], "data_offsets": [begin, end]}, ...,
 * "__metadata__": {"key": "value"}}}; then the data, little-endian, row-major, offsets counted from
 * the end of the header.
 * <pre>{@code
 * Checkpoint gpt2 = Safetensors.read(path);                 // F32, F16 and BF16 become floats
 * Safetensors.write(Path.of("tiny.safetensors"), checkpoint);   // F32
 * Map<String, Safetensors.Entry> header = Safetensors.header(path); // names, types, shapes only
 * }</pre>
 * Integer tensors (I64 {@code position_ids}, U8/BOOL attention-mask buffers) are not weights: they
 * are listed in {@link Checkpoint#skipped()}, not read.
 */
public final class Safetensors {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The header may not be larger than this (the reference implementation's limit is 100 MB). */
    static final long MAX_HEADER_BYTES = 100L << 20;

    private Safetensors() {
    }

    /** One header entry: element type, shape and byte range (relative to the data section). */
    public record Entry(String dtype, long[] shape, long begin, long end) {
        public long elements() {
            return WeightTensor.size(shape);
        }

        public String shapeText() {
            return java.util.Arrays.toString(shape);
        }
    }

    /** The header alone: tensor name -> entry, in file order; cheap even for a 500 MB file. */
    public static Map<String, Entry> header(Path file) {
        return readHeader(file).entries;
    }

    /** Reads every float tensor (F32, F16, BF16, F64) as 32-bit floats; others are listed as skipped. */
    public static Checkpoint read(Path file) {
        return read(file, Set.of());
    }

    /**
     * Reads the float tensors except those named in {@code leaveOut} (buffers a model does not use,
     * such as GPT-2's 1024x1024 causal-mask copies {@code h.N.attn.bias}); those go to skipped.
     */
    public static Checkpoint read(Path file, Set<String> leaveOut) {
        Header header = readHeader(file);
        Map<String, WeightTensor> tensors = new LinkedHashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (Map.Entry<String, Entry> e : header.entries.entrySet()) {
                Entry entry = e.getValue();
                int width = floatWidth(entry.dtype());
                if (width == 0) {
                    skipped.put(e.getKey(), entry.dtype() + entry.shapeText() + ", not a float weight");
                    continue;
                }
                if (leaveOut.contains(e.getKey())) {
                    skipped.put(e.getKey(), entry.dtype() + entry.shapeText() + ", left out by the caller");
                    continue;
                }
                if (entry.elements() > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException(file + ": tensor " + e.getKey() + " has " + entry.elements()
                            + " elements, more than a Java array holds");
                }
                MappedByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, header.dataStart + entry.begin(),
                        entry.end() - entry.begin());
                bytes.order(ByteOrder.LITTLE_ENDIAN);
                tensors.put(e.getKey(), new WeightTensor(entry.shape(), decode(bytes, entry.dtype(), (int) entry.elements()), entry.dtype()));
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + file + ": " + ex.getMessage(), ex);
        }
        return new Checkpoint(file.getFileName().toString(), tensors, skipped, header.metadata);
    }

    /** Writes every tensor as F32, with the checkpoint's metadata; the file is replaced atomically. */
    public static void write(Path file, Checkpoint checkpoint) {
        ObjectNode header = JSON.createObjectNode();
        if (!checkpoint.metadata().isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            checkpoint.metadata().forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, WeightTensor> e : checkpoint.tensors().entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("'__metadata__' is reserved in safetensors and cannot name a tensor");
            }
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", "F32");
            ArrayNode shape = entry.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            long bytes = 4L * e.getValue().values().length;
            entry.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
        // the data starts 8-byte aligned, as the reference writer does: pad the header with spaces
        int padded = (json.length + 7) / 8 * 8;
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, "." + file.getFileName(), ".part");
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(temp), 1 << 20)) {
                ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
                out.write(length.array());
                out.write(json);
                for (int i = json.length; i < padded; i++) {
                    out.write(' ');
                }
                ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
                for (WeightTensor t : checkpoint.tensors().values()) {
                    for (float v : t.values()) {
                        if (!chunk.hasRemaining()) {
                            out.write(chunk.array(), 0, chunk.position());
                            chunk.clear();
                        }
                        chunk.putFloat(v);
                    }
                }
                out.write(chunk.array(), 0, chunk.position());
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + file + ": " + ex.getMessage(), ex);
        }
    }

    private record Header(Map<String, Entry> entries, Map<String, String> metadata, long dataStart) {
    }

    private static Header readHeader(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            String where = file.getFileName().toString();
            if (fileSize < 8) {
                throw new IllegalArgumentException(where + " is not a safetensors file: " + fileSize + " bytes, shorter than the 8-byte header length");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > fileSize - 8) {
                throw new IllegalArgumentException(where + " is not a safetensors file: its header length field says "
                        + Long.toUnsignedString(headerLength) + " bytes (file: " + fileSize + " bytes)");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(channel, headerBytes, 8);
            JsonNode root;
            try {
                root = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(where + ": the safetensors header is not JSON: " + e.getOriginalMessage(), e);
            }
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException(where + ": the safetensors header is not a JSON object");
            }
            long dataStart = 8 + headerLength;
            long dataLength = fileSize - dataStart;
            Map<String, Entry> entries = new LinkedHashMap<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            List<String> problems = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals("__metadata__")) {
                    f.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                    continue;
                }
                try {
                    entries.put(f.getKey(), entry(f.getValue(), dataLength));
                } catch (IllegalArgumentException e) {
                    problems.add(f.getKey() + ": " + e.getMessage());
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(where + ": " + problems.size() + " malformed tensor entr"
                        + (problems.size() == 1 ? "y" : "ies") + " in the safetensors header: " + String.join("; ", problems));
            }
            return new Header(entries, metadata, dataStart);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Entry entry(JsonNode node, long dataLength) {
        JsonNode dtype = node.get("dtype");
        JsonNode shapeNode = node.get("shape");
        JsonNode offsets = node.get("data_offsets");
        if (dtype == null || !dtype.isTextual() || shapeNode == null || !shapeNode.isArray() || offsets == null
                || !offsets.isArray() || offsets.size() != 2) {
            throw new IllegalArgumentException("needs \"dtype\", \"shape\" and \"data_offsets\" [begin, end], has " + node);
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!shapeNode.get(i).canConvertToLong() || shapeNode.get(i).asLong() < 0) {
                throw new IllegalArgumentException("shape " + shapeNode + " is not a list of sizes");
            }
            shape[i] = shapeNode.get(i).asLong();
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        int width = elementBytes(dtype.asText());
        long expected = Math.multiplyExact(WeightTensor.size(shape), width);
        if (begin < 0 || end < begin || end > dataLength) {
            throw new IllegalArgumentException("data_offsets " + offsets + " lie outside the " + dataLength + " data bytes");
        }
        if (end - begin != expected) {
            throw new IllegalArgumentException(dtype.asText() + shapeNode + " needs " + expected + " bytes, data_offsets "
                    + offsets + " give " + (end - begin));
        }
        return new Entry(dtype.asText(), shape, begin, end);
    }

    private static int elementBytes(String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2" -> 1;
            default -> throw new IllegalArgumentException("unknown dtype " + dtype);
        };
    }

    /** Bytes per element of a float type this reader converts, 0 for a type it skips. */
    private static int floatWidth(String dtype) {
        return switch (dtype) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            case "F64" -> 8;
            default -> 0;
        };
    }

    private static float[] decode(ByteBuffer bytes, String dtype, int n) {
        float[] out = new float[n];
        switch (dtype) {
            case "F32" -> bytes.asFloatBuffer().get(out);
            case "F64" -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) bytes.getDouble(8 * i);
                }
            }
            case "F16" -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float.float16ToFloat(bytes.getShort(2 * i));
                }
            }
            case "BF16" -> {
                // bfloat16 is the upper half of a float32
                for (int i = 0; i < n; i++) {
                    out[i] = Float.intBitsToFloat((bytes.getShort(2 * i) & 0xFFFF) << 16);
                }
            }
            default -> throw new IllegalArgumentException("not a float type: " + dtype);
        }
        return out;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long pos = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + pos);
            }
            pos += n;
        }
    }
}
