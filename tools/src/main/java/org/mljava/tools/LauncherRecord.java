package org.mljava.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The files setup writes for the kernel launcher (KEY=VALUE lines, read by environment/kernel/launch.sh). */
final class LauncherRecord {

    private LauncherRecord() {
    }

    /** Writes a record through a temporary file and a rename, so the launcher never reads half of one. */
    static void write(Path record, String text) throws IOException {
        Path parent = record.toAbsolutePath().getParent();
        if (parent == null) {
            throw new IOException("the launcher record needs a file path, not a root folder: " + record);
        }
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, "record", ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
