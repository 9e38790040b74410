package org.mljava.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MavenCoordinateTest {

    @Test
    void parsesThreePartCoordinate() {
        MavenCoordinate c = MavenCoordinate.parse("tech.tablesaw:tablesaw-core:0.44.4");
        assertEquals("tech.tablesaw", c.groupId());
        assertEquals("tablesaw-core", c.artifactId());
        assertEquals("jar", c.extension());
        assertEquals("", c.classifier());
        assertEquals("0.44.4", c.version());
        assertEquals("tech.tablesaw:tablesaw-core:0.44.4", c.toString());
    }

    @Test
    void parsesClassifierCoordinate() {
        MavenCoordinate c = MavenCoordinate.parse("ai.djl.pytorch:pytorch-native-cpu:jar:linux-x86_64:2.7.1");
        assertEquals("linux-x86_64", c.classifier());
        assertEquals("2.7.1", c.version());
        assertEquals("ai.djl.pytorch:pytorch-native-cpu:linux-x86_64", c.versionlessKey());
        assertEquals("ai.djl.pytorch:pytorch-native-cpu:jar:linux-x86_64:2.7.1", c.toString());
    }

    @Test
    void parsesExtensionWithoutClassifier() {
        MavenCoordinate c = MavenCoordinate.parse("g:a:pom:1.0");
        assertEquals("pom", c.extension());
        assertEquals("", c.classifier());
    }

    @Test
    void rejectsMalformedCoordinatesWithTheTextInTheMessage() {
        for (String bad : new String[] {"tablesaw", "g:a", "g::1.0", "a:b:c:d:e:f"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MavenCoordinate.parse(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }
}
