package org.mljava.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mljava.kernel.DependencyResolver.ResolutionFailedException;
import org.mljava.kernel.DependencyResolver.ResolvedJar;

/**
 * Resolution against a small repository made on disk: transitive dependencies, Maven's
 * nearest-wins rule, classifiers, scopes, errors that name the coordinate, offline use of the
 * local repository, and the class-path cache.
 */
class DependencyResolverTest {

    @TempDir
    Path temp;
    Path remote;
    Path local;

    @BeforeEach
    void makeRepository() throws IOException {
        remote = temp.resolve("remote");
        local = temp.resolve("local");
        // app:1.0 -> lib:1.0 -> util:1.0 ; app:1.0 -> util:2.0 (nearer, wins) ; app -> test-only (test scope)
        publish("demo", "app", "1.0", dep("demo", "lib", "1.0", null) + dep("demo", "util", "2.0", null) + dep("demo", "testonly", "1.0", "test"));
        publish("demo", "lib", "1.0", dep("demo", "util", "1.0", null));
        publish("demo", "util", "1.0", "");
        publish("demo", "util", "2.0", "");
        publish("demo", "testonly", "1.0", "");
        publish("demo", "natives", "3.0", "");
        Path classified = remote.resolve("demo/natives/3.0/natives-3.0-linux-x86_64.jar");
        emptyJar(classified);
    }

    private static String dep(String g, String a, String v, String scope) {
        return "<dependency><groupId>" + g + "</groupId><artifactId>" + a + "</artifactId><version>" + v + "</version>"
                + (scope == null ? "" : "<scope>" + scope + "</scope>") + "</dependency>";
    }

