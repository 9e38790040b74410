package org.mljava.transformers;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights (graph initializers) of an ONNX file, read with protobuf-java against a schema of
 * just the ONNX fields needed (ModelProto.graph, GraphProto.node/initializer, NodeProto
 * input/output/name/op_type, TensorProto dims/data_type/name/raw_data/float_data/...), built in
 * Java so no build plugin compiles {@code onnx.proto}.
 * <pre>{@code
 * Checkpoint raw = OnnxInitializers.readRaw(Models.miniLmOnnx(false));  // names as stored
 * Checkpoint hf = OnnxInitializers.read(Models.miniLmOnnx(false));      // PyTorch names and layout
 * }</pre>
 * <p>Why two: a PyTorch export keeps the module names of biases, LayerNorms and embedding tables
 * ({@code encoder.layer.0.attention.self.query.bias}), but stores each Linear weight pre-transposed,
 * as [in, out], under a generated name ({@code onnx::MatMul_1234}) as the second input of a MatMul
 * node. {@link #read} gives such a weight the name of the node that consumes it
 * ({@code /encoder/layer.0/attention/self/query/MatMul} -> {@code encoder.layer.0.attention.self.query.weight})
 * and transposes it to torch.nn.Linear's [out, in]. Integer initializers ({@code position_ids})
 * are listed as skipped. Not supported: weights in external data files (models over 2 GB) and
 * quantized (int8) weights.
 */
public final class OnnxInitializers {

    // ONNX TensorProto.DataType values
    static final int FLOAT = 1;
    static final int FLOAT16 = 10;
    static final int DOUBLE = 11;
    static final int BFLOAT16 = 16;
    private static final String[] TYPE_NAMES = {"UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32",
        "INT64", "STRING", "BOOL", "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16"};

    static final Descriptors.Descriptor MODEL;
    static final Descriptors.Descriptor GRAPH;
    static final Descriptors.Descriptor NODE;
    static final Descriptors.Descriptor TENSOR;

    static {
        // field numbers from onnx.proto (github.com/onnx/onnx/blob/main/onnx/onnx.proto); all others
        // are kept as unknown fields and ignored
        DescriptorProto tensor = DescriptorProto.newBuilder().setName("TensorProto")
                .addField(field("dims", 1, FieldDescriptorProto.Type.TYPE_INT64, true))
                .addField(field("data_type", 2, FieldDescriptorProto.Type.TYPE_INT32, false))
                .addField(field("float_data", 4, FieldDescriptorProto.Type.TYPE_FLOAT, true))
                .addField(field("int32_data", 5, FieldDescriptorProto.Type.TYPE_INT32, true))
                .addField(field("int64_data", 7, FieldDescriptorProto.Type.TYPE_INT64, true))
                .addField(field("name", 8, FieldDescriptorProto.Type.TYPE_STRING, false))
                .addField(field("raw_data", 9, FieldDescriptorProto.Type.TYPE_BYTES, false))
                .addField(field("double_data", 10, FieldDescriptorProto.Type.TYPE_DOUBLE, true))
                .addField(field("data_location", 14, FieldDescriptorProto.Type.TYPE_INT32, false))
                .build();
        DescriptorProto node = DescriptorProto.newBuilder().setName("NodeProto")
                .addField(field("input", 1, FieldDescriptorProto.Type.TYPE_STRING, true))
                .addField(field("output", 2, FieldDescriptorProto.Type.TYPE_STRING, true))
                .addField(field("name", 3, FieldDescriptorProto.Type.TYPE_STRING, false))
                .addField(field("op_type", 4, FieldDescriptorProto.Type.TYPE_STRING, false))
                .build();
        DescriptorProto graph = DescriptorProto.newBuilder().setName("GraphProto")
                .addField(message("node", 1, ".onnx.NodeProto", true))
                .addField(field("name", 2, FieldDescriptorProto.Type.TYPE_STRING, false))
                .addField(message("initializer", 5, ".onnx.TensorProto", true))
                .build();
        DescriptorProto model = DescriptorProto.newBuilder().setName("ModelProto")
                .addField(field("ir_version", 1, FieldDescriptorProto.Type.TYPE_INT64, false))
                .addField(field("producer_name", 2, FieldDescriptorProto.Type.TYPE_STRING, false))
                .addField(message("graph", 7, ".onnx.GraphProto", false))
                .build();
        FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("mljava_onnx_subset.proto")
                .setPackage("onnx").setSyntax("proto2")
                .addMessageType(tensor).addMessageType(node).addMessageType(graph).addMessageType(model)
                .build();
        try {
            Descriptors.FileDescriptor fd = Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0]);
            MODEL = fd.findMessageTypeByName("ModelProto");
            GRAPH = fd.findMessageTypeByName("GraphProto");
            NODE = fd.findMessageTypeByName("NodeProto");
            TENSOR = fd.findMessageTypeByName("TensorProto");
        } catch (Descriptors.DescriptorValidationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private OnnxInitializers() {
    }

    /** One graph node: what the renaming needs. */
    public record Node(String name, String opType, List<String> inputs, List<String> outputs) {
    }

    /** The initializers exactly as stored (names, shapes); integer ones are listed as skipped. */
    public static Checkpoint readRaw(Path onnx) {
        return parse(onnx).checkpoint;
    }

    /** The graph's nodes, in order (to see which node consumes which weight). */
    public static List<Node> nodes(Path onnx) {
        return parse(onnx).nodes;
    }

    /**
     * The initializers with PyTorch names and layout: a float 2-D initializer with a generated name
     * ({@code onnx::...}) that is the second input of a MatMul node is renamed after that node
     * and transposed from [in, out] to [out, in]; everything else is kept as stored.
     */
    public static Checkpoint read(Path onnx) {
        Parsed parsed = parse(onnx);
        Map<String, String> consumer = new LinkedHashMap<>();
        for (Node n : parsed.nodes) {
            if (n.opType().equals("MatMul") && n.inputs().size() == 2) {
                String weight = n.inputs().get(1);
                if (consumer.containsKey(weight)) {
                    consumer.put(weight, null); // used twice (tied): no single name to give it
                } else {
                    consumer.put(weight, n.name());
                }
            }
        }
        Map<String, WeightTensor> renamed = new LinkedHashMap<>();
        for (Map.Entry<String, WeightTensor> e : parsed.checkpoint.tensors().entrySet()) {
            String name = e.getKey();
            WeightTensor t = e.getValue();
            String node = consumer.get(name);
            String torchName = node == null ? null : torchName(node);
            if (name.startsWith("onnx::") && t.shape().length == 2 && torchName != null) {
                if (renamed.containsKey(torchName) || parsed.checkpoint.contains(torchName)) {
                    throw new IllegalArgumentException(onnx.getFileName() + ": two weights would be named " + torchName);
                }
                renamed.put(torchName, t.transposed());
            } else {
                renamed.put(name, t);
            }
        }
        return new Checkpoint(parsed.checkpoint.source(), renamed, parsed.checkpoint.skipped(), parsed.checkpoint.metadata());
    }

    /** "/encoder/layer.0/attention/self/query/MatMul" -> "encoder.layer.0.attention.self.query.weight"; null if it has no path. */
    static String torchName(String nodeName) {
        if (nodeName == null || !nodeName.startsWith("/")) {
            return null;
        }
        String[] parts = nodeName.substring(1).split("/");
        if (parts.length < 2) {
            return null;
        }
        // the last part is the operator's own name (MatMul, MatMul_1)
        return String.join(".", java.util.Arrays.copyOf(parts, parts.length - 1)) + ".weight";
    }

    private record Parsed(Checkpoint checkpoint, List<Node> nodes) {
    }

    private static Parsed parse(Path onnx) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(onnx);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + onnx + ": " + e.getMessage(), e);
        }
        String where = onnx.getFileName().toString();
        DynamicMessage model;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.enableAliasing(true); // raw_data points into 'bytes' instead of being copied
            in.setSizeLimit(Integer.MAX_VALUE);
            model = DynamicMessage.parseFrom(MODEL, in);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + " is not an ONNX model (protobuf: " + e.getMessage() + ")", e);
        }
        if (!model.hasField(MODEL.findFieldByName("graph"))) {
            throw new IllegalArgumentException(where + " is not an ONNX model: it has no graph");
        }
        DynamicMessage graph = (DynamicMessage) model.getField(MODEL.findFieldByName("graph"));
        List<Node> nodes = new ArrayList<>();
        for (Object o : (List<?>) graph.getField(GRAPH.findFieldByName("node"))) {
            DynamicMessage n = (DynamicMessage) o;
            nodes.add(new Node(str(n, NODE, "name"), str(n, NODE, "op_type"), strings(n, NODE, "input"), strings(n, NODE, "output")));
        }
        Map<String, WeightTensor> tensors = new LinkedHashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (Object o : (List<?>) graph.getField(GRAPH.findFieldByName("initializer"))) {
            DynamicMessage t = (DynamicMessage) o;
            String name = str(t, TENSOR, "name");
            List<?> dimList = (List<?>) t.getField(TENSOR.findFieldByName("dims"));
            long[] dims = new long[dimList.size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = (Long) dimList.get(i);
            }
            int type = (Integer) t.getField(TENSOR.findFieldByName("data_type"));
            String shapeText = java.util.Arrays.toString(dims);
            if (((Integer) t.getField(TENSOR.findFieldByName("data_location"))) == 1) {
                throw new IllegalArgumentException(where + ": initializer " + name + " is stored in an external data file,"
                        + " which this reader does not follow");
            }
            if (type != FLOAT && type != FLOAT16 && type != DOUBLE && type != BFLOAT16) {
                skipped.put(name, typeName(type) + shapeText + ", not a float weight");
                continue;
            }
            tensors.put(name, new WeightTensor(dims, floats(t, type, dims, where, name), safetensorsType(type)));
        }
        return new Parsed(new Checkpoint(where, tensors, skipped, Map.of()), nodes);
    }

    private static float[] floats(DynamicMessage t, int type, long[] dims, String where, String name) {
        long count = WeightTensor.size(dims);
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(where + ": initializer " + name + " is too large for a Java array");
        }
        int n = (int) count;
        float[] out = new float[n];
        ByteString raw = (ByteString) t.getField(TENSOR.findFieldByName("raw_data"));
        if (!raw.isEmpty()) {
            int width = type == DOUBLE ? 8 : type == FLOAT ? 4 : 2;
            if (raw.size() != (long) n * width) {
                throw new IllegalArgumentException(where + ": initializer " + name + " " + java.util.Arrays.toString(dims)
                        + " has " + raw.size() + " bytes of raw_data, needs " + (long) n * width);
            }
            ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            switch (type) {
                case FLOAT -> b.asFloatBuffer().get(out);
                case DOUBLE -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = (float) b.getDouble();
                    }
                }
                case FLOAT16 -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = Float.float16ToFloat(b.getShort());
                    }
                }
                default -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = Float.intBitsToFloat((b.getShort() & 0xFFFF) << 16);
                    }
                }
            }
            return out;
        }
        // typed fields: float_data for FLOAT; FLOAT16/BFLOAT16 bit patterns in int32_data; double_data
        List<?> values = (List<?>) t.getField(TENSOR.findFieldByName(
                type == FLOAT ? "float_data" : type == DOUBLE ? "double_data" : "int32_data"));
        if (values.size() != n) {
            throw new IllegalArgumentException(where + ": initializer " + name + " " + java.util.Arrays.toString(dims)
                    + " has " + values.size() + " values, needs " + n);
        }
        for (int i = 0; i < n; i++) {
            Object v = values.get(i);
            out[i] = switch (type) {
                case FLOAT -> (Float) v;
                case DOUBLE -> (float) (double) (Double) v;
                case FLOAT16 -> Float.float16ToFloat((short) (int) (Integer) v);
                default -> Float.intBitsToFloat(((Integer) v & 0xFFFF) << 16);
            };
        }
        return out;
    }

    private static String safetensorsType(int type) {
        return switch (type) {
            case FLOAT16 -> "F16";
            case DOUBLE -> "F64";
            case BFLOAT16 -> "BF16";
            default -> "F32";
        };
    }

    private static String typeName(int type) {
        return type >= 0 && type < TYPE_NAMES.length ? TYPE_NAMES[type] : "type " + type;
    }

    private static String str(DynamicMessage m, Descriptors.Descriptor d, String field) {
        return (String) m.getField(d.findFieldByName(field));
    }

    private static List<String> strings(DynamicMessage m, Descriptors.Descriptor d, String field) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) m.getField(d.findFieldByName(field))) {
            out.add((String) o);
        }
        return out;
    }

    private static FieldDescriptorProto field(String name, int number, FieldDescriptorProto.Type type, boolean repeated) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
                .setLabel(repeated ? FieldDescriptorProto.Label.LABEL_REPEATED : FieldDescriptorProto.Label.LABEL_OPTIONAL)
                .build();
    }

    private static FieldDescriptorProto message(String name, int number, String typeName, boolean repeated) {
        return field(name, number, FieldDescriptorProto.Type.TYPE_MESSAGE, repeated).toBuilder().setTypeName(typeName).build();
    }
}
