package org.mljava.benchmarks;

/** One measured piece of work on the Java side: {@link #setup} is not timed, each {@link #run} is one timed repeat. */
interface JavaTask extends AutoCloseable {
    /** Loads and prepares the data (not timed). {@code size} is the task's size parameter (e.g. images per epoch). */
    void setup(Data data, int size) throws Exception;

    /** One repeat of the measured work; returns the task's metric (accuracy, inertia, loss ...). */
    double run() throws Exception;

    /** How many operations one repeat holds (50 training steps, 50 multiplications): times are divided by it. */
    default int inner() {
        return 1;
    }

    /** Seconds of the part of the last run that is compared (NaN: the whole run). */
    default double ownSeconds() {
        return Double.NaN;
    }

    @Override
    default void close() throws Exception {
    }
}
