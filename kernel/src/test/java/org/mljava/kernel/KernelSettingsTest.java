package org.mljava.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mljava.kernel.DependencyResolver.ResolvedJar;

/**
 * %maven takes its settings where the data loaders take them (org.mljava.net.Settings): the
 * offline switch in every spelling, the cache root, settings.xml's local repository.
 */
class KernelSettingsTest {

    private static final List<String> KEYS = List.of("mljava.offline", "mljava.cache", "org.mljava.maven.settings", "maven.repo.local");
    private final Map<String, String> saved = new HashMap<>();

    @TempDir
    Path temp;

    private void set(String key, String value) {
        if (!saved.containsKey(key)) {
            saved.put(key, System.getProperty(key));
        }
        System.setProperty(key, value);
    }

    @AfterEach
    void restore() {
        for (String key : KEYS) {
            if (saved.containsKey(key)) {
                String v = saved.get(key);
                if (v == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, v);
                }
            }
        }
    }

    @Test
    void offlineInEverySpellingMakesMavenOffline() throws IOException {
        set("org.mljava.maven.settings", temp.resolve("none.xml").toString());
        for (String yes : List.of("1", "true", "YES", "on")) {
            set("mljava.offline", yes);
            assertTrue(DependencyResolver.forCurrentUser().isOffline(), yes);
        }
        set("mljava.offline", "0");
        assertFalse(DependencyResolver.forCurrentUser().isOffline());
    }

    @Test
    void localRepositoryComesFromSettingsXml() throws IOException {
        Path settings = temp.resolve("settings.xml");
        Files.writeString(settings, "<settings><localRepository>" + temp.resolve("repo") + "</localRepository></settings>");
        set("org.mljava.maven.settings", settings.toString());
        set("mljava.offline", "off");
        DependencyResolver r = DependencyResolver.forCurrentUser();
        assertEquals(temp.resolve("repo"), r.localRepository());
        assertFalse(r.isOffline());
        set("maven.repo.local", temp.resolve("other").toString());
        assertEquals(temp.resolve("other"), DependencyResolver.forCurrentUser().localRepository());
    }

    @Test
    void resolutionCacheLivesUnderTheCacheRoot() throws IOException {
        set("mljava.cache", temp.resolve("cache").toString());
        set("org.mljava.maven.settings", temp.resolve("none.xml").toString());
        set("maven.repo.local", temp.resolve("repo").toString());
        DependencyResolver resolver = DependencyResolver.forCurrentUser();
        Path jar = Files.createFile(temp.resolve("x.jar"));
        List<MavenCoordinate> coordinates = List.of(MavenCoordinate.parse("demo:x:1.0"));
        ResolutionCache.forCurrentUser().store(coordinates, resolver, List.of(new ResolvedJar("demo", "x", "", "1.0", jar)));
        try (Stream<Path> files = Files.list(temp.resolve("cache/maven-resolution"))) {
            assertEquals(1, files.filter(p -> p.toString().endsWith(".classpath")).count());
        }
        assertEquals(jar, ResolutionCache.forCurrentUser().lookup(coordinates, resolver).getFirst().file());
    }
}
