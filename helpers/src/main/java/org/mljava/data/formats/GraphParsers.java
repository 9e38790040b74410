package org.mljava.data.formats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mljava.data.DataException;
import org.mljava.data.GraphDataset;

/** Parsers for graph data sets. */
public final class GraphParsers {

    private GraphParsers() {
    }

    /**
     * graphology-generators' karate-club.js: a DATA array of 34 strings of '0'/'1' (the adjacency
     * matrix) and a CLUB1 set with the members of "Mr. Hi"'s club.
     */
    public static GraphDataset karate(Path file) throws IOException {
        String js = Files.readString(file);
        List<String> rows = new ArrayList<>();
        Matcher m = Pattern.compile("'([01]+)'").matcher(js);
        while (m.find()) {
            rows.add(m.group(1));
        }
        int n = rows.size();
        for (String row : rows) {
            if (row.length() != n) {
                throw new DataException(file + ": the adjacency matrix is not square");
            }
        }
        List<int[]> edges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (rows.get(i).charAt(j) == '1') {
                    edges.add(new int[] {i, j});
                }
            }
        }
        Matcher club = Pattern.compile("CLUB1\\s*=\\s*new Set\\(\\[([0-9,\\s]+)\\]").matcher(js);
        if (!club.find()) {
            throw new DataException(file + ": no CLUB1 set found");
        }
        int[] labels = new int[n];
        java.util.Arrays.fill(labels, 1);
        for (String s : club.group(1).split(",")) {
            if (!s.isBlank()) {
                labels[Integer.parseInt(s.trim())] = 0;
            }
        }
        return new GraphDataset("karate-club", n, edges.toArray(int[][]::new), labels, new String[] {"Mr. Hi", "Officer"});
    }
}
