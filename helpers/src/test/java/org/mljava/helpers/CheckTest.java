package org.mljava.helpers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import org.junit.jupiter.api.Test;

/** Each kind of check, both ways: it holds (and says so) and it does not (and says why, with the values). */
class CheckTest {

    private record Outcome(boolean held, String line) {
    }

    /** Runs a check and reads its verdict from the one line it prints, as the test runner does. */
    private static Outcome run(Runnable check) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true));
        try {
            check.run();
        } finally {
            System.setOut(original);
        }
        String text = buffer.toString().strip();
        assertEquals(1, text.lines().count(), "one line per check: " + text);
        return new Outcome(text.startsWith(Check.HOLDS + " "), text);
    }

    private static void holds(Outcome o) {
        assertTrue(o.held() && o.line().startsWith(Check.HOLDS + " "), o.line());
    }

    private static void fails(Outcome o) {
        assertTrue(!o.held() && o.line().startsWith(Check.FAILS + " "), o.line());
    }

    @Test
    void methodsReturnNothingSoACellEndingWithACheckShowsOnlyItsLine() throws Exception {
        for (var m : Check.class.getDeclaredMethods()) {
            if (java.lang.reflect.Modifier.isPublic(m.getModifiers())) {
                assertEquals(void.class, m.getReturnType(), m.getName());
            }
        }
    }

    @Test
    void closeScalarsBothWays() {
        Outcome ok = run(() -> Check.close("sum", 0.1 + 0.2, 0.3, 1e-12));
        holds(ok);
        assertTrue(ok.line().contains("sum: |0.300000 - 0.300000| = 5.551e-17 <= 1.000e-12"), ok.line());
        // a deliberately broken tolerance: the gap is 1e-3, the tolerance 1e-4
        Outcome broken = run(() -> Check.close("explained variance, ours vs Smile", 0.731, 0.732, 1e-4));
        fails(broken);
        assertTrue(broken.line().contains("explained variance, ours vs Smile: |0.731000 - 0.732000| = 1.000e-03 > 1.000e-04"), broken.line());
        fails(run(() -> Check.close("nan", Double.NaN, 1, 1e9)));
    }

    @Test
    void closeArraysNameTheWorstEntry() {
        holds(run(() -> Check.close("vectors", new double[] {1, 2, 3}, new double[] {1, 2, 3 + 1e-13}, 1e-9)));
        Outcome o = run(() -> Check.close("vectors", new double[] {1, 2, 3}, new double[] {1, 2.5, 3.1}, 0.2));
        fails(o);
        assertTrue(o.line().contains("max |difference| over 3 values = 0.500000 > 0.200000 (at index 1: 2 vs 2.50000)"), o.line());
        fails(run(() -> Check.close("lengths", new double[] {1}, new double[] {1, 2}, 1)));
        fails(run(() -> Check.close("nan inside", new double[] {1, Double.NaN}, new double[] {1, 2}, 1e9)));
        holds(run(() -> Check.close("empty", new double[0], new double[0], 0)));
    }

    @Test
    void closeMatrices() {
        holds(run(() -> Check.close("m", new double[][] {{1, 2}, {3, 4}}, new double[][] {{1, 2}, {3, 4}}, 0)));
        Outcome o = run(() -> Check.close("m", new double[][] {{1, 2}, {3, 4}}, new double[][] {{1, 2}, {3, 5}}, 0.5));
        fails(o);
        assertTrue(o.line().contains("over 4 values = 1 > 0.500000 (at [1][1]: 4 vs 5)"), o.line());
        fails(run(() -> Check.close("ragged", new double[][] {{1, 2}}, new double[][] {{1}}, 1)));
    }

    @Test
    void relativeCloseness() {
        holds(run(() -> Check.closeRelative("log-likelihood", -1000.0, -1000.001, 1e-5)));
        fails(run(() -> Check.closeRelative("log-likelihood", -1000.0, -1001, 1e-5)));
        holds(run(() -> Check.closeRelative("zeros", 0, 0, 0)));
    }

    @Test
    void sameLabels() {
        Outcome ok = run(() -> Check.same("predictions", new int[] {0, 1, 2}, new int[] {0, 1, 2}));
        holds(ok);
        assertTrue(ok.line().endsWith("the same in 3 of 3"), ok.line());
        Outcome o = run(() -> Check.same("predictions", new int[] {0, 1, 2}, new int[] {0, 2, 2}));
        fails(o);
        assertTrue(o.line().contains("the same in 2 of 3; first difference at position 1: 1 vs 2"), o.line());
        holds(run(() -> Check.sameAtLeast("predictions", new int[] {0, 1, 2}, new int[] {0, 2, 2}, 2)));
        fails(run(() -> Check.sameAtLeast("predictions", new int[] {0, 1, 2}, new int[] {1, 2, 2}, 2)));
        fails(run(() -> Check.same("lengths", new int[] {0}, new int[] {0, 1})));
    }

    @Test
    void sameObjects() {
        holds(run(() -> Check.same("kept features", java.util.List.of("a", "b"), java.util.List.of("a", "b"))));
        Outcome o = run(() -> Check.same("kept features", new String[] {"a", "b"}, new String[] {"a", "c"}));
        fails(o);
        assertTrue(o.line().contains("[a, b] vs [a, c]"), o.line());
        holds(run(() -> Check.same("counts", new int[] {1, 2}, (Object) new int[] {1, 2})));
    }

    @Test
    void bounds() {
        holds(run(() -> Check.atLeast("accuracy", 0.96, 0.95)));
        fails(run(() -> Check.atLeast("accuracy", 0.94, 0.95)));
        fails(run(() -> Check.atLeast("accuracy", Double.NaN, 0.95)));
        holds(run(() -> Check.atMost("loss", 0.1, 0.2)));
        fails(run(() -> Check.atMost("loss", 0.3, 0.2)));
        holds(run(() -> Check.between("ratio", 1.0, 0.5, 2)));
        Outcome o = run(() -> Check.between("ratio", 3.0, 0.5, 2));
        fails(o);
        assertTrue(o.line().contains("3 lies outside [0.500000, 2]"), o.line());
        holds(run(() -> Check.that("converged", true, "after 12 epochs")));
        fails(run(() -> Check.that("converged", false, "still 3 errors after 50 epochs")));
    }

    @Test
    void numbersPrintShortButShowTheGap() {
        assertEquals("171", Check.num(171));
        assertEquals("0.973684", Check.num(0.9736842));
        assertEquals("2.700e-06", Check.num(2.7e-6));
        assertFalse(Check.num(1e20).isEmpty());
    }
}
