package org.mljava.transformers;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts a checkpoint's weights into a block's parameters, by Hugging Face name, after checking that
 * they fit ({@link WeightMapping}); and takes them out again as a {@link Checkpoint} to save.
 * <pre>{@code
 * BertEncoder encoder = new BertEncoder(config);
 * encoder.initializeWeights(manager);                          // create, then overwrite
 * WeightMapping.Plan plan = WeightLoader.load(encoder, Safetensors.read(file));
 * Safetensors.write(out, WeightLoader.checkpoint(encoder, "fine-tuned"));
 * }</pre>
 * Weights are set in place ({@code getArray().set(...)}), so a later {@code trainer.initialize()} keeps them.
 */
public final class WeightLoader {

    private WeightLoader() {
    }

    /** The rules for a pretrained body: its Hugging Face prefix, and the pretraining extras its checkpoints carry. */
    public static WeightMapping mappingFor(TransformerBody body) {
        return WeightMapping.strict().withPrefixes(body.config().checkpointPrefix())
                .ignoring(body.ignoredCheckpointNames().toArray(String[]::new));
    }

    /** Loads a pretrained checkpoint into a body (prefix stripped, pretraining heads ignored, nothing missing). */
    public static WeightMapping.Plan load(TransformerBody body, Checkpoint checkpoint) {
        return load(body, checkpoint, mappingFor(body));
    }

    /** Loads a checkpoint into any {@link HfBlock} with the given rules; the block must be initialized. */
    public static WeightMapping.Plan load(HfBlock block, Checkpoint checkpoint, WeightMapping mapping) {
        return load(block.namedParameters(), checkpoint, mapping, block.getClass().getSimpleName());
    }

    /** Loads a checkpoint into named parameters (part of a block); {@code target} names them in messages. */
    public static WeightMapping.Plan load(Map<String, Parameter> params, Checkpoint checkpoint, WeightMapping mapping, String target) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        params.forEach((name, p) -> shapes.put(name, p.getShape().getShape()));
        WeightMapping.Plan plan = mapping.plan(shapes, checkpoint, target);
        for (Map.Entry<String, String> e : plan.assignments().entrySet()) {
            Parameter p = params.get(e.getKey());
            if (!p.isInitialized()) {
                throw new IllegalStateException("the block's weights do not exist yet: call initializeWeights(manager) before loading");
            }
            p.getArray().set(FloatBuffer.wrap(checkpoint.get(e.getValue()).values()));
        }
        return plan;
    }

    /** The block's weights as a checkpoint (float32 copies), named as Hugging Face names them. */
    public static Checkpoint checkpoint(HfBlock block, String source) {
        Map<String, WeightTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : block.namedParameters().entrySet()) {
            NDArray a = e.getValue().getArray();
            tensors.put(e.getKey(), WeightTensor.of(a.getShape().getShape(), a.toFloatArray()));
        }
        return Checkpoint.of(source, tensors);
    }
}
