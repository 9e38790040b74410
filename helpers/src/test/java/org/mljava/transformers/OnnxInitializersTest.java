package org.mljava.transformers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mljava.models.Models;

/**
 * ONNX initializers from a model written here field by field (numbers from onnx.proto, encoded
 * with protobuf's own writer, not with the reader's schema), and from the real MiniLM file.
 */
class OnnxInitializersTest {

    @TempDir
    Path dir;

    /** Writes one length-delimited field holding {@code body}. */
    static void message(CodedOutputStream out, int field, byte[] body) throws IOException {
        out.writeByteArray(field, body);
    }

    static byte[] bytes(IoWriter w) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        w.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    interface IoWriter {
        void write(CodedOutputStream out) throws IOException;
    }

    /** A graph: MatMul(x, onnx::MatMul_5) named like a PyTorch export, a bias in float_data, int64 position ids. */
    static byte[] tinyModel() throws IOException {
        byte[] node = bytes(o -> {
            o.writeString(1, "x");                 // NodeProto.input
            o.writeString(1, "onnx::MatMul_5");
            o.writeString(2, "y");                 // output
            o.writeString(3, "/encoder/layer.0/attention/self/query/MatMul"); // name
            o.writeString(4, "MatMul");            // op_type
        });
        byte[] weight = bytes(o -> {              // [in 2, out 3] row-major: 1 2 3 / 4 5 6
            o.writeInt64(1, 2);                    // TensorProto.dims
            o.writeInt64(1, 3);
            o.writeInt32(2, 1);                    // data_type FLOAT
            o.writeString(8, "onnx::MatMul_5");    // name
            o.writeBytes(9, ByteString.copyFrom(SafetensorsTest.littleEndianFloats(1, 2, 3, 4, 5, 6))); // raw_data
        });
        byte[] bias = bytes(o -> {
            o.writeInt64(1, 3);
            o.writeInt32(2, 1);
            for (float v : new float[] {0.5f, -1f, 2f}) {
                o.writeFloat(4, v);                // float_data, unpacked
            }
            o.writeString(8, "encoder.layer.0.attention.self.query.bias");
        });
        byte[] positions = bytes(o -> {
            o.writeInt64(1, 1);
            o.writeInt64(1, 4);
            o.writeInt32(2, 7);                    // INT64
            for (long v = 0; v < 4; v++) {
                o.writeInt64(7, v);                // int64_data
            }
            o.writeString(8, "embeddings.position_ids");
        });
        byte[] graph = bytes(o -> {
            message(o, 1, node);                   // GraphProto.node
            o.writeString(2, "tiny");
            message(o, 5, weight);                 // initializer
            message(o, 5, bias);
            message(o, 5, positions);
        });
        return bytes(o -> {
            o.writeInt64(1, 8);                    // ModelProto.ir_version
            o.writeString(2, "pytorch");           // producer_name
            message(o, 7, graph);                  // graph
        });
    }

    @Test
    void rawNamesAndValuesAsStored() throws IOException {
        Path f = dir.resolve("tiny.onnx");
        Files.write(f, tinyModel());
        Checkpoint raw = OnnxInitializers.readRaw(f);
        assertEquals(List.of("onnx::MatMul_5", "encoder.layer.0.attention.self.query.bias"), List.copyOf(raw.names()));
        assertArrayEquals(new long[] {2, 3}, raw.get("onnx::MatMul_5").shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, raw.get("onnx::MatMul_5").values());
        assertArrayEquals(new float[] {0.5f, -1f, 2f}, raw.get("encoder.layer.0.attention.self.query.bias").values());
        assertTrue(raw.skipped().get("embeddings.position_ids").startsWith("INT64[1, 4]"), raw.skipped().toString());
        OnnxInitializers.Node n = OnnxInitializers.nodes(f).get(0);
        assertEquals("MatMul", n.opType());
        assertEquals(List.of("x", "onnx::MatMul_5"), n.inputs());
    }

    @Test
    void matMulWeightsGetTheirModuleNameAndLinearsLayout() throws IOException {
        Path f = dir.resolve("tiny.onnx");
        Files.write(f, tinyModel());
        Checkpoint hf = OnnxInitializers.read(f);
        assertFalse(hf.contains("onnx::MatMul_5"));
        WeightTensor w = hf.get("encoder.layer.0.attention.self.query.weight");
        assertArrayEquals(new long[] {3, 2}, w.shape(), "[out, in] as torch.nn.Linear keeps it");
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, w.values(), "the transpose of 1 2 3 / 4 5 6");
        assertEquals("encoder.layer.0.attention.self.query.weight", OnnxInitializers.torchName("/encoder/layer.0/attention/self/query/MatMul"));
        assertEquals(null, OnnxInitializers.torchName("MatMul_3"));
    }

    @Test
    void somethingElseIsNotAnOnnxModel() throws IOException {
        Path f = dir.resolve("broken.onnx");
        Files.write(f, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxInitializers.read(f));
        assertTrue(e.getMessage().contains("broken.onnx is not an ONNX model"), e.getMessage());
    }

    @Test
    void theRealMiniLmFileHasBertsWeightsAfterRenaming() {
        Checkpoint minilm = OnnxInitializers.read(Models.miniLmOnnx(false));
        System.out.println(minilm.summary());
        assertEquals(101, minilm.size());
        assertEquals(List.of("embeddings.position_ids"), List.copyOf(minilm.skipped().keySet()));
        assertTrue(minilm.names().stream().noneMatch(n -> n.startsWith("onnx::")), "every MatMul weight renamed");
        // 6 layers x 6 Linear weights, each [out, in]
        for (int layer = 0; layer < 6; layer++) {
            String p = "encoder.layer." + layer + ".";
            assertArrayEquals(new long[] {384, 384}, minilm.get(p + "attention.self.query.weight").shape());
            assertArrayEquals(new long[] {1536, 384}, minilm.get(p + "intermediate.dense.weight").shape());
            assertArrayEquals(new long[] {384, 1536}, minilm.get(p + "output.dense.weight").shape());
        }
        assertArrayEquals(new long[] {30522, 384}, minilm.get("embeddings.word_embeddings.weight").shape());
    }
}