    private void publish(String g, String a, String v, String deps) throws IOException {
        Path dir = remote.resolve(g.replace('.', '/')).resolve(a).resolve(v);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(a + "-" + v + ".pom"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
                <groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version>
                <dependencies>%s</dependencies></project>
                """.formatted(g, a, v, deps));
        emptyJar(dir.resolve(a + "-" + v + ".jar"));
    }

    private static void emptyJar(Path file) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file))) {
            out.finish();
        }
    }

    private DependencyResolver resolver(boolean offline) {
        DependencyResolver r = new DependencyResolver(null, local, org.mljava.net.ProxySettings.fromEnvironment(Map.of()), offline);
        r.addRepository(DependencyResolver.CENTRAL_ID, remote.toUri().toString());
        return r;
    }

    private static List<String> names(List<ResolvedJar> jars) {
        return jars.stream().map(ResolvedJar::toString).collect(Collectors.toList());
    }

    @Test
    void resolvesTransitivelyWithNearestWinsAndWithoutTestScope() throws Exception {
        List<ResolvedJar> jars = resolver(false).resolve(List.of(MavenCoordinate.parse("demo:app:1.0")));
        List<String> names = names(jars);
        assertTrue(names.contains("demo:app:1.0"), names.toString());
        assertTrue(names.contains("demo:lib:1.0"), names.toString());
        assertTrue(names.contains("demo:util:2.0"), "the nearer util 2.0 must win: " + names);
        assertFalse(names.contains("demo:util:1.0"), names.toString());
        assertFalse(names.stream().anyMatch(n -> n.contains("testonly")), "test scope must not load: " + names);
        for (ResolvedJar jar : jars) {
            assertTrue(jar.file().startsWith(local), "jars are served from the local repository: " + jar.file());
        }
    }

    @Test
    void resolvesClassifierArtifacts() throws Exception {
        List<ResolvedJar> jars = resolver(false).resolve(List.of(MavenCoordinate.parse("demo:natives:jar:linux-x86_64:3.0")));
        assertEquals(1, jars.size());
        assertEquals("linux-x86_64", jars.get(0).classifier());
        assertTrue(jars.get(0).file().getFileName().toString().endsWith("-linux-x86_64.jar"));
    }

    @Test
    void failureNamesTheMissingCoordinate() {
        ResolutionFailedException e = assertThrows(ResolutionFailedException.class,
                () -> resolver(false).resolve(List.of(MavenCoordinate.parse("demo:app:1.0"), MavenCoordinate.parse("demo:nothing:9.9"))));
        assertTrue(e.getMessage().contains("demo:nothing"), e.getMessage());
        assertFalse(e.getMessage().startsWith("Could not resolve demo:app"), "must blame the missing artifact, not the good one: " + e.getMessage());
    }

    @Test
    void worksOfflineFromTheLocalRepositoryOnceFilled() throws Exception {
        resolver(false).resolve(List.of(MavenCoordinate.parse("demo:app:1.0")));
        // the remote disappears: the local repository must be enough
        Files.walk(remote).sorted((a, b) -> b.compareTo(a)).forEach(p -> assertTrue(p.toFile().delete(), "deleted " + p));
        assertEquals(3, resolver(true).resolve(List.of(MavenCoordinate.parse("demo:app:1.0"))).size());
        assertEquals(3, resolver(false).resolve(List.of(MavenCoordinate.parse("demo:app:1.0"))).size());
        ResolutionFailedException e = assertThrows(ResolutionFailedException.class,
                () -> resolver(true).resolve(List.of(MavenCoordinate.parse("demo:util:1.0"))));
        assertTrue(e.getMessage().contains("offline"), e.getMessage());
    }

    @Test
    void magicsLoadEachJarOnceAndFailTheCellOnBadInput() throws Exception {
        List<Path> classpath = new ArrayList<>();
        int[] refreshes = {0};
        MavenMagics magics = new MavenMagics(resolver(false), ResolutionCache.disabled(), classpath::addAll, () -> refreshes[0]++);
        magics.maven(List.of("demo:lib:1.0"));
        assertEquals(2, classpath.size());
        magics.maven(List.of("demo:app:1.0 demo:natives:jar:linux-x86_64:3.0"));
        // app and natives are new; util 2.0 clashes with the util 1.0 already loaded and is not added twice
        assertEquals(4, classpath.size(), classpath.toString());
        assertEquals(2, refreshes[0]);
        assertThrows(ResolutionFailedException.class, () -> magics.maven(List.of("demo:nothing:1.0")));
        assertThrows(IllegalArgumentException.class, () -> magics.maven(List.of("not-a-coordinate")));
        assertThrows(IllegalArgumentException.class, () -> magics.maven(List.of()));
        assertEquals(4, classpath.size(), "a failed %maven must not change the class path");
    }

    @Test
    void loadsDependenciesFromPomXml() throws Exception {
        List<Path> classpath = new ArrayList<>();
        MavenMagics magics = new MavenMagics(resolver(false), ResolutionCache.disabled(), classpath::addAll, () -> { });
        magics.loadFromPom("""
                <dependencies>
                  <dependency><groupId>demo</groupId><artifactId>lib</artifactId><version>1.0</version></dependency>
                  <dependency><groupId>demo</groupId><artifactId>natives</artifactId><version>3.0</version><classifier>linux-x86_64</classifier></dependency>
                  <dependency><groupId>demo</groupId><artifactId>testonly</artifactId><version>1.0</version><scope>test</scope></dependency>
                </dependencies>
                """);
        List<String> files = classpath.stream().map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        assertEquals(List.of("lib-1.0.jar", "natives-3.0-linux-x86_64.jar", "util-1.0.jar"), files);
        assertThrows(IllegalArgumentException.class, () -> magics.loadFromPom("<dependencies><oops></dependencies>"));
    }

    @Test
    void cacheServesRepeatedResolutionAndNoticesMissingJars() throws Exception {
        DependencyResolver resolver = resolver(false);
        ResolutionCache cache = new ResolutionCache(temp.resolve("cache"));
        List<MavenCoordinate> coords = List.of(MavenCoordinate.parse("demo:app:1.0"));
        assertNull(cache.lookup(coords, resolver));
        List<ResolvedJar> jars = resolver.resolve(coords);
        cache.store(coords, resolver, jars);
        List<ResolvedJar> cached = cache.lookup(coords, resolver);
        assertNotNull(cached);
        assertEquals(names(jars), names(cached));
        Path pom = local.resolve("demo/app/1.0/app-1.0.pom");
        Files.setLastModifiedTime(pom, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(pom).toMillis() + 5000));
        assertNull(cache.lookup(coords, resolver), "a reinstalled POM (new time stamp) must not reuse the old class path");
        cache.store(coords, resolver, jars);
        assertNotNull(cache.lookup(coords, resolver));
        Files.delete(jars.get(0).file());
        assertNull(cache.lookup(coords, resolver), "an entry naming a deleted jar is stale");
        assertNull(cache.lookup(List.of(MavenCoordinate.parse("demo:app:1.0-SNAPSHOT")), resolver));
    }

    @Test
    void mainPrintsTheClassPathForSetup() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int status = DependencyResolver.run(new String[] {"--classpath", "demo:app:1.0"}, new java.io.PrintStream(out, true),
                new java.io.PrintStream(err, true), resolver(false), ResolutionCache.disabled());
        assertEquals(0, status, err.toString());
        List<String> entries = List.of(out.toString().strip().split(java.io.File.pathSeparator));
        assertEquals(List.of("app-1.0.jar", "lib-1.0.jar", "util-2.0.jar"),
                entries.stream().map(e -> Path.of(e).getFileName().toString()).toList());
        entries.forEach(e -> assertTrue(Files.isRegularFile(Path.of(e)), e));
        assertEquals(1, DependencyResolver.run(new String[] {"demo:missing:1.0"}, new java.io.PrintStream(out, true),
                new java.io.PrintStream(err, true), resolver(true), ResolutionCache.disabled()));
        assertTrue(err.toString().contains("demo:missing"), err.toString());
    }
}
