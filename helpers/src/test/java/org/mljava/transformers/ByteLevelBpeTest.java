package org.mljava.transformers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mljava.data.NeedsDataCache;
import org.mljava.models.Models;

/**
 * The byte-level BPE encoder: a hand-made vocabulary whose ids are worked out by hand, the byte
 * table and pre-tokenizer pinned, Hugging Face's tokenizers as a second implementation, and GPT-2's
 * own files (integration tier).
 */
class ByteLevelBpeTest {

    /**
     * Bytes have their byte value as id ('a' = 97, space 'Ġ' = 32); merge r makes id 256 + r. The first
     * two merges are in the "wrong" order for left-to-right merging: "abc" is a|bc by rank, not ab|c.
     */
    static final List<String> MERGES = List.of("b c", "a b", "Ġ a", "Ġa bc", "Ã ©", "' s", "Ġ Ġ");
    static final int END_OF_TEXT = 263;

    @TempDir
    Path dir;

    static ByteLevelBpe tiny() {
        Map<String, Integer> vocabulary = new LinkedHashMap<>();
        for (int b = 0; b < 256; b++) {
            vocabulary.put(String.valueOf(ByteLevelBpe.byteToChar(b)), b);
        }
        List<String> made = List.of("bc", "ab", "Ġa", "Ġabc", "Ã©", "'s", "ĠĠ");
        for (int r = 0; r < made.size(); r++) {
            vocabulary.put(made.get(r), 256 + r);
        }
        vocabulary.put("<|endoftext|>", END_OF_TEXT);
        return new ByteLevelBpe(vocabulary, MERGES);
    }

    /** Texts and their ids, worked out by hand from the rules above. */
    static final Map<String, int[]> HAND_WORKED = handWorked();

    private static Map<String, int[]> handWorked() {
        Map<String, int[]> cases = new LinkedHashMap<>();
        cases.put("abc", new int[] {97, 256});                 // rank 0 "b c" before rank 1 "a b"
        cases.put("aabc", new int[] {97, 97, 256});
        cases.put("bcab", new int[] {256, 257});
        cases.put("abab", new int[] {257, 257});               // every occurrence of the pair
        cases.put(" abc", new int[] {259});                    // Ġ a b c -> Ġ a bc -> Ġa bc -> Ġabc
        cases.put(" a", new int[] {258});
        cases.put("café", new int[] {99, 97, 102, 260});       // é is C3 A9: 'Ã' '©' merged
        cases.put("€", new int[] {0xE2, 0x82, 0xAC});          // three bytes, no merge
        cases.put("it's", new int[] {105, 116, 261});          // "it" and the contraction "'s"
        cases.put("a   b", new int[] {97, 262, 32, 98});       // "a", "  " (ĠĠ), " b" (no "Ġ b" rule)
        cases.put("a\n\n", new int[] {97, 10, 10});
        cases.put("abc abc", new int[] {97, 256, 259});
        return cases;
    }

    @Test
    void encodesHandWorkedExamples() {
        ByteLevelBpe bpe = tiny();
        HAND_WORKED.forEach((text, ids) -> assertArrayEquals(ids, bpe.encode(text), text));
        assertEquals(List.of("a", "bc", "Ġabc"), bpe.tokenStrings("abc abc"));
        assertEquals(264, bpe.size());
    }

    @Test
    void decodeGivesBackOddTexts() {
        ByteLevelBpe bpe = tiny();
        for (String text : List.of("", "   ", "naïve café — 日本語 🙂\t\r\n\u0000 x  ", "it's we'll've'd 12345abc!!!???",
                "\u00AD soft hyphen, \u00A0 no-break space", "abcabc  \n\n  abab\u0085")) {
            assertEquals(text, bpe.decode(bpe.encode(text)), text);
        }
        assertEquals("<|endoftext|> abc", bpe.decode(END_OF_TEXT, 259));
        assertEquals("Ġabc", bpe.token(259));
        assertThrows(IllegalArgumentException.class, () -> bpe.token(300));
    }

    @Test
    void byteTableIsGpt2s() {
        assertEquals('\u0120', ByteLevelBpe.byteToChar(' '));  // Ġ
        assertEquals('\u010A', ByteLevelBpe.byteToChar('\n')); // Ċ
        assertEquals('\u0109', ByteLevelBpe.byteToChar('\t')); // ĉ
        assertEquals('\u0100', ByteLevelBpe.byteToChar(0));
        assertEquals('\u0121', ByteLevelBpe.byteToChar(0x7F)); // the 34th moved byte
        assertEquals('\u0143', ByteLevelBpe.byteToChar(0xAD)); // the last moved byte, soft hyphen
        assertEquals('A', ByteLevelBpe.byteToChar('A'));
        assertEquals('é', ByteLevelBpe.byteToChar(0xE9));
        Set<Character> distinct = new HashSet<>();
        for (int b = 0; b < 256; b++) {
            char c = ByteLevelBpe.byteToChar(b);
            distinct.add(c);
            assertEquals(b, ByteLevelBpe.charToByte(c));
        }
        assertEquals(256, distinct.size());
        assertThrows(IllegalArgumentException.class, () -> ByteLevelBpe.charToByte(' '));  // a space is written Ġ
        assertThrows(IllegalArgumentException.class, () -> ByteLevelBpe.byteToChar(256));
        assertEquals("cafÃ©ĠâĤ¬", ByteLevelBpe.mapBytes("café €"));  // € is E2 82 AC
    }

