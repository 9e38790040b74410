package org.mljava.data;

import java.util.List;

/**
 * One sentence of a tagged corpus: its words and one tag per word (Brown corpus part-of-speech
 * tags such as "at" article, "nn" noun, "np" proper noun, "vbd" past-tense verb; a "-tl" suffix
 * marks words in titles, "-hl" in headlines).
 *
 * @param file     the corpus file it comes from ("ca01")
 * @param category the file's genre ("news", "fiction", ...), or null
 * @param words    the words, as written
 * @param tags     the tag of each word
 */
public record TaggedSentence(String file, String category, List<String> words, List<String> tags) {

    public TaggedSentence {
        words = List.copyOf(words);
        tags = List.copyOf(tags);
        if (words.size() != tags.size()) {
            throw new IllegalArgumentException(words.size() + " words but " + tags.size() + " tags");
        }
    }

    public int size() {
        return words.size();
    }

    /**
     * Brown's tokens as plain text: the corpus's quotes {@code ``} and {@code ''} become {@code "}, and
     * no space goes before closing punctuation or after an opening parenthesis.
     */
    public static String detokenize(List<String> words) {
        return String.join(" ", words).replace("`` ", "\"").replace(" ''", "\"").replace("``", "\"").replace("''", "\"")
                .replaceAll(" ([,.;:?!)])", "$1").replace("( ", "(");
    }

    /** The sentence as plain text (words joined by spaces). */
    public String text() {
        return String.join(" ", words);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            sb.append(i == 0 ? "" : " ").append(words.get(i)).append('/').append(tags.get(i));
        }
        return sb.toString();
    }
}
