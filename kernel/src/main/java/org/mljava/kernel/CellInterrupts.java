package org.mljava.kernel;

/**
 * Lets an interrupted cell really stop. IJava interrupts a cell by interrupting the thread that runs
 * it and at once reports the cell as interrupted; Java 25 has no {@code Thread.stop}, so a loop that
 * never looks at the interrupt flag ran on in the background, using a whole core and changing the
 * notebook's variables. The kernel therefore puts a call to {@link #check()} at the end of each
 * iteration of the loops in the classes JShell compiles from cells, all but short counted loops
 * ({@link InterruptibleLoops}). Library code is not changed: a long call into a library ends when the
 * library returns or looks at the flag itself.
 */
public final class CellInterrupts {

    /** IJava names the threads that run cells "IJava-executor-N". */
    private static final String CELL_THREAD_PREFIX = "IJava-executor-";

    private CellInterrupts() {
    }

    /**
     * Called at every loop back edge of notebook code: ends the cell's thread if its cell was
     * interrupted. Cheap when it was not (one read of the thread's interrupt flag). Threads that
     * notebook code starts itself keep the usual meaning of an interrupt, which their own code handles.
     *
     * @throws CellInterruptedError if this thread runs a cell and has been interrupted
     */
    public static void check() {
        Thread thread = Thread.currentThread();
        if (thread.isInterrupted() && thread.getName().startsWith(CELL_THREAD_PREFIX)) {
            throw new CellInterruptedError();
        }
    }

    /**
     * Thrown into an interrupted cell's loop. An Error, not an Exception, so that a
     * {@code catch (Exception e)} in the notebook does not keep the loop going.
     */
    public static final class CellInterruptedError extends Error {
        private static final long serialVersionUID = 1L;

        CellInterruptedError() {
            super("the cell was interrupted");
        }
    }
}
