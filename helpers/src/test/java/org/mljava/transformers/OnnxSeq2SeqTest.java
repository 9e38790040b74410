package org.mljava.transformers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OnnxSeq2Seq} on a tiny BART-shaped encoder-decoder exported to ONNX with Optimum's input and
 * output names (test resource tiny-seq2seq/, made by make_tiny_seq2seq.py; see its README).
 */
class OnnxSeq2SeqTest {

    static final int BOS = 0;
    static final int EOS = 2;
    static Path dir;
    static OnnxSeq2Seq model;
    static long[] cat;   // "the cat sat on the mat"
    static long[] dog;   // "a dog ran in the park and the sun was warm"

    @BeforeAll
    static void load() throws Exception {
        dir = Path.of(OnnxSeq2SeqTest.class.getResource("tiny-seq2seq/config.json").toURI()).getParent();
        model = OnnxSeq2Seq.load(dir);
        cat = model.tokenize("The cat sat on the mat");
        dog = model.tokenize("a dog ran in the park and the sun was warm");
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Plain decoding: one beam, no length or n-gram rules, no forced tokens. */
    static OnnxSeq2Seq.GenerationSettings plain(int maxLength) {
        return model.settings().withNumBeams(1).withMinLength(0).withNoRepeatNgramSize(0).withoutForcedTokens().withMaxLength(maxLength);
    }

    @Test
    void readsTheFilesAndTheirSettings() {
        assertEquals(24, model.vocabularySize());
        assertEquals(16, model.hiddenSize());
        assertEquals(64, model.maxInputTokens());
        assertArrayEquals(new long[] {BOS, 4, 5, 6, 7, 4, 8, EOS}, cat, "WordLevel tokens with <s> ... </s>");
        assertEquals("the cat sat", model.decode(new long[] {BOS, 4, 5, 6, EOS}));
        OnnxSeq2Seq.GenerationSettings s = model.settings();
        assertEquals(new OnnxSeq2Seq.GenerationSettings(3, 4, 16, 2.0, 2, true, EOS, BOS, EOS, EOS), s,
                "the values of generation_config.json");
    }

    @Test
    void settingsFallBackToConfigJson() throws Exception {
        var config = ConfigFields.JSON.readTree("{\"eos_token_id\": 2, \"decoder_start_token_id\": 2, \"num_beams\": 4,"
                + " \"task_specific_params\": {\"summarization\": {\"min_length\": 56, \"max_length\": 142, \"no_repeat_ngram_size\": 3}}}");
        var s = OnnxSeq2Seq.settingsFrom(config, null);
        assertEquals(new OnnxSeq2Seq.GenerationSettings(4, 56, 142, 1.0, 3, false, 2, -1, 2, -1), s);
        var noStart = ConfigFields.JSON.readTree("{\"eos_token_id\": 2}");
        var e = assertThrows(IllegalArgumentException.class, () -> OnnxSeq2Seq.settingsFrom(noStart, null));
        assertTrue(e.getMessage().contains("decoder_start_token_id"), e.getMessage());
    }

    @Test
    void clearErrorsForWrongFiles(@TempDir Path temp) throws Exception {
        Path encoder = dir.resolve("encoder_model.onnx");
        Path decoder = dir.resolve("decoder_model.onnx");
        Path tokenizer = dir.resolve("tokenizer.json");
        Path config = dir.resolve("config.json");
        var swapped = assertThrows(IllegalArgumentException.class, () -> OnnxSeq2Seq.load(encoder, encoder, tokenizer, config, null));
        assertTrue(swapped.getMessage().contains("decoder") && swapped.getMessage().contains("missing: [encoder_attention_mask, encoder_hidden_states]"),
                swapped.getMessage());
        var reversed = assertThrows(IllegalArgumentException.class, () -> OnnxSeq2Seq.load(decoder, encoder, tokenizer, config, null));
        assertTrue(reversed.getMessage().contains("missing: [attention_mask]"), reversed.getMessage());
        Path notOnnx = temp.resolve("encoder_model.onnx");
        Files.writeString(notOnnx, "this is not a protobuf");
        var garbage = assertThrows(IllegalArgumentException.class, () -> OnnxSeq2Seq.load(notOnnx, decoder, tokenizer, config, null));
        assertTrue(garbage.getMessage().contains("not an ONNX model"), garbage.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> OnnxSeq2Seq.load(temp.resolve("nothing.onnx"), decoder, tokenizer, config, null));
        assertTrue(missing.getMessage().contains("file not found"), missing.getMessage());
    }

    @Test
    void greedyIsTheArgmaxPathOfTheOnnxSessions() throws Exception {
        for (long[] document : new long[][] {cat, dog}) {
            Reference reference = independentGreedy(document, 20);
            OnnxSeq2Seq.Generated ours = model.greedy(document, plain(20));
            assertArrayEquals(reference.tokens(), ours.tokenIds(), "greedy tokens");
            assertEquals(reference.logProbability(), ours.logProbability(), 1e-4, "sum of log-probabilities");
            assertEquals(ours.tokenIds()[ours.length() - 1], EOS);
            assertTrue(ours.finished());
        }
        // the path PyTorch computed when the model was exported (README): "dog in sang in sang a park </s>"
        assertArrayEquals(new long[] {10, 12, 19, 12, 19, 9, 13, EOS}, model.greedy(cat, plain(20)).tokenIds());
        assertEquals("dog in sang in sang a park", model.greedy(cat, plain(20)).text());
    }

    @Test
    void beamSearchWithOneBeamIsGreedy() {
        for (long[] document : new long[][] {cat, dog}) {
            for (OnnxSeq2Seq.GenerationSettings s : List.of(plain(20), model.settings().withNumBeams(1), plain(5),
                    plain(20).withMinLength(9).withNoRepeatNgramSize(2))) {
                OnnxSeq2Seq.Generated greedy = model.greedy(document, s);
                OnnxSeq2Seq.Generated beam = model.beamSearch(document, s);
                assertArrayEquals(greedy.tokenIds(), beam.tokenIds(), "one beam vs greedy with " + s);
                assertEquals(greedy.logProbability(), beam.logProbability(), 1e-5);
                assertEquals(greedy.finished(), beam.finished());
            }
        }
    }

    @Test
    void noRepeatNgramRule() {
        assertEquals(Set.of(), OnnxSeq2Seq.bannedByNoRepeatNgram(new long[] {5, 6, 5, 6}, 0));
        assertEquals(Set.of(6), OnnxSeq2Seq.bannedByNoRepeatNgram(new long[] {5, 6, 7, 5}, 2), "5 was followed by 6");
        assertEquals(Set.of(6, 8), OnnxSeq2Seq.bannedByNoRepeatNgram(new long[] {5, 6, 5, 8, 5}, 2));
        assertEquals(Set.of(7), OnnxSeq2Seq.bannedByNoRepeatNgram(new long[] {5, 6, 7, 1, 5, 6}, 3));
        assertEquals(Set.of(), OnnxSeq2Seq.bannedByNoRepeatNgram(new long[] {5, 6, 7, 1, 6, 5}, 3));
        assertEquals(Set.of(3, 4, 9), OnnxSeq2Seq.bannedByNoRepeatNgram(new long[] {4, 9, 3}, 1), "size 1: no token twice");

        OnnxSeq2Seq.GenerationSettings free = plain(16);
        assertTrue(hasRepeatedNgram(withStart(model.greedy(cat, free)), 2), "without the rule, greedy repeats 'in sang'");
        for (int n : new int[] {1, 2, 3}) {
            for (long[] document : new long[][] {cat, dog}) {
                OnnxSeq2Seq.Generated greedy = model.greedy(document, free.withNoRepeatNgramSize(n));
                OnnxSeq2Seq.Generated beam = model.beamSearch(document, free.withNoRepeatNgramSize(n).withNumBeams(3));
                assertFalse(hasRepeatedNgram(withStart(greedy), n), n + "-gram repeated by greedy: " + Arrays.toString(greedy.tokenIds()));
                assertFalse(hasRepeatedNgram(withStart(beam), n), n + "-gram repeated by beam search: " + Arrays.toString(beam.tokenIds()));
            }
        }
    }

    @Test
    void eosMinimumAndMaximumLength() {
        OnnxSeq2Seq.Generated free = model.greedy(cat, plain(20));
        assertEquals(8, free.length(), "stops at its own EOS");
        for (int min : new int[] {4, 10, 14}) {
            for (OnnxSeq2Seq.Generated g : List.of(model.greedy(cat, plain(20).withMinLength(min)),
                    model.beamSearch(cat, plain(20).withMinLength(min).withNumBeams(3)))) {
                long[] t = g.tokenIds();
                assertTrue(t.length >= min, "min length " + min + " counts the start token: " + Arrays.toString(t));
                for (int i = 0; i < t.length - 1; i++) {
                    assertTrue(t[i] != EOS, "EOS only at the end");
                }
            }
        }
        OnnxSeq2Seq.Generated cut = model.greedy(cat, plain(5));
        assertArrayEquals(Arrays.copyOf(free.tokenIds(), 4), cut.tokenIds(), "max length 5 = start + 4 tokens");
        assertFalse(cut.finished());
        OnnxSeq2Seq.GenerationSettings forcedEos = new OnnxSeq2Seq.GenerationSettings(1, 0, 5, 1.0, 0, true, EOS, -1, EOS, EOS);
        OnnxSeq2Seq.Generated ended = model.greedy(cat, forcedEos);
        assertArrayEquals(new long[] {10, 12, 19, EOS}, ended.tokenIds(), "forced EOS as the last token");
        assertTrue(ended.finished());
        OnnxSeq2Seq.Generated beamEnded = model.beamSearch(cat, forcedEos.withNumBeams(3));
        assertEquals(4, beamEnded.length());
        assertEquals(EOS, beamEnded.tokenIds()[3]);
    }

    @Test
    void forcedBosAndTheCheckpointDefaults() {
        OnnxSeq2Seq.Generated g = model.generate("the cat sat on the mat");
        long[] t = g.tokenIds();
        assertEquals(BOS, t[0], "forced BOS first");
        assertTrue(t.length >= 4 && t.length <= 15, "min length 4, max length 16 (start token included): " + t.length);
        assertFalse(hasRepeatedNgram(withStart(g), 2));
        assertEquals(g.logProbability() / Math.pow(t.length, 2.0), g.score(), 1e-9,
                "beam score = log-probability / generated length^2 (start token not counted, EOS counted)");
    }

    @Test
    void beamSearchAsThePythonReference() {
        // make_tiny_seq2seq.py's beam search in PyTorch with generation_config.json (README): the same tokens and scores
        OnnxSeq2Seq.Generated catBeam = model.generate(cat, model.settings());
        OnnxSeq2Seq.Generated dogBeam = model.generate(dog, model.settings());
        assertArrayEquals(new long[] {0, 7, 21, 3, 1, 1, 13, EOS}, catBeam.tokenIds());
        assertArrayEquals(new long[] {0, 7, 21, 3, 1, 1, 13, EOS}, dogBeam.tokenIds());
        assertEquals(-4.304242, catBeam.logProbability(), 1e-4);
        assertEquals(-0.067254, catBeam.score(), 1e-5);
        assertEquals(-4.495926, dogBeam.logProbability(), 1e-4);
        assertEquals(-0.070249, dogBeam.score(), 1e-5);
    }

    @Test
    void beamSearchWithEnoughBeamsIsExhaustive() {
        // two generated tokens, EOS banned (min length = max length = 3): 24 beams keep every first token,
        // so the second step compares all 23 x 23 sequences
        OnnxSeq2Seq.GenerationSettings twoTokens = new OnnxSeq2Seq.GenerationSettings(24, 3, 3, 1.0, 0, true, EOS, -1, EOS, -1);
        for (long[] document : new long[][] {cat, dog}) {
            assertEquals(bruteForceBest(document, 3), model.beamSearch(document, twoTokens).logProbability(), 1e-4);
        }
    }

    // ------------------------------------------------------------ independent references

    record Reference(long[] tokens, double logProbability) {
    }

    /** Greedy decoding written against the ONNX Runtime sessions directly (no OnnxSeq2Seq code). */
    static Reference independentGreedy(long[] document, int maxLength) throws Exception {
        try (Model encoder = Model.newInstance("enc", Device.cpu(), "OnnxRuntime");
             Model decoder = Model.newInstance("dec", Device.cpu(), "OnnxRuntime");
             NDManager manager = NDManager.newBaseManager(Device.cpu(), "OnnxRuntime")) {
            encoder.load(dir.resolve("encoder_model.onnx"));
            decoder.load(dir.resolve("decoder_model.onnx"));
            try (Predictor<NDList, NDList> enc = encoder.newPredictor(new NoopTranslator());
                 Predictor<NDList, NDList> dec = decoder.newPredictor(new NoopTranslator())) {
                NDArray ids = manager.create(document, new Shape(1, document.length));
                ids.setName("input_ids");
                long[] ones = new long[document.length];
                Arrays.fill(ones, 1);
                NDArray mask = manager.create(ones, new Shape(1, document.length));
                mask.setName("attention_mask");
                NDArray hidden = enc.predict(new NDList(ids, mask)).get("last_hidden_state");
                float[] hiddenValues = hidden.toFloatArray();
                List<Long> sequence = new ArrayList<>(List.of((long) EOS));
                double logProbability = 0;
                while (sequence.size() < maxLength) {
                    long[] current = sequence.stream().mapToLong(Long::longValue).toArray();
                    NDArray in = manager.create(current, new Shape(1, current.length));
                    in.setName("input_ids");
                    NDArray encMask = manager.create(ones, new Shape(1, document.length));
                    encMask.setName("encoder_attention_mask");
                    NDArray states = manager.create(hiddenValues, hidden.getShape());
                    states.setName("encoder_hidden_states");
                    NDArray logits = dec.predict(new NDList(in, encMask, states)).get("logits");
                    int vocab = (int) logits.getShape().get(2);
                    float[] all = logits.toFloatArray();
                    float[] last = Arrays.copyOfRange(all, all.length - vocab, all.length);
                    int best = 0;
                    double sum = 0;
                    for (int v = 0; v < vocab; v++) {
                        if (last[v] > last[best]) {
                            best = v;
                        }
                    }
                    for (float x : last) {
                        sum += Math.exp(x - last[best]);
                    }
                    logProbability += -Math.log(sum);
                    sequence.add((long) best);
                    if (best == EOS) {
                        break;
                    }
                }
                return new Reference(sequence.stream().skip(1).mapToLong(Long::longValue).toArray(), logProbability);
            }
        }
    }

    /** The most probable sequence of length-1 generated tokens (no rules), by trying all of them. */
    static double bruteForceBest(long[] document, int length) {
        double best = Double.NEGATIVE_INFINITY;
        int vocab = model.vocabularySize();
        List<long[]> prefixes = List.of(new long[] {EOS});
        List<Double> scores = List.of(0.0);
        for (int step = 1; step < length; step++) {
            List<long[]> next = new ArrayList<>();
            List<Double> nextScores = new ArrayList<>();
            for (int p = 0; p < prefixes.size(); p++) {
                float[] logProbs = OnnxSeq2Seq.logSoftmax(model.nextTokenLogits(document, prefixes.get(p)));
                for (int v = 0; v < vocab; v++) {
                    if (v == EOS) {
                        continue;   // the searched sequences have no EOS: min length = max length
                    }
                    long[] extended = Arrays.copyOf(prefixes.get(p), step + 1);
                    extended[step] = v;
                    next.add(extended);
                    nextScores.add(scores.get(p) + logProbs[v]);
                }
            }
            if (step == length - 1) {
                for (double s : nextScores) {
                    best = Math.max(best, s);
                }
            }
            prefixes = next;
            scores = nextScores;
        }
        return best;
    }

    static long[] withStart(OnnxSeq2Seq.Generated g) {
        long[] out = new long[g.length() + 1];
        out[0] = EOS;
        System.arraycopy(g.tokenIds(), 0, out, 1, g.length());
        return out;
    }

    static boolean hasRepeatedNgram(long[] sequence, int n) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i + n <= sequence.length; i++) {
            if (!seen.add(Arrays.toString(Arrays.copyOfRange(sequence, i, i + n)))) {
                return true;
            }
        }
        return false;
    }
}
