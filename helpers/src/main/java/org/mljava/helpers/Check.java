package org.mljava.helpers;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Agreements that a notebook states, asserted. When the text says "our PCA and Smile's agree to 1e-9" or
 * "the forest gets at least 95% of the test flowers right", the cell says it with a {@code Check}:
 *
 * <pre>{@code
 * Check.close("explained variance, ours vs Smile", ours, smiles, 1e-9);
 * Check.same("test predictions, ours vs Smile", oursPredicted, smilePredicted);
 * Check.atLeast("forest test accuracy", accuracy, 0.95);
 * }</pre>
 *
 * Each call prints one readable line that starts with {@link #HOLDS} or {@link #FAILS}, names the
 * comparison and gives the measured values and the tolerance. It never throws, so a learner who changes
 * a setting still reaches the end of the notebook and sees what stopped holding; the test run
 * ({@code tests/run_notebooks.py}) fails a notebook in which any line starts with {@link #FAILS} and
 * names the cell and the line. The methods return nothing, so a cell that ends with a check shows just its line.
 *
 * <p>Choose the tolerance before looking at the gap, from what the two computations share: the same
 * arithmetic in another order (1e-12 in double), float32 against float64 (1e-5), another optimizer that
 * stops at its own tolerance (1e-4 to 1e-3), a randomized method (a bound on accuracy instead of equality).
 */
public final class Check {

    /** Starts the line of a check that holds. */
    public static final String HOLDS = "[HOLDS]";
    /** Starts the line of a check that does not hold; the test run fails the notebook on it. */
    public static final String FAILS = "[DOES NOT HOLD]";

    private Check() {
    }

    /** {@code |ours - theirs| <= tolerance}. */
    public static void close(String what, double ours, double theirs, double tolerance) {
        double gap = Math.abs(ours - theirs);
        boolean holds = !Double.isNaN(gap) && gap <= tolerance;
        report(holds, what, String.format(Locale.ROOT, "|%s - %s| = %s %s %s", num(ours), num(theirs), num(gap),
                holds ? "<=" : ">", num(tolerance)));
    }

    /** The largest entry-wise gap of two arrays of the same length is at most {@code tolerance}. */
    public static void close(String what, double[] ours, double[] theirs, double tolerance) {
        if (ours.length != theirs.length) {
            report(false, what, "lengths differ: " + ours.length + " and " + theirs.length);
            return;
        }
        int worst = worstIndex(ours, theirs);
        double gap = worst < 0 ? 0 : Math.abs(ours[worst] - theirs[worst]);
        boolean holds = worst < 0 || (!Double.isNaN(gap) && gap <= tolerance);
        String detail = String.format(Locale.ROOT, "max |difference| over %d values = %s %s %s", ours.length, num(gap),
                holds ? "<=" : ">", num(tolerance));
        if (!holds) {
            detail += String.format(Locale.ROOT, " (at index %d: %s vs %s)", worst, num(ours[worst]), num(theirs[worst]));
        }
        report(holds, what, detail);
    }

    /** The largest entry-wise gap of two matrices of the same shape is at most {@code tolerance}. */
    public static void close(String what, double[][] ours, double[][] theirs, double tolerance) {
        if (ours.length != theirs.length) {
            report(false, what, "row counts differ: " + ours.length + " and " + theirs.length);
            return;
        }
        double gap = 0;
        int worstRow = -1;
        int worstColumn = -1;
        int count = 0;
        for (int r = 0; r < ours.length; r++) {
            if (ours[r].length != theirs[r].length) {
                report(false, what, "row " + r + " has " + ours[r].length + " and " + theirs[r].length + " values");
                return;
            }
            count += ours[r].length;
            int c = worstIndex(ours[r], theirs[r]);
            if (c >= 0) {
                double g = Math.abs(ours[r][c] - theirs[r][c]);
                if (worstRow < 0 || Double.isNaN(g) || g > gap) {
                    gap = g;
                    worstRow = r;
                    worstColumn = c;
                }
            }
        }
        boolean holds = worstRow < 0 || (!Double.isNaN(gap) && gap <= tolerance);
        String detail = String.format(Locale.ROOT, "max |difference| over %d values = %s %s %s", count, num(gap),
                holds ? "<=" : ">", num(tolerance));
        if (!holds) {
            detail += String.format(Locale.ROOT, " (at [%d][%d]: %s vs %s)", worstRow, worstColumn,
                    num(ours[worstRow][worstColumn]), num(theirs[worstRow][worstColumn]));
        }
        report(holds, what, detail);
    }

    /** {@code |ours - theirs| / max(|ours|, |theirs|) <= tolerance}: for values far from 1 in size. */
    public static void closeRelative(String what, double ours, double theirs, double tolerance) {
        double scale = Math.max(Math.abs(ours), Math.abs(theirs));
        double gap = scale == 0 ? 0 : Math.abs(ours - theirs) / scale;
        boolean holds = !Double.isNaN(gap) && gap <= tolerance;
        report(holds, what, String.format(Locale.ROOT, "%s vs %s: relative difference %s %s %s", num(ours), num(theirs),
                num(gap), holds ? "<=" : ">", num(tolerance)));
    }

    /** Two label arrays are identical, position by position. */
    public static void same(String what, int[] ours, int[] theirs) {
        sameAtLeast(what, ours, theirs, ours.length);
    }

    /** Two label arrays hold the same value in at least {@code minimum} positions. */
    public static void sameAtLeast(String what, int[] ours, int[] theirs, int minimum) {
        if (ours.length != theirs.length) {
            report(false, what, "lengths differ: " + ours.length + " and " + theirs.length);
            return;
        }
        int same = 0;
        int firstDifference = -1;
        for (int i = 0; i < ours.length; i++) {
            if (ours[i] == theirs[i]) {
                same++;
            } else if (firstDifference < 0) {
                firstDifference = i;
            }
        }
        boolean holds = same >= minimum;
        String detail = "the same in " + same + " of " + ours.length
                + (minimum == ours.length ? "" : " (at least " + minimum + " required)");
        if (firstDifference >= 0) {
            detail += "; first difference at position " + firstDifference + ": " + ours[firstDifference] + " vs "
                    + theirs[firstDifference];
        }
        report(holds, what, detail);
    }

    /** Two values are equal ({@link Objects#equals}; arrays by content). */
    public static void same(String what, Object ours, Object theirs) {
        boolean holds = Objects.deepEquals(ours, theirs);
        report(holds, what, show(ours) + (holds ? " = " : " vs ") + show(theirs));
    }

    /** {@code value >= bound}. */
    public static void atLeast(String what, double value, double bound) {
        boolean holds = value >= bound;
        report(holds, what, num(value) + (holds ? " >= " : " < ") + num(bound));
    }

    /** {@code value <= bound}. */
    public static void atMost(String what, double value, double bound) {
        boolean holds = value <= bound;
        report(holds, what, num(value) + (holds ? " <= " : " > ") + num(bound));
    }

    /** {@code low <= value <= high}. */
    public static void between(String what, double value, double low, double high) {
        boolean holds = value >= low && value <= high;
        report(holds, what, num(value) + (holds ? " lies in " : " lies outside ") + "[" + num(low) + ", " + num(high) + "]");
    }

    /** A condition that the text states, with the values that decide it in {@code detail}. */
    public static void that(String what, boolean condition, String detail) {
        report(condition, what, detail);
    }

    private static int worstIndex(double[] a, double[] b) {
        int worst = -1;
        double gap = -1;
        for (int i = 0; i < a.length; i++) {
            double g = Math.abs(a[i] - b[i]);
            if (Double.isNaN(g)) {
                return i;
            }
            if (g > gap) {
                gap = g;
                worst = i;
            }
        }
        return worst;
    }

    private static void report(boolean holds, String what, String detail) {
        System.out.println((holds ? HOLDS : FAILS) + " " + what + ": " + detail);
    }

    private static String show(Object o) {
        if (o != null && o.getClass().isArray()) {
            String s = Arrays.deepToString(new Object[] {o});
            return s.substring(1, s.length() - 1);
        }
        return String.valueOf(o);
    }

    /** Short, exact enough to see a gap: 4 significant digits, or an integer as it is. */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        double a = Math.abs(v);
        return a != 0 && (a < 1e-2 || a >= 1e6) ? String.format(Locale.ROOT, "%.3e", v) : String.format(Locale.ROOT, "%.6g", v);
    }
}
