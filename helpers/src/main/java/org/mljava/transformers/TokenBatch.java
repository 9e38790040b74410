package org.mljava.transformers;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * A padded batch of token ids, row-major [size, length]: ids, attention mask (1 = token, 0 =
 * padding) and token types, ready to become the {@code NDList} a {@link TransformerBody} takes.
 * <pre>{@code
 * TokenBatch batch = pretrained.tokenize(List.of("a text", "another text"), 64);
 * NDList inputs = batch.toNDList(manager);   // input_ids, attention_mask, token_type_ids
 * }</pre>
 *
 * @param size   rows (texts)
 * @param length tokens per row, padding included
 * @param ids    token ids, size x length
 * @param mask   1 for a real token, 0 for padding
 * @param types  token type (segment) ids, 0 for a single text
 */
public record TokenBatch(int size, int length, long[] ids, long[] mask, long[] types) {

    public TokenBatch {
        if (ids.length != (long) size * length || mask.length != ids.length || types.length != ids.length) {
            throw new IllegalArgumentException("a batch of " + size + " x " + length + " needs that many ids, mask and type values");
        }
    }

    /** From a tokenizer's padded encodings (all of one length). */
    public static TokenBatch of(Encoding[] encodings) {
        int size = encodings.length;
        int length = size == 0 ? 0 : encodings[0].getIds().length;
        long[] ids = new long[size * length];
        long[] mask = new long[size * length];
        long[] types = new long[size * length];
        for (int b = 0; b < size; b++) {
            if (encodings[b].getIds().length != length) {
                throw new IllegalArgumentException("encodings of different lengths: build the tokenizer with padding");
            }
            System.arraycopy(encodings[b].getIds(), 0, ids, b * length, length);
            System.arraycopy(encodings[b].getAttentionMask(), 0, mask, b * length, length);
            System.arraycopy(encodings[b].getTypeIds(), 0, types, b * length, length);
        }
        return new TokenBatch(size, length, ids, mask, types);
    }

    /** Rows of equal length given as arrays (no padding); mask all 1, types all 0. */
    public static TokenBatch ofIds(long[][] rows) {
        int length = rows.length == 0 ? 0 : rows[0].length;
        long[] ids = new long[rows.length * length];
        for (int b = 0; b < rows.length; b++) {
            if (rows[b].length != length) {
                throw new IllegalArgumentException("rows of different lengths");
            }
            System.arraycopy(rows[b], 0, ids, b * length, length);
        }
        long[] mask = new long[ids.length];
        Arrays.fill(mask, 1);
        return new TokenBatch(rows.length, length, ids, mask, new long[ids.length]);
    }

    /** {@code NDList(input_ids, attention_mask, token_type_ids)}, int64 [size, length], in {@code manager}. */
    public NDList toNDList(NDManager manager) {
        Shape shape = new Shape(size, length);
        NDArray idArray = manager.create(ids, shape);
        idArray.setName("input_ids");
        NDArray maskArray = manager.create(mask, shape);
        maskArray.setName("attention_mask");
        NDArray typeArray = manager.create(types, shape);
        typeArray.setName("token_type_ids");
        return new NDList(idArray, maskArray, typeArray);
    }

    /** Rows [from, to) as a batch of their own. */
    public TokenBatch rows(int from, int to) {
        return new TokenBatch(to - from, length, Arrays.copyOfRange(ids, from * length, to * length),
                Arrays.copyOfRange(mask, from * length, to * length), Arrays.copyOfRange(types, from * length, to * length));
    }

    /** How many real (unpadded) tokens row {@code b} has. */
    public int realTokens(int b) {
        int n = 0;
        for (int t = 0; t < length; t++) {
            n += (int) mask[b * length + t];
        }
        return n;
    }
}
