package org.mljava.helpers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import org.junit.jupiter.api.Test;

class ExerciseTest {

    private static String run(Exercise.Body body) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true));
        try {
            Exercise.check("9", "demo", "a hint", body);
        } finally {
            System.setOut(original);
        }
        return buffer.toString();
    }

    @Test
    void passingCheckPrintsPass() {
        String out = run(() -> Exercise.expectClose(0.1 + 0.2, 0.3, 1e-12, "sum"));
        assertTrue(out.startsWith(Exercise.PASS + " Exercise 9 (demo)"), out);
        assertFalse(out.contains("Hint"), out);
    }

    @Test
    void unmetExpectationPrintsNotYetWithTheMessageAndHint() {
        String out = run(() -> Exercise.expectClose(new double[] {1, 2}, new double[] {1, 3}, 1e-9, "values"));
        assertTrue(out.startsWith(Exercise.NOT_YET), out);
        assertTrue(out.contains("element 1 should be 3"), out);
        assertTrue(out.contains("Hint: a hint"), out);
    }

    @Test
    void longArraysAreNotPrintedWhole() {
        double[] expected = new double[1000];
        double[] actual = new double[1000];
        actual[500] = 1;
        String out = run(() -> Exercise.expectClose(actual, expected, 1e-9, "weights"));
        assertTrue(out.contains("element 500 should be 0.00000, got 1.00000 (1000 values)"), out);
        assertTrue(out.length() < 300, out);
    }

    @Test
    void todoStubAndCrashesNeverEscape() {
        String todo = run(() -> {
            throw new UnsupportedOperationException("TODO");
        });
        assertTrue(todo.contains("the TODO is still there"), todo);
        String crash = run(() -> {
            int[] a = new int[1];
            a[2] = 1;
        });
        assertTrue(crash.contains(Exercise.NOT_YET) && crash.contains("ArrayIndexOutOfBoundsException"), crash);
        String wrongLength = run(() -> Exercise.expectClose(new double[] {1}, new double[] {1, 2}, 0, "v"));
        assertTrue(wrongLength.contains("expected 2 values, got 1"), wrongLength);
        String nan = run(() -> Exercise.expectClose(Double.NaN, 1, 1e9, "nan"));
        assertTrue(nan.contains(Exercise.NOT_YET), nan);
    }

    @Test
    void expectEqualsComparesIntArraysByContent() {
        assertTrue(run(() -> Exercise.expectEquals(new int[] {1, 2}, new int[] {1, 2}, "labels")).startsWith(Exercise.PASS));
        assertTrue(run(() -> Exercise.expectEquals(new int[] {1, 2}, new int[] {2, 1}, "labels")).contains("expected [2, 1], got [1, 2]"));
    }
}