    @Test
    void preTokenizerCutsAsGpt2s() {
        String sentence = "I'm here,  don't   go!! 123abc\n";
        List<String> expected = List.of("I", "'m", " here", ",", " ", " don", "'t", "  ", " go", "!!", " 123", "abc", "\n");
        assertEquals(expected, ByteLevelBpe.pieces(sentence));
        assertEquals(List.of(" naïve", " 日本語", " €"), ByteLevelBpe.pieces(" naïve 日本語 €"));
    }

    @Test
    void firstMergesKeepsTheirTokens() {
        ByteLevelBpe bpe = tiny();
        ByteLevelBpe two = bpe.firstMerges(2);
        assertEquals(258, two.size());
        assertArrayEquals(new int[] {32, 97, 256}, two.encode(" abc"));
        assertArrayEquals(new int[] {97, 32, 32, 32, 98}, bpe.firstMerges(6).encode("a   b"));
        assertThrows(IllegalArgumentException.class, () -> two.token(258));
        assertSame(bpe, bpe.firstMerges(MERGES.size()));       // all merges: <|endoftext|> stays
        Map<String, Integer> misnumbered = new LinkedHashMap<>(bpe.vocabulary());
        misnumbered.put("bc", 300);
        ByteLevelBpe misnumberedBpe = new ByteLevelBpe(misnumbered, MERGES);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> assertEquals(1, misnumberedBpe.firstMerges(1).merges().size()));
        assertTrue(e.getMessage().contains("not numbered by merge rank"), e.getMessage());
    }

    @Test
    void rejectsWhatItCannotEncode() {
        Map<String, Integer> noZ = new LinkedHashMap<>(tiny().vocabulary());
        noZ.remove("z");
        ByteLevelBpe bpe = new ByteLevelBpe(noZ, MERGES);
        assertThrows(IllegalStateException.class, () -> bpe.encode("fizz"));
        assertThrows(IllegalArgumentException.class, () -> new ByteLevelBpe(Map.of("a", 1, "b", 1), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ByteLevelBpe(Map.of("a", 1), List.of("ab")));
    }

    @Test
    void cachedPiecesCannotBeChangedAndSurviveParallelUse() {
        ByteLevelBpe bpe = tiny();
        int[] ids = bpe.encodePiece("Ġabc");
        assertArrayEquals(new int[] {259}, ids);
        ids[0] = 0;
        assertArrayEquals(new int[] {259}, bpe.encodePiece("Ġabc"));
        List<String> texts = List.copyOf(HAND_WORKED.keySet());
        IntStream.range(0, 2000).parallel().forEach(i -> {
            String text = texts.get(i % texts.size());
            assertArrayEquals(HAND_WORKED.get(text), bpe.encode(text), text);
        });
    }

    @Test
    void tokenizerJsonGivesTheSameIdsInHuggingFaceTokenizers() throws IOException {
        ByteLevelBpe bpe = tiny();
        Path json = bpe.writeTokenizerJson(dir.resolve("tokenizer.json"));
        try (HuggingFaceTokenizer hf = huggingFace(json)) {
            HAND_WORKED.forEach((text, ids) -> assertArrayEquals(ids, huggingFaceIds(hf, text), text));
            String mixed = "it's a café, abc  abab!\n\n  €5 aabc";
            assertArrayEquals(huggingFaceIds(hf, mixed), bpe.encode(mixed));
        }
    }

    @Test
    @NeedsDataCache
    void gpt2FilesGiveGpt2sIds() throws IOException {
        ByteLevelBpe gpt2 = ByteLevelBpe.gpt2(Models.gpt2EncoderJson(), Models.gpt2VocabBpe());
        assertArrayEquals(new int[] {15496, 995}, gpt2.encode("Hello world"));
        assertArrayEquals(new int[] {262}, gpt2.encode(" the"));
        assertEquals(50257, gpt2.size());
        assertEquals(50000, gpt2.merges().size());
        assertEquals("<|endoftext|>", gpt2.token(50256));
        ByteLevelBpe small = gpt2.firstMerges(4096 - 256);
        assertEquals(4096, small.size());
        try (HuggingFaceTokenizer hfFull = huggingFace(gpt2.writeTokenizerJson(dir.resolve("gpt2.json")));
             HuggingFaceTokenizer hfSmall = huggingFace(small.writeTokenizerJson(dir.resolve("gpt2-4096.json")))) {
            int[] fullIds = gpt2.encode(PARAGRAPH);
            int[] smallIds = small.encode(PARAGRAPH);
            assertArrayEquals(huggingFaceIds(hfFull, PARAGRAPH), fullIds);
            assertArrayEquals(huggingFaceIds(hfSmall, PARAGRAPH), smallIds);
            assertEquals(PARAGRAPH, small.decode(smallIds));
            // fewer merges, more tokens: the small vocabulary must cut the rarer words further
            assertTrue(smallIds.length > fullIds.length, smallIds.length + " vs " + fullIds.length);
        }
    }

    static final String PARAGRAPH = """
            Call me Ishmael. Some years ago—never mind how long precisely—having little or no money in my purse, \
            and nothing particular to interest me on shore, I thought I would sail about a little and see the watery \
            part of the world. It's a way I have of driving off the spleen, and regulating the circulation.
              Whenever I find myself growing grim about the mouth; whenever it is a damp, drizzly November in my soul... \
            1851, "Moby-Dick; or, The Whale": 635 pages, £0.31 — naïve café, 日本語 🐋!
            """;

    static HuggingFaceTokenizer huggingFace(Path json) throws IOException {
        return HuggingFaceTokenizer.builder().optTokenizerPath(json).optAddSpecialTokens(false).optPadding(false)
                .optTruncation(false).build();
    }

    static int[] huggingFaceIds(HuggingFaceTokenizer tokenizer, String text) {
        return Arrays.stream(tokenizer.encode(text).getIds()).mapToInt(id -> (int) id).toArray();
    }
}
