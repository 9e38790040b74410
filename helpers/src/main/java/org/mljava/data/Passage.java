package org.mljava.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A few consecutive sentences of one text of a tagged corpus, labelled with the genre of that text: the
 * unit of the Brown genre-classification task of the NLP chapters (2 and 9).
 *
 * @param file  the corpus file it comes from ("ca01")
 * @param genre the file's genre ("news", "fiction", ...)
 * @param text  the sentences as plain text ({@link TaggedSentence#detokenize})
 * @param words how many corpus tokens it holds
 */
public record Passage(String file, String genre, String text, int words) {

    /**
     * Cuts every text into passages: consecutive sentences of one file, grouped until adding the next
     * one would go past {@code maxWords} tokens. A passage has at least {@code minWords} tokens, so a
     * single longer sentence stays whole and a text's short end is dropped. Sentences must come file by
     * file, in order, as {@link Datasets#brownCorpus()} returns them.
     */
    public static List<Passage> cut(List<TaggedSentence> sentences, int minWords, int maxWords) {
        if (minWords < 1 || maxWords < minWords) {
            throw new IllegalArgumentException("need 1 <= minWords <= maxWords, got " + minWords + " and " + maxWords);
        }
        List<Passage> passages = new ArrayList<>();
        List<String> buffer = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            TaggedSentence sentence = sentences.get(i);
            TaggedSentence next = i + 1 < sentences.size() ? sentences.get(i + 1) : null;
            buffer.addAll(sentence.words());
            boolean textEnds = next == null || !next.file().equals(sentence.file());
            if (textEnds || (buffer.size() >= minWords && buffer.size() + next.size() > maxWords)) {
                if (buffer.size() >= minWords) {
                    passages.add(new Passage(sentence.file(), sentence.category(), TaggedSentence.detokenize(buffer), buffer.size()));
                }
                buffer = new ArrayList<>();
            }
        }
        return passages;
    }
}
