package org.mljava.transformers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * Extractive question answering (SQuAD-style): a linear layer {@code qa_outputs} gives every token
 * a start logit and an end logit; the answer is the span of context tokens with the best
 * start + end score. Output: {@code NDList(startLogits [batch, tokens], endLogits [batch, tokens])}.
 * Train with {@link MaskedCrossEntropyLoss} on labels {@code NDList(startIndex [batch], endIndex [batch])}.
 * <pre>{@code
 * var qa = new QuestionAnsweringHead(pretrained.body());
 * qa.initializeWeights(pretrained.manager());
 * NDList out = qa.forward(store, pairBatch.toNDList(manager), false);
 * int[] span = QuestionAnsweringHead.bestSpan(start[0], end[0], contextTokens, 30);
 * }</pre>
 */
public final class QuestionAnsweringHead extends TransformerHead {

    private final Layers.Linear outputs;

    public QuestionAnsweringHead(TransformerBody body) {
        super(body);
        outputs = addNamed("qa_outputs", new Layers.Linear(body.hiddenSize(), 2));
        if (body instanceof BertEncoder b) {
            b.poolerParameters().forEach(p -> p.freeze(true));
        }
    }

    @Override
    public String task() {
        return "question-answering";
    }

    @Override
    public String architecture() {
        return architecturePrefix() + "ForQuestionAnswering";
    }

    @Override
    NDList headOutput(ParameterStore store, NDArray hidden, NDList inputs, boolean training) {
        NDList startEnd = outputs.apply(store, hidden, training).split(2, 2); // [batch, tokens, 1] each
        return new NDList(startEnd.get(0).squeeze(2), startEnd.get(1).squeeze(2));
    }

    @Override
    Shape[] headShapes(long batch, long tokens) {
        return new Shape[] {new Shape(batch, tokens), new Shape(batch, tokens)};
    }

    /**
     * The best answer span of one row: the {@code [start, end]} token indices (inclusive) that
     * maximize {@code start[s] + end[e]} with {@code s <= e < s + maxTokens}, both allowed.
     *
     * @param allowed which tokens may be part of the answer (the context's, not the question's or padding)
     * @return {start, end}, or {-1, -1} if no token is allowed
     */
    public static int[] bestSpan(float[] start, float[] end, boolean[] allowed, int maxTokens) {
        int bestStart = -1;
        int bestEnd = -1;
        double best = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < start.length; s++) {
            if (!allowed[s]) {
                continue;
            }
            for (int e = s; e < Math.min(end.length, s + maxTokens); e++) {
                if (!allowed[e]) {
                    break; // a span does not cross a token that is not context
                }
                double score = (double) start[s] + end[e];
                if (score > best) {
                    best = score;
                    bestStart = s;
                    bestEnd = e;
                }
            }
        }
        return new int[] {bestStart, bestEnd};
    }
}
