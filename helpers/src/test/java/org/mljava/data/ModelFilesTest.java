package org.mljava.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mljava.models.MiniLm;
import org.mljava.models.Models;
import org.mljava.models.SentenceEncoder;

/** GPT-2's BPE files and MiniLM as plain DJL objects. */
class ModelFilesTest {

    @Test
    @NeedsDataCache
    void gpt2VocabularyFiles() throws Exception {
        JsonNode encoder = new ObjectMapper().readTree(Models.gpt2EncoderJson().toFile());
        assertEquals(50257, encoder.size());
        assertEquals(50256, encoder.get("<|endoftext|>").intValue());
        List<String> merges = Files.readAllLines(Models.gpt2VocabBpe());
        assertTrue(merges.getFirst().startsWith("#version"));
        assertEquals(50000, merges.stream().skip(1).filter(l -> !l.isBlank()).count());
        assertEquals("Ġ t", merges.get(1)); // the first merge: space+t
    }

    @Test
    void miniLmAsDjlPredictorAndTokenizer() throws Exception {
        try (HuggingFaceTokenizer tokenizer = MiniLm.tokenizer()) {
            assertEquals(List.of("[CLS]", "hello", "world", "[SEP]"), List.of(tokenizer.encode("Hello world").getTokens()));
        }
        try (ZooModel<String[], float[][]> model = MiniLm.criteria(true).loadModel();
             Predictor<String[], float[][]> predictor = model.newPredictor()) {
            float[][] v = predictor.predict(new String[] {"I love this movie", "This film is wonderful"});
            assertEquals(384, v[0].length);
            assertTrue(SentenceEncoder.cosine(v[0], v[1]) > 0.5);
        }
    }
}
