package org.mljava.helpers;

/**
 * The one switch between a quick run (tests, CI: small data slices, few epochs) and a full run
 * (a learner's run: whole data sets, real epochs). Set it with the environment variable
 * {@code MLJAVA_MODE=quick|full} (or {@code -Dmljava.mode=...}); the default is full.
 * Notebooks never branch on the mode themselves: they ask for a size with {@link #choose}.
 */
public enum Mode {
    QUICK,
    FULL;

    public static final String VARIABLE = "MLJAVA_MODE";

    /** The mode of this run ({@link org.mljava.net.Settings#quick}). */
    public static Mode current() {
        return org.mljava.net.Settings.current().quick() ? QUICK : FULL;
    }

    public static boolean isQuick() {
        return current() == QUICK;
    }

    /** The quick value in quick mode, else the full value: {@code int epochs = Mode.choose(3, 50);} */
    public static int choose(int quick, int full) {
        return isQuick() ? quick : full;
    }

    public static long choose(long quick, long full) {
        return isQuick() ? quick : full;
    }

    public static double choose(double quick, double full) {
        return isQuick() ? quick : full;
    }

    public static <T> T choose(T quick, T full) {
        return isQuick() ? quick : full;
    }

    /** One line for a notebook's setup cell: which mode, and how to switch. */
    public static String describe() {
        return current() == QUICK
                ? "Mode: quick (" + VARIABLE + "=quick): small slices of the data and few epochs, for a fast check. "
                        + "Unset it (or set full) for the real run."
                : "Mode: full: whole data sets and real epochs. Set " + VARIABLE + "=quick before starting Jupyter for a fast check.";
    }
}
