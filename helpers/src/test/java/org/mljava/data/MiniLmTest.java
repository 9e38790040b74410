package org.mljava.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mljava.models.Models;
import org.mljava.models.SentenceEncoder;

/** The real MiniLM weights (int8 and fp32) on DJL's OnnxRuntime engine. */
class MiniLmTest {

    static SentenceEncoder int8;
    static SentenceEncoder fp32;

    @BeforeAll
    static void load() {
        int8 = Models.miniLm(true);
        fp32 = Models.miniLm(false);
    }

    @AfterAll
    static void close() {
        int8.close();
        fp32.close();
    }

    static final List<String> TEXTS = List.of(
            "I love this movie", "This film is wonderful",
            "The stock market fell sharply today", "A cat is sleeping on the sofa");

    @Test
    void paraphrasesAreCloserThanUnrelatedSentences() {
        for (SentenceEncoder enc : List.of(int8, fp32)) {
            float[][] v = enc.embed(TEXTS);
            double paraphrase = SentenceEncoder.cosine(v[0], v[1]);
            double unrelated1 = SentenceEncoder.cosine(v[0], v[2]);
            double unrelated2 = SentenceEncoder.cosine(v[1], v[3]);
            System.out.printf("paraphrase %.3f, unrelated %.3f %.3f%n", paraphrase, unrelated1, unrelated2);
            assertTrue(paraphrase > 0.5, "paraphrase similarity " + paraphrase);
            assertTrue(paraphrase > unrelated1 + 0.3 && paraphrase > unrelated2 + 0.3, "clearly higher than unrelated pairs");
        }
    }

    @Test
    void vectorsAreUnitLengthAnd384d() {
        float[] v = int8.embed("Hello world");
        assertEquals(384, v.length);
        assertEquals(384, fp32.dimension());
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        assertEquals(1.0, Math.sqrt(norm), 1e-4);
    }

    @Test
    void int8AgreesWithFp32() {
        float[][] a = int8.embed(TEXTS);
        float[][] b = fp32.embed(TEXTS);
        for (int i = 0; i < TEXTS.size(); i++) {
            double agreement = SentenceEncoder.cosine(a[i], b[i]);
            System.out.printf("int8 vs fp32 cosine for '%s': %.4f%n", TEXTS.get(i), agreement);
            assertTrue(agreement > 0.95, "int8 and fp32 vectors of the same text agree: " + agreement);
        }
        // the similarity structure agrees too
        assertEquals(SentenceEncoder.cosine(a[0], a[1]), SentenceEncoder.cosine(b[0], b[1]), 0.05);
    }

    @Test
    void batchEqualsSingle() {
        // fp32: padding (masked out) does not change a text's vector at all
        float[] single = fp32.embed("A cat is sleeping on the sofa");
        float[] inBatch = fp32.embed(TEXTS)[3]; // padded to the batch's longest text
        assertTrue(SentenceEncoder.cosine(single, inBatch) > 0.99999, "fp32: padding changes nothing");
        // int8: dynamic quantization picks activation scales over the whole batch, padding included,
        // so a padded text moves a little (measured 0.994)
        float[] single8 = int8.embed("A cat is sleeping on the sofa");
        float[] inBatch8 = int8.embed(TEXTS)[3];
        assertTrue(SentenceEncoder.cosine(single8, inBatch8) > 0.98, "int8: padding changes little");
    }

    @Test
    void tokenizerFileIsThere() throws Exception {
        assertTrue(Files.size(Models.miniLmTokenizerJson()) > 700_000);
    }
}
