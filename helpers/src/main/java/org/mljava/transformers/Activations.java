package org.mljava.transformers;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** The feed-forward activations of Hugging Face's configs (hidden_act / activation_function). */
final class Activations {

    private static final List<String> KNOWN = List.of("gelu", "gelu_new", "gelu_pytorch_tanh", "gelu_fast", "relu", "tanh");
    /** sqrt(2 / pi), for the tanh approximation of GELU. */
    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);

    private Activations() {
    }

    static void check(String name) {
        if (!KNOWN.contains(name)) {
            throw new IllegalArgumentException("activation '" + name + "' is not supported; known: " + KNOWN);
        }
    }

    static NDArray apply(String name, NDArray x) {
        return switch (name) {
            // BERT's "gelu" is the exact x * Phi(x) (erf); libtorch's gelu computes it
            case "gelu" -> ai.djl.nn.Activation.gelu(x);
            // GPT-2's: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
            // constants as arrays of x's manager, not Java numbers: see Layers.constant (autograd keeps them)
            case "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> x.pow(Layers.constant(x, 3f)).mul(Layers.constant(x, 0.044715f)).add(x)
                    .mul(Layers.constant(x, SQRT_2_OVER_PI)).tanh().add(1f).mul(x).mul(Layers.constant(x, 0.5f)); // no in-place ops: autograd needs tanh's output
            case "relu" -> ai.djl.nn.Activation.relu(x);
            case "tanh" -> x.tanh();
            default -> throw new IllegalArgumentException("activation '" + name + "' is not supported");
        };
    }
}
