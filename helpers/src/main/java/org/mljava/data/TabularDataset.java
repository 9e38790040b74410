package org.mljava.data;

import java.util.Arrays;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A table of numeric features with either class labels (classification) or a numeric target
 * (regression), as the classic data sets come: {@code x[i][j]} is feature {@code j} of sample
 * {@code i}, named {@code featureNames[j]}.
 *
 * <ul>
 *   <li>Classification ({@link Datasets#iris()}, {@link Datasets#wine()}, ...): {@code y[i]} is the
 *       class index, {@code classNames[y[i]]} its name, {@code target} is null.</li>
 *   <li>Regression ({@link Datasets#bostonHousing()}): {@code target[i]} is the value to predict,
 *       {@code y} and {@code classNames} are null.</li>
 * </ul>
 * The arrays are the record's own: copy them before changing them if the data set is shared.
 *
 * @param name         the data set's id in the manifest ("iris")
 * @param featureNames one name per column of {@code x}
 * @param x            the features, one row per sample
 * @param y            class index per sample, or null for regression
 * @param classNames   class names indexed by {@code y}, or null
 * @param target       the regression target per sample, or null for classification
 */
public record TabularDataset(String name, String[] featureNames, double[][] x, int[] y, String[] classNames, double[] target) {

    public TabularDataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(featureNames, "featureNames");
        Objects.requireNonNull(x, "x");
        if (y != null && y.length != x.length) {
            throw new IllegalArgumentException("y has " + y.length + " labels for " + x.length + " rows");
        }
        if (target != null && target.length != x.length) {
            throw new IllegalArgumentException("target has " + target.length + " values for " + x.length + " rows");
        }
        for (double[] row : x) {
            if (row.length != featureNames.length) {
                throw new IllegalArgumentException("a row has " + row.length + " values for " + featureNames.length + " features");
            }
        }
    }

    /** The number of samples ({@code x.length}). */
    public int rows() {
        return x.length;
    }

    /** The number of features. */
    public int columns() {
        return featureNames.length;
    }

    /** Whether this is a classification data set (it has class labels). */
    public boolean isClassification() {
        return y != null;
    }

    /** Column {@code j} of {@code x} as a fresh array. */
    public double[] column(int j) {
        double[] c = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i][j];
        }
        return c;
    }

    /** The column with this feature name. */
    public double[] column(String featureName) {
        return column(indexOf(featureName));
    }

    /** The index of a feature name; an error lists the names otherwise. */
    public int indexOf(String featureName) {
        for (int j = 0; j < featureNames.length; j++) {
            if (featureNames[j].equals(featureName)) {
                return j;
            }
        }
        throw new IllegalArgumentException(name + " has no feature '" + featureName + "'; features: " + String.join(", ", featureNames));
    }

    /** The class name of each sample (classification only). */
    public String[] labelNames() {
        if (y == null) {
            throw new IllegalStateException(name + " is a regression data set: it has a target, not classes");
        }
        String[] out = new String[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = classNames[y[i]];
        }
        return out;
    }

    /** How many samples each class has, indexed like {@code classNames}. */
    public int[] classCounts() {
        if (y == null) {
            throw new IllegalStateException(name + " is a regression data set: it has no classes");
        }
        int[] counts = new int[classNames.length];
        for (int label : y) {
            counts[label]++;
        }
        return counts;
    }

    /** The rows at these indices (for a train/test split or a subset), as a new data set. */
    public TabularDataset select(int[] indices) {
        double[][] xs = new double[indices.length][];
        int[] ys = y == null ? null : new int[indices.length];
        double[] ts = target == null ? null : new double[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            xs[k] = x[i].clone();
            if (ys != null) {
                ys[k] = y[i];
            }
            if (ts != null) {
                ts[k] = target[i];
            }
        }
        return new TabularDataset(name, featureNames.clone(), xs, ys, classNames == null ? null : classNames.clone(), ts);
    }

    /** Only these features (by name), in this order, as a new data set: {@code iris.features("petal length (cm)", "petal width (cm)")}. */
    public TabularDataset features(String... names) {
        int[] cols = Arrays.stream(names).mapToInt(this::indexOf).toArray();
        double[][] xs = new double[x.length][cols.length];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < cols.length; k++) {
                xs[i][k] = x[i][cols[k]];
            }
        }
        return new TabularDataset(name, names.clone(), xs, y == null ? null : y.clone(),
                classNames == null ? null : classNames.clone(), target == null ? null : target.clone());
    }

    /** The first {@code n} rows (all when {@code n >= rows()}). */
    public TabularDataset head(int n) {
        int m = Math.min(n, x.length);
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) {
            idx[i] = i;
        }
        return select(idx);
    }

    /**
     * A Tablesaw table: one double column per feature, then a string column "class"
     * (classification) or a double column "target" (regression).
     */
    public Table toTable() {
        Table table = Table.create(name);
        for (int j = 0; j < featureNames.length; j++) {
            table.addColumns(DoubleColumn.create(featureNames[j], column(j)));
        }
        if (y != null) {
            table.addColumns(StringColumn.create("class", labelNames()));
        }
        if (target != null) {
            table.addColumns(DoubleColumn.create("target", target.clone()));
        }
        return table;
    }

    @Override
    public String toString() {
        return name + ": " + rows() + " rows x " + columns() + " features"
                + (y != null ? ", classes " + Arrays.toString(classNames) + " " + Arrays.toString(classCounts()) : "")
                + (target != null ? ", numeric target" : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TabularDataset t && name.equals(t.name) && Arrays.equals(featureNames, t.featureNames)
                && Arrays.deepEquals(x, t.x) && Arrays.equals(y, t.y) && Arrays.equals(classNames, t.classNames)
                && Arrays.equals(target, t.target);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(featureNames), Arrays.deepHashCode(x), Arrays.hashCode(y), Arrays.hashCode(target));
    }
}
