package org.mljava.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Locale;
import java.util.List;
import java.util.Objects;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Labelled texts, such as movie reviews with their sentiment: {@code texts().get(i)} has class
 * {@code labels()[i]}, named {@code classNames()[labels()[i]]}.
 *
 * @param name       the data set's id ("imdb")
 * @param split      which part, or null for a whole corpus
 * @param texts      the texts, unmodified (IMDb reviews still contain {@code <br />} tags)
 * @param labels     class index per text
 * @param classNames names of the classes ("negative", "positive")
 */
public record TextDataset(String name, Split split, List<String> texts, int[] labels, String[] classNames) {

    public TextDataset {
        Objects.requireNonNull(name);
        texts = List.copyOf(texts);
        Objects.requireNonNull(labels);
        if (labels.length != texts.size()) {
            throw new IllegalArgumentException(texts.size() + " texts but " + labels.length + " labels");
        }
    }

    /** The number of texts. */
    public int size() {
        return texts.size();
    }

    public String text(int i) {
        return texts.get(i);
    }

    public int label(int i) {
        return labels[i];
    }

    /** How many texts each class has. */
    public int[] classCounts() {
        int[] counts = new int[classNames.length];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** The first {@code n} texts (the splits are shuffled, so a prefix is a fair sample). */
    public TextDataset limit(int n) {
        int m = Math.max(0, Math.min(n, size()));
        return m == size() ? this : new TextDataset(name, split, texts.subList(0, m), Arrays.copyOf(labels, m), classNames);
    }

    /** The texts at these indices, in this order. */
    public TextDataset select(int[] indices) {
        List<String> t = new ArrayList<>(indices.length);
        int[] l = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            t.add(texts.get(indices[k]));
            l[k] = labels[indices[k]];
        }
        return new TextDataset(name, split, t, l, classNames);
    }

    /** A Tablesaw table with columns "text", "label" (index) and "class" (name). */
    public Table toTable() {
        String[] names = new String[size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = classNames[labels[i]];
        }
        return Table.create(name + (split == null ? "" : " " + split.name().toLowerCase(Locale.ROOT)),
                StringColumn.create("text", texts), IntColumn.create("label", labels.clone()), StringColumn.create("class", names));
    }

    @Override
    public String toString() {
        return name + (split == null ? "" : " " + split.name().toLowerCase(Locale.ROOT)) + ": " + size() + " texts, classes "
                + Arrays.toString(classNames) + " " + Arrays.toString(classCounts());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TextDataset t && name.equals(t.name) && split == t.split && texts.equals(t.texts)
                && Arrays.equals(labels, t.labels) && Arrays.equals(classNames, t.classNames);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, split, texts, Arrays.hashCode(labels));
    }
}
