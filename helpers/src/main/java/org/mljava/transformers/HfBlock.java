package org.mljava.transformers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A DJL block whose weights carry Hugging Face's names: every child is registered under its
 * dotted module name ("attention.self.query") and every parameter under its own ("weight"), so
 * {@link #namedParameters()} gives exactly the names of a PyTorch {@code state_dict}
 * ("encoder.layer.0.attention.self.query.weight"). That is what lets checkpoints load by name and
 * be saved back as safetensors that Hugging Face can read.
 * <pre>{@code
 * BertEncoder encoder = new BertEncoder(BertConfig.bert(1000, 64, 2, 4, 128, 64));
 * encoder.initializeWeights(manager);
 * encoder.namedParameters().forEach((name, p) -> System.out.println(name + " " + p.getShape()));
 * }</pre>
 * All parameter shapes are known from the config, so no input shapes are needed to initialize;
 * weights are initialized as Hugging Face does (normal with standard deviation 0.02, zero biases,
 * LayerNorm 1 and 0) and then usually overwritten by a checkpoint.
 */
public abstract class HfBlock extends AbstractBlock {

    /** Hugging Face's initializer_range: weights ~ N(0, 0.02^2). */
    static final float INITIALIZER_RANGE = 0.02f;

    private final Map<String, Block> namedChildren = new LinkedHashMap<>();

    protected HfBlock() {
    }

    /** Registers a child under its Hugging Face module name (dots allowed). */
    protected final <B extends Block> B addNamed(String hfName, B child) {
        namedChildren.put(hfName, child);
        return addChildBlock(hfName.replace('.', '_'), child);
    }

    /** A parameter with a fixed shape, initialized like Hugging Face's models. */
    protected final Parameter addWeight(String name, Parameter.Type type, long... shape) {
        Initializer init = switch (type) {
            case WEIGHT -> new NormalInitializer(INITIALIZER_RANGE);
            case GAMMA -> Initializer.ONES;
            default -> Initializer.ZEROS;
        };
        return addParameter(Parameter.builder().setName(name).setType(type).optShape(new Shape(shape)).optInitializer(init).build());
    }

    /**
     * Every weight by its Hugging Face name, in module order. A parameter shared by two modules
     * (tied embeddings) appears once, under its first name.
     */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private void collect(String prefix, Map<String, Parameter> out, Set<Parameter> seen) {
        for (Parameter p : getDirectParameters().values()) {
            if (seen.add(p)) {
                out.put(prefix + p.getName(), p);
            }
        }
        for (Map.Entry<String, Block> child : namedChildren.entrySet()) {
            if (child.getValue() instanceof HfBlock hf) {
                hf.collect(prefix + child.getKey() + ".", out, seen);
            }
        }
    }

    /** Creates all weights in {@code manager} (no-op for those that exist already: loaded weights stay). */
    public void initializeWeights(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, 1));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : namedChildren.values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }

    /** The value of a parameter for this forward pass, on the device of {@code like}. */
    protected static NDArray value(ParameterStore store, Parameter p, NDArray like, boolean training) {
        return store.getValue(p, like.getDevice(), training);
    }
}
