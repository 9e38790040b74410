package org.mljava.transformers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Multi-head scaled dot-product attention and the additive masks, shared by BERT and GPT-2. */
final class Attention {

    /**
     * What a masked score gets added: large enough that exp() of it is exactly 0 next to real
     * scores, small enough that two masks added (causal + padding) stay finite, so a row whose keys
     * are all masked gives uniform weights instead of NaN.
     */
    static final float MASKED = -1e9f;

    private Attention() {
    }

    /** The context and, when asked, the attention probabilities [batch, heads, queries, keys]. */
    record Result(NDArray context, NDArray probabilities) {
    }

    /**
     * softmax(q k^T / sqrt(d) + bias) v per head.
     *
     * @param q    queries [batch, tokens, hidden]
     * @param k    keys [batch, tokens, hidden]
     * @param v    values [batch, tokens, hidden]
     * @param bias additive mask, broadcast to [batch, heads, tokens, tokens] (0 = attend, MASKED = not)
     */
    static Result attend(NDArray q, NDArray k, NDArray v, int heads, NDArray bias, float dropout, boolean training) {
        Shape shape = q.getShape();
        long batch = shape.get(0);
        long tokens = shape.get(1);
        long hidden = shape.get(2);
        long headSize = hidden / heads;
        NDArray qh = q.reshape(batch, tokens, heads, headSize).transpose(0, 2, 1, 3);
        NDArray kt = k.reshape(batch, tokens, heads, headSize).transpose(0, 2, 3, 1);
        NDArray vh = v.reshape(batch, tokens, heads, headSize).transpose(0, 2, 1, 3);
        NDArray product = qh.matMul(kt);
        // the scale as an array of the batch's manager: see Layers.constant (a Java number here is freed before backward)
        NDArray scores = product.div(Layers.constant(product, (float) Math.sqrt(headSize))).add(bias);
        NDArray probabilities = scores.softmax(-1);
        NDArray context = Layers.dropout(probabilities, dropout, training).matMul(vh)
                .transpose(0, 2, 1, 3).reshape(batch, tokens, hidden);
        return new Result(context, probabilities);
    }

    /** From an attention mask [batch, tokens] (1 = token, 0 = padding): the key bias [batch, 1, 1, tokens]. */
    static NDArray paddingBias(NDArray mask) {
        Shape s = mask.getShape();
        return mask.toType(DataType.FLOAT32, false).sub(1f).mul(-MASKED).reshape(s.get(0), 1, 1, s.get(1));
    }

    /** The causal bias [1, 1, tokens, tokens]: a query may not look at later keys. */
    static NDArray causalBias(NDManager manager, long tokens) {
        NDArray positions = manager.arange(0, (int) tokens, 1, DataType.INT64);
        NDArray later = positions.reshape(1, tokens).gt(positions.reshape(tokens, 1));
        return later.toType(DataType.FLOAT32, false).mul(MASKED).reshape(1, 1, tokens, tokens);
    }
}
