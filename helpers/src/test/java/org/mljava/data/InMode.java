package org.mljava.data;

/** Runs a piece of a test with the mljava.mode system property set, and puts the old value back afterwards. */
final class InMode {

    /** A test body that may throw, like {@code Dataset.prepare()}. */
    interface Body {
        void run() throws Exception;
    }

    private InMode() {
    }

    static void run(String mode, Body body) throws Exception {
        String old = System.getProperty("mljava.mode");
        try {
            System.setProperty("mljava.mode", mode);
            body.run();
        } finally {
            if (old == null) {
                System.clearProperty("mljava.mode");
            } else {
                System.setProperty("mljava.mode", old);
            }
        }
    }
}
