package org.mljava.transformers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A pretrained transformer without a task head: {@link BertEncoder} or {@link Gpt2Decoder}.
 * <p>Input: {@code NDList(inputIds [batch, tokens] int64, attentionMask [batch, tokens] (1 = token,
 * 0 = padding), tokenTypeIds [batch, tokens] (BERT only, optional))}. Output: {@code NDList(hidden
 * [batch, tokens, hiddenSize])}, followed, after {@link #setReturnAttentions(boolean) setReturnAttentions(true)},
 * by one attention-probability array [batch, heads, tokens, tokens] per layer (to plot them).
 * <pre>{@code
 * TransformerBody body = pretrained.body();
 * body.setReturnAttentions(true);
 * NDList out = body.forward(new ParameterStore(manager, false), batch.toNDList(manager), false);
 * NDArray hidden = out.get(0);
 * List<NDArray> attentions = TransformerBody.attentions(out);
 * }</pre>
 * The heads ({@link SequenceClassificationHead} and the others) wrap a body.
 */
public abstract sealed class TransformerBody extends HfBlock permits BertEncoder, Gpt2Decoder {

    private boolean returnAttentions;

    TransformerBody() {
    }

    /** The shape of the model. */
    public abstract TransformerConfig config();

    /** The width of the hidden states. */
    public int hiddenSize() {
        return config().hiddenSize();
    }

    /** The word-embedding table [vocab, hidden] (GPT-2's LM head and BERT's masked-LM head reuse it). */
    public abstract Parameter wordEmbeddings();

    /**
     * Regular expressions for names that pretrained checkpoints of this architecture carry but the
     * body does not use (pretraining heads, buffers): a loader ignores them instead of calling them left-overs.
     */
    public abstract List<String> ignoredCheckpointNames();

    /**
     * Task heads a fine-tuned checkpoint carries next to the body (this library's and Hugging
     * Face's names), so that the body alone can be loaded from a fine-tuned model.
     */
    static final List<String> TASK_HEAD_NAMES = List.of("classifier\\..*", "pre_classifier\\..*", "qa_outputs\\..*", "score\\..*");

    /** Whether forward appends the per-layer attention probabilities. */
    public boolean returnsAttentions() {
        return returnAttentions;
    }

    /** Asks forward to append each layer's attention probabilities [batch, heads, tokens, tokens] (costs memory). */
    public void setReturnAttentions(boolean returnAttentions) {
        this.returnAttentions = returnAttentions;
    }

    /** The attention arrays of a body's (or head's) output: everything after the first array. */
    public static List<NDArray> attentions(NDList output) {
        List<NDArray> out = new ArrayList<>();
        for (int i = 1; i < output.size(); i++) {
            out.add(output.get(i));
        }
        return out;
    }

    /** Freezes (true) or unfreezes the word-embedding table: with Adam on a CPU, the big table dominates a step. */
    public void freezeWordEmbeddings(boolean freeze) {
        wordEmbeddings().freeze(freeze);
    }

    /** Hidden states and (optionally) attentions, for a head to build on. */
    abstract NDList encode(ParameterStore store, NDList inputs, boolean training);

    @Override
    protected final NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return encode(store, inputs, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ids = inputShapes[0];
        return new Shape[] {new Shape(ids.get(0), ids.get(1), hiddenSize())};
    }

    /** The attention mask of the inputs, or all ones when there is none. */
    static NDArray maskOf(NDList inputs) {
        NDArray ids = inputs.get(0);
        return inputs.size() > 1 && inputs.get(1) != null ? inputs.get(1) : ids.onesLike();
    }
}
