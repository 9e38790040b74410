package org.mljava.helpers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import smile.classification.DataFrameClassifier;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.data.vector.ValueVector;

/**
 * The bridge between the plain arrays of the notebooks and Smile's data-frame models (DecisionTree,
 * RandomForest, AdaBoost, GradientTreeBoost, OLS ...), which train on a {@link DataFrame} and a
 * {@link Formula} naming the target column. Needs smile-core on the class path (the notebook's
 * {@code %maven} line brings it; the helper library does not).
 */
public final class SmileFrames {

    /** The name of the label (target) column in the frames made here. */
    public static final String LABEL = "label";

    private SmileFrames() {
    }

    /** Feature columns {@code f0, f1, ...} and an integer class column {@value #LABEL}. */
    public static DataFrame classification(double[][] x, int[] y) {
        return classification(x, defaultNames(x), y);
    }

    /** Named feature columns and an integer class column {@value #LABEL}. */
    public static DataFrame classification(double[][] x, String[] featureNames, int[] y) {
        List<ValueVector> columns = featureColumns(x, featureNames, y.length);
        columns.add(ValueVector.of(LABEL, y));
        return new DataFrame(columns.toArray(ValueVector[]::new));
    }

    /** Named feature columns and a numeric target column {@value #LABEL}. */
    public static DataFrame regression(double[][] x, String[] featureNames, double[] y) {
        List<ValueVector> columns = featureColumns(x, featureNames, y.length);
        columns.add(ValueVector.of(LABEL, y));
        return new DataFrame(columns.toArray(ValueVector[]::new));
    }

    /** "Predict {@value #LABEL} from all other columns": the formula for the frames made here. */
    public static Formula formula() {
        return Formula.lhs(LABEL);
    }

    /** A data-frame model's predictions for rows of numbers, in the column order it was trained on. */
    public static int[] predict(DataFrameClassifier model, double[][] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = model.predict(Tuple.of(model.schema(), rows[i]));
        }
        return out;
    }

    private static List<ValueVector> featureColumns(double[][] x, String[] names, int labelCount) {
        if (x.length != labelCount) {
            throw new IllegalArgumentException(x.length + " rows but " + labelCount + " labels");
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("no rows");
        }
        if (names.length != x[0].length) {
            throw new IllegalArgumentException(x[0].length + " features but " + names.length + " names");
        }
        List<ValueVector> columns = new ArrayList<>();
        for (int j = 0; j < names.length; j++) {
            final int column = j;
            columns.add(ValueVector.of(names[j], Arrays.stream(x).mapToDouble(row -> row[column]).toArray()));
        }
        return columns;
    }

    private static String[] defaultNames(double[][] x) {
        if (x.length == 0) {
            throw new IllegalArgumentException("no rows");
        }
        String[] names = new String[x[0].length];
        for (int j = 0; j < names.length; j++) {
            names[j] = "f" + j;
        }
        return names;
    }
}
