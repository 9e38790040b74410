package org.mljava.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cutting a tagged corpus into genre-labelled passages, and Brown's tokens back to plain text. */
class PassageTest {

    private static TaggedSentence sentence(String file, String genre, int words) {
        List<String> w = Collections.nCopies(words, "w");
        return new TaggedSentence(file, genre, w, Collections.nCopies(words, "nn"));
    }

    @Test
    void sentencesAreGroupedUpToTheLimitWithinOneText() {
        // text a: 4 + 4 + 4 + 1 words; text b: 12 words (one long sentence stays whole); text c: 2 words (too short)
        List<TaggedSentence> corpus = List.of(sentence("a", "news", 4), sentence("a", "news", 4), sentence("a", "news", 4),
                sentence("a", "news", 1), sentence("b", "fiction", 12), sentence("c", "lore", 2));
        List<Passage> passages = Passage.cut(corpus, 3, 9);
        // a: 4+4 = 8 (adding 4 would pass 9), then 4+1 = 5 at the end of the text; b: 12 whole; c dropped
        assertEquals(List.of(8, 5, 12), passages.stream().map(Passage::words).toList());
        assertEquals(List.of("a", "a", "b"), passages.stream().map(Passage::file).toList());
        assertEquals(List.of("news", "news", "fiction"), passages.stream().map(Passage::genre).toList());
    }

    @Test
    void aPassageNeverSpansTwoTexts() {
        List<TaggedSentence> corpus = List.of(sentence("a", "news", 2), sentence("b", "news", 2));
        assertEquals(List.of(), Passage.cut(corpus, 3, 9));
    }

    @Test
    void limitsMustMakeSense() {
        assertThrows(IllegalArgumentException.class, () -> Passage.cut(List.of(), 10, 5));
        assertThrows(IllegalArgumentException.class, () -> Passage.cut(List.of(), 0, 5));
    }

    @Test
    void brownTokensBecomePlainText() {
        List<String> tokens = List.of("``", "Yes", ",", "''", "he", "said", "(", "twice", ")", ".");
        assertEquals("\"Yes,\" he said (twice).", TaggedSentence.detokenize(tokens));
    }
}
