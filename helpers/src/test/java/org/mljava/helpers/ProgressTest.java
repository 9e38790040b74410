package org.mljava.helpers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void countsStepsAndEndsWithASummary() {
        try (Progress progress = Progress.start("Epochs", 4)) {
            progress.step("loss 1.0");
            progress.step("loss 0.5");
            assertEquals(2, progress.done());
            assertTrue(progress.render().startsWith("Epochs [###############...............] 2/4"), progress.render());
            progress.step();
            progress.step();
            progress.step(); // never beyond the total
            assertEquals(4, progress.done());
            assertTrue(progress.summary().startsWith("Epochs: 4/4 done in"), progress.summary());
            assertTrue(progress.summary().endsWith("(loss 0.5)"), progress.summary());
        }
    }

    @Test
    void rejectsEmptyTotals() {
        assertThrows(IllegalArgumentException.class, () -> Progress.start("x", 0));
    }
}
