package org.mljava.helpers;

import java.util.Arrays;

/**
 * Self-checks for the exercises. A check never stops a top-to-bottom run: it prints one clear
 * verdict, {@code [PASS]} or {@code [NOT YET]} with what was wrong and a hint. The test runner reads these markers to prove that each check accepts the reference
 * solution and rejects the stub.
 *
 * <pre>{@code
 * Exercise.check("2.1", "Predict with a threshold", "Return 1 when the net input is >= 0.", () -> {
 *     Exercise.expect(predict(new double[]{1, 1}) == 1, "predict([1,1]) should be 1");
 * });
 * }</pre>
 */
public final class Exercise {

    public static final String PASS = "[PASS]";
    public static final String NOT_YET = "[NOT YET]";

    /** Thrown by the expect methods; carries the learner-facing message. */
    public static final class NotYet extends RuntimeException {
        public NotYet(String message) {
            super(message, null, false, false);
        }
    }

    /** The body of a check: expectations that throw {@link NotYet} when unmet. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private Exercise() {
    }

    /** Runs a check and prints its verdict; never throws (so Run All always reaches the end). */
    public static void check(String id, String title, String hint, Body body) {
        String name = "Exercise " + id + " (" + title + ")";
        String problem;
        try {
            body.run();
            System.out.println(PASS + " " + name + ": well done.");
            return;
        } catch (NotYet e) {
            problem = e.getMessage();
        } catch (UnsupportedOperationException e) {
            problem = "the TODO is still there (" + (e.getMessage() == null ? "not implemented" : e.getMessage()) + ")";
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            problem = "your code threw " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        System.out.println(NOT_YET + " " + name + ": " + problem);
        if (hint != null && !hint.isBlank()) {
            System.out.println("    Hint: " + hint);
        }
    }

    public static void expect(boolean condition, String whatShouldHold) {
        if (!condition) {
            throw new NotYet(whatShouldHold);
        }
    }

    public static void expectClose(double actual, double expected, double tolerance, String what) {
        if (Double.isNaN(actual) || Math.abs(actual - expected) > tolerance) {
            throw new NotYet(what + ": expected " + fmt(expected) + " (within " + tolerance + "), got " + fmt(actual));
        }
    }

    public static void expectClose(double[] actual, double[] expected, double tolerance, String what) {
        if (actual == null) {
            throw new NotYet(what + ": got null");
        }
        if (actual.length != expected.length) {
            throw new NotYet(what + ": expected " + expected.length + " values, got " + actual.length);
        }
        for (int i = 0; i < actual.length; i++) {
            if (Double.isNaN(actual[i]) || Math.abs(actual[i] - expected[i]) > tolerance) {
                throw new NotYet(what + ": element " + i + " should be " + fmt(expected[i]) + ", got " + fmt(actual[i])
                        + (expected.length <= 12 ? " (expected " + Arrays.toString(expected) + ")" : " (" + expected.length + " values)"));
            }
        }
    }

    public static void expectEquals(Object actual, Object expected, String what) {
        boolean same = expected == null ? actual == null
                : expected instanceof int[] e && actual instanceof int[] a ? Arrays.equals(e, a) : expected.equals(actual);
        if (!same) {
            throw new NotYet(what + ": expected " + show(expected) + ", got " + show(actual));
        }
    }

    private static String show(Object o) {
        return o instanceof int[] a ? Arrays.toString(a) : String.valueOf(o);
    }

    private static String fmt(double d) {
        return String.format("%.6g", d);
    }
}
