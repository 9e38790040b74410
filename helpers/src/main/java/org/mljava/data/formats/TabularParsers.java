package org.mljava.data.formats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.mljava.data.DataException;
import org.mljava.data.TabularDataset;

/**
 * Readers for the tabular files (scikit-learn's CSVs, UCI's originals, CMU's Boston file, plain
 * CSV) and writers of the primary formats, which {@code org.mljava.data.Conversions} uses to turn a canonical
 * online file into the format the loader reads.
 */
public final class TabularParsers {

    private TabularParsers() {
    }

    public static List<String> lines(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
        }
        return lines;
    }

    private static double[] numbers(String[] parts, int from, int to, String where) {
        double[] v = new double[to - from];
        for (int j = from; j < to; j++) {
            try {
                v[j - from] = Double.parseDouble(parts[j].trim());
            } catch (NumberFormatException e) {
                throw new DataException(where + ": '" + parts[j] + "' is not a number");
            }
        }
        return v;
    }

    /**
     * scikit-learn's bundled CSV: a header "n_samples,n_features,class names...", then rows of
     * n_features numbers and an integer class index. Checks the counts the header announces.
     */
    public static TabularDataset sklearnCsv(Path file, String name, String[] featureNames, String[] classNamesOverride) throws IOException {
        List<String> lines = lines(file);
        String[] header = lines.getFirst().split(",");
        int n = Integer.parseInt(header[0].trim());
        int d = Integer.parseInt(header[1].trim());
        if (d != featureNames.length) {
            throw new DataException(file + ": header says " + d + " features, the loader knows " + featureNames.length);
        }
        String[] classNames = classNamesOverride;
        if (classNames == null) {
            classNames = new String[header.length - 2];
            for (int k = 2; k < header.length; k++) {
                classNames[k - 2] = header[k].trim();
            }
        }
        if (lines.size() - 1 != n) {
            throw new DataException(file + ": header says " + n + " rows, the file has " + (lines.size() - 1));
        }
        double[][] x = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            String[] parts = lines.get(i + 1).split(",");
            if (parts.length != d + 1) {
                throw new DataException(file + " line " + (i + 2) + ": " + parts.length + " fields, expected " + (d + 1));
            }
            x[i] = numbers(parts, 0, d, file + " line " + (i + 2));
            y[i] = (int) Double.parseDouble(parts[d].trim());
            if (y[i] < 0 || y[i] >= classNames.length) {
                throw new DataException(file + " line " + (i + 2) + ": class " + y[i] + " out of range");
            }
        }
        return new TabularDataset(name, featureNames, x, y, classNames, null);
    }

    /** Rows of d numbers followed by an integer label, no header (UCI optdigits). */
    public static TabularDataset numbersThenLabel(Path file, String name, String[] featureNames, String[] classNames) throws IOException {
        List<String> lines = lines(file);
        int d = featureNames.length;
        double[][] x = new double[lines.size()][];
        int[] y = new int[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).split(",");
            x[i] = numbers(parts, 0, d, file + " line " + (i + 1));
            y[i] = Integer.parseInt(parts[d].trim());
        }
        return new TabularDataset(name, featureNames, x, y, classNames, null);
    }

    /** UCI iris.data: 4 numbers and "Iris-setosa" etc. */
    public static TabularDataset uciIris(Path file, String[] featureNames, String[] classNames) throws IOException {
        List<String> lines = lines(file);
        double[][] x = new double[lines.size()][];
        int[] y = new int[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).split(",");
            x[i] = numbers(parts, 0, 4, file + " line " + (i + 1));
            String cls = parts[4].trim().replace("Iris-", "");
            y[i] = indexOf(classNames, cls, file + " line " + (i + 1));
        }
        return new TabularDataset("iris", featureNames, x, y, classNames, null);
    }

    /** UCI wine.data: class (1-3) then 13 numbers. */
    public static TabularDataset uciWine(Path file, String[] featureNames, String[] classNames) throws IOException {
        List<String> lines = lines(file);
        double[][] x = new double[lines.size()][];
        int[] y = new int[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).split(",");
            y[i] = Integer.parseInt(parts[0].trim()) - 1;
            x[i] = numbers(parts, 1, 1 + featureNames.length, file + " line " + (i + 1));
        }
        return new TabularDataset("wine", featureNames, x, y, classNames, null);
    }

    /** UCI wdbc.data: id, M/B, 30 numbers; M -> 0 (malignant), B -> 1 (benign) as in scikit-learn. */
    public static TabularDataset uciWdbc(Path file, String[] featureNames, String[] classNames) throws IOException {
        List<String> lines = lines(file);
        double[][] x = new double[lines.size()][];
        int[] y = new int[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).split(",");
            String diagnosis = parts[1].trim();
            y[i] = switch (diagnosis) {
                case "M" -> 0;
                case "B" -> 1;
                default -> throw new DataException(file + " line " + (i + 1) + ": diagnosis '" + diagnosis + "'");
            };
            x[i] = numbers(parts, 2, 2 + featureNames.length, file + " line " + (i + 1));
        }
        return new TabularDataset("breast-cancer", featureNames, x, y, classNames, null);
    }

    /** A CSV with a header line; the last {@code targetColumn} is the regression target. */
    public static TabularDataset csvRegression(Path file, String name, String[] featureNames, int targetColumn) throws IOException {
        List<String> lines = lines(file);
        int n = lines.size() - 1;
        double[][] x = new double[n][];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            String[] parts = lines.get(i + 1).split(",");
            double[] v = numbers(parts, 0, parts.length, file + " line " + (i + 2));
            double[] row = new double[featureNames.length];
            int k = 0;
            for (int j = 0; j < v.length; j++) {
                if (j == targetColumn) {
                    t[i] = v[j];
                } else {
                    row[k++] = v[j];
                }
            }
            x[i] = row;
        }
        return new TabularDataset(name, featureNames, x, null, null, t);
    }

    /**
     * CMU StatLib's "boston" file: a free-text description (up to the line before the first
     * number), then each of the 506 records over two lines: 11 numbers, then 3 (B, LSTAT, MEDV).
     */
    public static TabularDataset cmuBoston(Path file, String[] featureNames) throws IOException {
        List<String> lines = lines(file);
        List<Double> numbers = new ArrayList<>();
        boolean inData = false;
        for (String line : lines) {
            if (!inData) {
                // the data start at the first line made only of numbers
                if (!line.matches("[-+0-9.eE\\s]+")) {
                    continue;
                }
                inData = true;
            }
            for (String token : line.trim().split("\\s+")) {
                numbers.add(Double.parseDouble(token));
            }
        }
        int perRecord = featureNames.length + 1;
        if (numbers.size() % perRecord != 0) {
            throw new DataException(file + ": " + numbers.size() + " numbers is not a whole number of " + perRecord + "-value records");
        }
        int n = numbers.size() / perRecord;
        double[][] x = new double[n][featureNames.length];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < featureNames.length; j++) {
                x[i][j] = numbers.get(i * perRecord + j);
            }
            t[i] = numbers.get(i * perRecord + featureNames.length);
        }
        return new TabularDataset("boston-housing", featureNames, x, null, null, t);
    }

    /**
     * A tab-separated file with a header line (Ames housing), read by Tablesaw's CSV reader: a column
     * whose every value is a number becomes a double column, any other a string column; empty cells
     * and "NA" are missing in every column (NaN, or "" in a string column), as pandas reads the file
     * for the book. Cells are trimmed, blank lines skipped, and quotes follow CSV rules (a tab inside
     * quotes stays in the cell, a doubled quote inside quotes is one quote).
     */
    public static tech.tablesaw.api.Table tsvTable(Path file, String name) throws IOException {
        tech.tablesaw.io.csv.CsvReadOptions options = tech.tablesaw.io.csv.CsvReadOptions.builder(file.toFile())
                .tableName(name).separator('\t').header(true).missingValueIndicator("NA", "").sample(false)
                .columnTypesToDetect(List.of(tech.tablesaw.api.ColumnType.DOUBLE, tech.tablesaw.api.ColumnType.STRING)).build();
        try {
            return tech.tablesaw.api.Table.read().usingOptions(options);
        } catch (RuntimeException e) { // Tablesaw's word for a row with too many or too few cells
            throw new DataException(file + ": not a tab-separated table with one header line (" + e + ")", e);
        }
    }

    /** The numeric columns of a table as features (NaN where missing), one column as the regression target. */
    public static TabularDataset numericRegression(tech.tablesaw.api.Table table, String name, String target, java.util.Set<String> skip) {
        List<String> features = new ArrayList<>();
        for (tech.tablesaw.columns.Column<?> c : table.columns()) {
            if (c instanceof tech.tablesaw.api.DoubleColumn && !c.name().equals(target) && !skip.contains(c.name())) {
                features.add(c.name());
            }
        }
        int n = table.rowCount();
        double[][] x = new double[n][features.size()];
        for (int j = 0; j < features.size(); j++) {
            tech.tablesaw.api.DoubleColumn c = table.doubleColumn(features.get(j));
            for (int i = 0; i < n; i++) {
                x[i][j] = c.getDouble(i);
            }
        }
        double[] t = table.doubleColumn(target).asDoubleArray();
        return new TabularDataset(name, features.toArray(String[]::new), x, null, null, t);
    }

    // ---- writers of the primary formats ---------------------------------------------------------

    /** scikit-learn's CSV layout, as {@link #sklearnCsv} reads it: "n,d,class names", then d numbers and the class index per row. */
    public static void writeSklearnCsv(TabularDataset data, Path file) throws IOException {
        try (Writer out = writer(file)) {
            out.write(data.rows() + "," + data.columns() + "," + String.join(",", data.classNames()) + "\n");
            for (int i = 0; i < data.rows(); i++) {
                writeRow(out, data.x()[i], Integer.toString(data.y()[i]));
            }
        }
    }

    /** Rows of numbers then the class index, no header, as {@link #numbersThenLabel} reads them (gzip'd when the name ends in .gz). */
    public static void writeNumbersThenLabel(TabularDataset data, Path file) throws IOException {
        try (Writer out = writer(file)) {
            for (int i = 0; i < data.rows(); i++) {
                writeRow(out, data.x()[i], Integer.toString(data.y()[i]));
            }
        }
    }

    /** A header line (the feature names and {@code targetName}), then the features and the target per row, as {@link #csvRegression} reads it with the target last. */
    public static void writeRegressionCsv(TabularDataset data, String targetName, Path file) throws IOException {
        try (Writer out = writer(file)) {
            out.write(String.join(",", data.featureNames()) + "," + targetName + "\n");
            for (int i = 0; i < data.rows(); i++) {
                writeRow(out, data.x()[i], number(data.target()[i]));
            }
        }
    }

    private static Writer writer(Path file) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        if (file.toString().endsWith(".gz")) {
            out = new GZIPOutputStream(out, 1 << 16);
        }
        return new java.io.BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }

    private static void writeRow(Writer out, double[] values, String last) throws IOException {
        for (double v : values) {
            out.write(number(v));
            out.write(',');
        }
        out.write(last);
        out.write('\n');
    }

    /** A number as the CSVs write it: whole numbers without ".0"; others in Java's shortest form that reads back to the same double. */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static int indexOf(String[] names, String name, String where) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        throw new DataException(where + ": unknown class '" + name + "'");
    }
}
