package org.mljava.models;

import java.util.List;

/**
 * Turns sentences into fixed-size vectors whose cosine similarity measures how close their
 * meanings are. Vectors are mean-pooled over the tokens (padding excluded) and L2-normalised, as
 * sentence-transformers does, so the dot product of two vectors is their cosine similarity.
 * Get one with {@link Models#miniLm(boolean)}; close it when done (it holds native memory).
 */
public interface SentenceEncoder extends AutoCloseable {

    /** The vector of one text (length {@link #dimension()}, L2 norm 1). */
    float[] embed(String text);

    /** The vectors of several texts, in one batch. */
    float[][] embed(List<String> texts);

    /** The length of the vectors (384 for MiniLM-L6). */
    int dimension();

    /** Cosine similarity of two texts' vectors, in [-1, 1]. */
    default double similarity(String a, String b) {
        float[][] v = embed(List.of(a, b));
        return cosine(v[0], v[1]);
    }

    @Override
    void close();

    /** Cosine similarity of two vectors. */
    static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of different lengths: " + a.length + " and " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
