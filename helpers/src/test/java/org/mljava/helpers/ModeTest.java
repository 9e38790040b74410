package org.mljava.helpers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModeTest {

    @AfterEach
    void clear() {
        System.clearProperty("mljava.mode");
    }

    @Test
    void systemPropertySelectsTheMode() {
        System.setProperty("mljava.mode", "quick");
        assertEquals(Mode.QUICK, Mode.current());
        assertEquals(3, Mode.choose(3, 50));
        assertEquals("small", Mode.choose("small", "big"));
        assertTrue(Mode.describe().startsWith("Mode: quick"));
        System.setProperty("mljava.mode", "FULL");
        assertEquals(50, Mode.choose(3, 50));
        assertEquals(0.5, Mode.choose(0.1, 0.5));
    }

    @Test
    void unknownModeIsAClearError() {
        System.setProperty("mljava.mode", "fast");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Mode::current);
        assertTrue(e.getMessage().contains("MLJAVA_MODE=fast"), e.getMessage());
    }
}
