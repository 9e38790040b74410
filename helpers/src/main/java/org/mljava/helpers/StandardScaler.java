package org.mljava.helpers;

/**
 * Standardization fitted on training data only: {@code z = (x - mean) / sd} per column, with the
 * population standard deviation (divide by n), as scikit-learn's StandardScaler. Fit on the
 * training rows, then transform training and test rows with the same statistics, so that nothing
 * about the test set leaks into the model.
 */
public record StandardScaler(double[] mean, double[] sd) {

    /** Column means and standard deviations of {@code x}; a constant column gets sd 1 (it stays 0 after centring). */
    public static StandardScaler fit(double[][] x) {
        if (x.length == 0) {
            throw new IllegalArgumentException("cannot fit a scaler on no rows");
        }
        int columns = x[0].length;
        double[] mean = new double[columns];
        double[] sd = new double[columns];
        for (double[] row : x) {
            for (int j = 0; j < columns; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < columns; j++) {
            mean[j] /= x.length;
        }
        for (double[] row : x) {
            for (int j = 0; j < columns; j++) {
                sd[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
            }
        }
        for (int j = 0; j < columns; j++) {
            sd[j] = Math.sqrt(sd[j] / x.length);
            if (sd[j] == 0) {
                sd[j] = 1;
            }
        }
        return new StandardScaler(mean, sd);
    }

    /** A new standardized copy of the rows. */
    public double[][] transform(double[][] x) {
        double[][] z = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            z[i] = transform(x[i]);
        }
        return z;
    }

    /** One standardized row. */
    public double[] transform(double[] row) {
        if (row.length != mean.length) {
            throw new IllegalArgumentException("row has " + row.length + " values, the scaler was fitted on " + mean.length);
        }
        double[] z = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            z[j] = (row[j] - mean[j]) / sd[j];
        }
        return z;
    }
}
