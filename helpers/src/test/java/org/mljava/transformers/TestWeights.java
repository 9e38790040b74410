package org.mljava.transformers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** Random checkpoints for the shapes of a model, and hub-style folders written from them. */
final class TestWeights {

    /** LayerNorm gains, in all the architectures' spellings. */
    private static final Pattern GAIN = Pattern.compile(".*(LayerNorm|layer_norm|ln_\\w+)\\.(weight|gamma)");

    private TestWeights() {
    }

    static Map<String, long[]> shapes(HfBlock block) {
        Map<String, long[]> out = new LinkedHashMap<>();
        block.namedParameters().forEach((name, p) -> out.put(name, p.getShape().getShape()));
        return out;
    }

    /** Every weight N(0, 0.3^2), LayerNorm gains around 1: no part of a computation hides behind zeros or ones. */
    static Checkpoint random(Map<String, long[]> shapes, long seed) {
        Random random = new Random(seed);
        Map<String, WeightTensor> t = new LinkedHashMap<>();
        shapes.forEach((name, shape) -> {
            float[] v = new float[(int) WeightTensor.size(shape)];
            boolean gain = GAIN.matcher(name).matches();
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) ((gain ? 1 : 0) + 0.3 * random.nextGaussian());
            }
            t.put(name, WeightTensor.of(shape, v));
        });
        return Checkpoint.of("random", t);
    }

    /** The same tensors under other names. */
    static Checkpoint renamed(Checkpoint c, UnaryOperator<String> rename) {
        Map<String, WeightTensor> t = new LinkedHashMap<>();
        c.tensors().forEach((name, w) -> t.put(rename.apply(name), w));
        return Checkpoint.of(c.source(), t);
    }

    /** Writes config.json (text as given) and model.safetensors into a new folder. */
    static Path folder(Path folder, String configJson, Checkpoint weights) {
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("config.json"), configJson);
            Safetensors.write(folder.resolve("model.safetensors"), weights);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
