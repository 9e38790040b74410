package org.mljava.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @TempDir
    Path home;

    private Map<String, String> props(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        m.put("user.home", home.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private Settings resolve(Map<String, String> env, String... properties) {
        return Settings.resolve(env, props(properties));
    }

    // --- yes/no: one spelling ---

    @Test
    void flagsHaveOneSpellingInAnyCase() {
        for (String yes : List.of("1", "true", "TRUE", "yes", "Yes", "on", "ON", " true ")) {
            assertTrue(Settings.flag("X", yes), yes);
        }
        for (String no : List.of("0", "false", "False", "no", "off", "OFF", "", "  ")) {
            assertFalse(Settings.flag("X", no), no);
        }
        assertFalse(Settings.flag("X", null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Settings.flag("MLJAVA_OFFLINE", "maybe"));
        assertTrue(e.getMessage().contains("MLJAVA_OFFLINE=maybe"), e.getMessage());
    }

    @Test
    void offlineFromTheVariableInEverySpelling() {
        assertFalse(resolve(Map.of()).offline());
        for (String yes : List.of("1", "true", "yes", "on", "TRUE")) {
            assertTrue(resolve(Map.of("MLJAVA_OFFLINE", yes)).offline(), yes);
        }
        assertFalse(resolve(Map.of("MLJAVA_OFFLINE", "0")).offline());
        assertThrows(IllegalArgumentException.class, () -> resolve(Map.of("MLJAVA_OFFLINE", "offline")));
    }

    @Test
    void offlinePropertyWinsOverTheVariable() {
        assertFalse(resolve(Map.of("MLJAVA_OFFLINE", "1"), "mljava.offline", "false").offline());
        assertTrue(resolve(Map.of("MLJAVA_OFFLINE", "0"), "mljava.offline", "on").offline());
        assertTrue(resolve(Map.of("MLJAVA_OFFLINE", "1"), "mljava.offline", " ").offline(), "a blank property does not count");
    }

    // --- cache root ---

    @Test
    void cacheRootDefaultsToTheHomeCache() {
        assertEquals(home.resolve(".cache/mljava"), resolve(Map.of()).cacheRoot());
    }

    @Test
    void cacheRootHonoursXdgCacheHome() {
        assertEquals(Path.of("/xdg/cache/mljava"), resolve(Map.of("XDG_CACHE_HOME", "/xdg/cache")).cacheRoot());
        assertEquals(home.resolve(".cache/mljava"), resolve(Map.of("XDG_CACHE_HOME", " ")).cacheRoot());
    }

    @Test
    void cacheVariableWinsOverXdgAndThePropertyWinsOverBoth() {
        Map<String, String> env = Map.of("XDG_CACHE_HOME", "/xdg", "MLJAVA_CACHE", "/var/mljava");
        assertEquals(Path.of("/var/mljava"), resolve(env).cacheRoot());
        assertEquals(Path.of("/opt/c"), resolve(env, "mljava.cache", "/opt/c").cacheRoot());
        assertEquals(home.resolve("my-cache"), resolve(Map.of("MLJAVA_CACHE", "~/my-cache")).cacheRoot());
    }

    // --- Maven settings file and local repository ---

    @Test
    void localRepositoryDefaultsToM2() {
        Settings s = resolve(Map.of());
        assertEquals(home.resolve(".m2/settings.xml"), s.mavenSettingsFile());
        assertEquals(home.resolve(".m2/repository"), s.localRepository());
        assertFalse(s.mavenOffline());
    }

    @Test
    void localRepositoryComesFromSettingsXml() throws IOException {
        Files.createDirectories(home.resolve(".m2"));
        Files.writeString(home.resolve(".m2/settings.xml"), """
                <?xml version="1.0"?>
                <settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
                  <localRepository>${user.home}/repo-from-settings</localRepository>
                  <offline>true</offline>
                </settings>
                """);
        Settings s = resolve(Map.of());
        assertEquals(home.resolve("repo-from-settings"), s.localRepository());
        assertTrue(s.mavenOffline(), "settings.xml <offline> makes Maven offline");
        assertFalse(s.offline(), "but not the data downloads");
    }

    @Test
    void settingsXmlExpandsEnvironmentVariables() throws IOException {
        Path file = home.resolve("other-settings.xml");
        Files.writeString(file, "<settings><localRepository>${env.REPO_BASE}/m2</localRepository></settings>");
        Settings s = resolve(Map.of("MLJAVA_MAVEN_SETTINGS", file.toString(), "REPO_BASE", "/srv"));
        assertEquals(file, s.mavenSettingsFile());
        assertEquals(Path.of("/srv/m2"), s.localRepository());
    }

    @Test
    void settingsFilePropertyWinsOverTheVariable() throws IOException {
        Path a = home.resolve("a.xml");
        Path b = home.resolve("b.xml");
        Files.writeString(a, "<settings><localRepository>/from/a</localRepository></settings>");
        Files.writeString(b, "<settings><localRepository>/from/b</localRepository></settings>");
        Settings s = resolve(Map.of("MLJAVA_MAVEN_SETTINGS", a.toString()), "org.mljava.maven.settings", b.toString());
        assertEquals(Path.of("/from/b"), s.localRepository());
    }

    @Test
    void repoLocalPropertyWinsOverSettingsXml() throws IOException {
        Path file = home.resolve("s.xml");
        Files.writeString(file, "<settings><localRepository>/from/settings</localRepository></settings>");
        Settings s = resolve(Map.of("MLJAVA_MAVEN_SETTINGS", file.toString()), "maven.repo.local", "/from/property");
        assertEquals(Path.of("/from/property"), s.localRepository());
    }

    @Test
    void aBrokenSettingsFileIsNamed() throws IOException {
        Path file = home.resolve("broken.xml");
        Files.writeString(file, "<settings><localRepository>");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> resolve(Map.of("MLJAVA_MAVEN_SETTINGS", file.toString())));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void offlineMakesMavenOfflineToo() {
        assertTrue(resolve(Map.of("MLJAVA_OFFLINE", "1")).mavenOffline());
    }

    // --- proxies ---

    @Test
    void proxyWithoutPortUsesTheSchemeDefaultAsAptAndNpmDo() {
        Settings s = resolve(Map.of("HTTPS_PROXY", "http://proxy.local", "HTTP_PROXY", "https://secure.local"));
        assertEquals(80, s.proxies().https().orElseThrow().port());
        assertEquals(443, s.proxies().http().orElseThrow().port());
        assertEquals(80, resolve(Map.of("https_proxy", "proxy.local")).proxies().https().orElseThrow().port());
        assertEquals(3128, resolve(Map.of("HTTPS_PROXY", "http://proxy.local:3128")).proxies().https().orElseThrow().port());
    }

    @Test
    void mavenProxySettingsCarryTheProxiesEscaped() {
        Settings s = resolve(Map.of("HTTPS_PROXY", "http://al%26ce:p%3Cw@proxy.local", "NO_PROXY", "localhost,.corp"));
        String xml = s.mavenProxySettingsXml();
        assertTrue(xml.contains("<protocol>https</protocol><host>proxy.local</host><port>80</port>"), xml);
        assertTrue(xml.contains("<username>al&amp;ce</username><password>p&lt;w</password>"), xml);
        assertTrue(xml.contains("<nonProxyHosts>localhost|*.corp</nonProxyHosts>"), xml);
        assertFalse(xml.contains("<protocol>http</protocol>"), "no HTTP_PROXY, no http entry");
    }

    // --- mode ---

    @Test
    void modeDefaultsToFullAndThePropertyWins() {
        assertFalse(resolve(Map.of()).quick());
        assertTrue(resolve(Map.of("MLJAVA_MODE", "quick")).quick());
        assertTrue(resolve(Map.of("MLJAVA_MODE", "CI")).quick());
        assertFalse(resolve(Map.of("MLJAVA_MODE", "quick"), "mljava.mode", "full").quick());
        Settings wrong = resolve(Map.of("MLJAVA_MODE", "fast"));
        assertThrows(IllegalArgumentException.class, wrong::quick);
    }

    // --- the entry point for the scripts ---

    @Test
    void shellOutputQuotesEveryValue() {
        Settings s = resolve(Map.of("MLJAVA_CACHE", "/tmp/it's here", "MLJAVA_OFFLINE", "yes", "MLJAVA_MODE", "quick"));
        String shell = s.toShell();
        assertTrue(shell.contains("MLJAVA_CACHE='/tmp/it'\\''s here'\n"), shell);
        assertTrue(shell.contains("MLJAVA_OFFLINE='true'\n"), shell);
        assertTrue(shell.contains("MLJAVA_MODE='quick'\n"), shell);
        assertTrue(shell.contains("MLJAVA_LOCAL_REPOSITORY='" + home.resolve(".m2/repository") + "'\n"), shell);
    }

    @Test
    void shellOutputReadsBackInBash() throws Exception {
        Path bash = Path.of("/bin/bash");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(bash));
        Settings s = resolve(Map.of("MLJAVA_CACHE", "/tmp/a b/it's $HOME `x`"));
        Process p = new ProcessBuilder(bash.toString(), "-c", "eval \"$1\"; printf %s \"$MLJAVA_CACHE\"", "-", s.toShell())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        assertEquals("/tmp/a b/it's $HOME `x`", out);
    }

    @Test
    void entryPointAnswersOneValueAndRejectsUnknownNames() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Settings.run(new String[] {"get", "cache"}, new PrintStream(out, true), new PrintStream(err, true));
        assertEquals(0, status);
        assertEquals(Settings.current().cacheRoot() + System.lineSeparator(), out.toString());
        assertEquals(64, Settings.run(new String[] {"get", "colour"}, new PrintStream(out, true), new PrintStream(err, true)));
        assertTrue(err.toString().contains("no setting 'colour'"), err.toString());
    }

    @Test
    void currentFollowsASystemPropertyChange() {
        String before = System.getProperty("mljava.offline");
        try {
            System.setProperty("mljava.offline", "on");
            assertTrue(Settings.current().offline());
            System.setProperty("mljava.offline", "off");
            assertFalse(Settings.current().offline());
        } finally {
            if (before == null) {
                System.clearProperty("mljava.offline");
            } else {
                System.setProperty("mljava.offline", before);
            }
        }
    }
}
