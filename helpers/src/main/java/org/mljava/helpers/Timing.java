package org.mljava.helpers;

import java.util.Arrays;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Small, honest wall-clock timings for notebooks: one warm-up run (so the JIT and caches settle), then the
 * median of several runs (so one pause of the garbage collector or of a neighbour on a shared machine does
 * not decide the result). Timings on a shared machine are noisy: compare ratios measured in one run.
 */
public final class Timing {

    private Timing() {
    }

    /** Runs {@code task} once to warm up, then {@code repeats} times, and returns the median time in milliseconds. */
    public static double medianMillis(Runnable task, int repeats) {
        return interleavedMedianMillis(repeats, task)[0];
    }

    /**
     * Times several tasks taking turns: one warm-up run of each, then {@code repeats} rounds in which each task runs
     * once, and returns each task's median in milliseconds, in the order given. Use it for a ratio of two timings:
     * taking turns spreads a busy spell of a shared machine over all tasks, where back-to-back blocks of runs would
     * put it on one of them (a backward/forward ratio of 1.3 measured 14.8 that way while another notebook ran).
     */
    public static double[] interleavedMedianMillis(int repeats, Runnable... tasks) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, was " + repeats);
        }
        if (tasks.length == 0) {
            throw new IllegalArgumentException("no tasks to time");
        }
        for (Runnable task : tasks) {
            task.run();
        }
        double[][] millis = new double[tasks.length][repeats];
        for (int r = 0; r < repeats; r++) {
            for (int t = 0; t < tasks.length; t++) {
                long start = System.nanoTime();
                tasks[t].run();
                millis[t][r] = (System.nanoTime() - start) / 1e6;
            }
        }
        return Arrays.stream(millis).mapToDouble(Timing::median).toArray();
    }

    /** The median of some values (the mean of the middle two for an even count). */
    public static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("median of no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /**
     * A table of timings, one row per entry in the map's order, with each time also given relative to the
     * first row ("1.00" for the first; "3.2" means 3.2 times as long). Use a LinkedHashMap to fix the order.
     */
    public static Table table(String title, Map<String, Double> millisByName) {
        if (millisByName.isEmpty()) {
            throw new IllegalArgumentException("no timings to show");
        }
        StringColumn names = StringColumn.create("implementation");
        DoubleColumn millis = DoubleColumn.create("median ms");
        DoubleColumn ratio = DoubleColumn.create("relative to first");
        double first = millisByName.values().iterator().next();
        for (Map.Entry<String, Double> entry : millisByName.entrySet()) {
            names.append(entry.getKey());
            millis.append(round(entry.getValue(), 3));
            ratio.append(first > 0 ? round(entry.getValue() / first, 2) : Double.NaN);
        }
        return Table.create(title, names, millis, ratio);
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
