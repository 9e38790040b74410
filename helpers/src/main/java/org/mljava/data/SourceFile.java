package org.mljava.data;

/**
 * One source file of a code corpus.
 *
 * @param path its path inside the corpus ("java.base/java/util/ArrayList.java")
 * @param text its content
 */
public record SourceFile(String path, String text) {

    @Override
    public String toString() {
        return path + " (" + text.length() + " chars)";
    }
}
