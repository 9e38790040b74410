package org.mljava.helpers;

import java.time.Duration;

/**
 * A live progress bar for training loops. In the notebook it redraws one output line in place
 * (at most a few times a second) and ends as a static summary line, which is what a saved
 * notebook keeps. Outside the kernel it prints only the summary.
 *
 * <pre>{@code
 * try (var progress = Progress.start("Epochs", epochs)) {
 *     for (int epoch = 0; epoch < epochs; epoch++) {
 *         double loss = trainOneEpoch();
 *         progress.step("loss %.4f".formatted(loss));
 *     }
 * }
 * }</pre>
 */
public final class Progress implements AutoCloseable {

    private static final int BAR_WIDTH = 30;
    private static final long REDRAW_NANOS = 250_000_000L;

    private final String label;
    private final int total;
    private final long startNanos = System.nanoTime();
    private final String displayId;
    private int done;
    private String status = "";
    private long lastDraw;
    private boolean closed;

    private Progress(String label, int total) {
        if (total <= 0) {
            throw new IllegalArgumentException("total must be positive, was " + total);
        }
        this.label = label;
        this.total = total;
        this.displayId = Notebook.inKernel() ? Notebook.showText(render()) : null;
    }

    /** Starts a bar for {@code total} steps. */
    public static Progress start(String label, int total) {
        return new Progress(label, total);
    }

    /** One step done. */
    public void step() {
        step(status);
    }

    /** One step done, with a status such as the current loss. */
    public void step(String newStatus) {
        done = Math.min(total, done + 1);
        status = newStatus == null ? "" : newStatus;
        long now = System.nanoTime();
        if (displayId != null && (now - lastDraw > REDRAW_NANOS || done == total)) {
            Notebook.update(displayId, render());
            lastDraw = now;
        }
    }

    public int done() {
        return done;
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** The current line, e.g. {@code Epochs [#########.....]  30/50  loss 0.12  4.1 s}. */
    String render() {
        int filled = (int) Math.round(BAR_WIDTH * (double) done / total);
        String bar = "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled);
        return String.format("%s [%s] %d/%d  %s  %.1f s", label, bar, done, total, status, elapsed().toMillis() / 1000.0)
                .replace("   ", "  ");
    }

    /** The final, static line. */
    String summary() {
        return String.format("%s: %d/%d done in %.1f s%s", label, done, total, elapsed().toMillis() / 1000.0,
                status.isEmpty() ? "" : "  (" + status + ")");
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (displayId != null) {
            Notebook.update(displayId, summary());
        } else {
            System.out.println(summary());
        }
    }
}
