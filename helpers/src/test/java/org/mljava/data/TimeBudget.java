package org.mljava.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;

/** Time budgets that fail on a slow path, not on a machine that other builds are saturating. */
final class TimeBudget {

    private TimeBudget() {
    }

    /** Load average per core over the last minute (NaN where unknown). */
    static double loadPerCore() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os.getSystemLoadAverage() / os.getAvailableProcessors();
    }

    /**
     * Asserts {@code nanos <= budgetNanos}. Over budget while the machine is overloaded (load per
     * core above 1.5) the check is reported and skipped instead: the time measured then is the
     * other processes', not this code's.
     */
    static void assertWithin(String what, long nanos, long budgetNanos) {
        double load = loadPerCore();
        System.out.printf("%s: %.0f ms (budget %.0f ms, load per core %.1f)%n", what, nanos / 1e6, budgetNanos / 1e6, load);
        if (nanos > budgetNanos && load > 1.5) {
            Assumptions.abort(what + " took " + nanos / 1_000_000 + " ms on an overloaded machine (load per core " + load + "): not judged");
        }
        assertTrue(nanos <= budgetNanos, what + " took " + nanos / 1_000_000 + " ms, budget " + budgetNanos / 1_000_000 + " ms");
    }
}
