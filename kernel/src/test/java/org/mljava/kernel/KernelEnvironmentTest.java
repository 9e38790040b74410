package org.mljava.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code %maven} does with the four settings of issue 12 when they come from the environment,
 * as they do in a real kernel: a fresh JVM with only the given variables runs the resolver's entry
 * point (the one setup uses too) or {@link Probe}. The inputs and the expected values are those of
 * netconfig's SetupScriptSettingsTest (setup) and helpers' DataStoreEnvironmentTest (the data
 * loaders), so the three consumers are held to the same answers.
 */
class KernelEnvironmentTest {

    @TempDir
    Path temp;
    Path home;
    Path remote;

    /** Prints what the kernel's resolver and resolution cache take from the environment. */
    public static final class Probe {
        public static void main(String[] args) {
            DependencyResolver resolver = DependencyResolver.forCurrentUser();
            System.out.println("proxy https " + resolver.proxyFor(DependencyResolver.CENTRAL_URL));
            System.out.println("proxy http " + resolver.proxyFor("http://repo.example/maven2/"));
            System.out.println("local repository " + resolver.localRepository());
            System.out.println("offline " + resolver.isOffline());
        }
    }

    @BeforeEach
    void repository() throws IOException {
        home = Files.createDirectories(temp.resolve("home"));
        remote = temp.resolve("remote");
        // a remote repository on disk (file://), named as a mirror of everything in settings.xml
        Path dir = Files.createDirectories(remote.resolve("demo/app/1.0"));
        Files.writeString(dir.resolve("app-1.0.pom"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
                <groupId>demo</groupId><artifactId>app</artifactId><version>1.0</version></project>
                """);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(dir.resolve("app-1.0.jar")))) {
            out.finish();
        }
    }

    /** settings.xml with the on-disk mirror and, if not null, a localRepository element. */
    private Path settingsXml(String localRepository) throws IOException {
        return Files.writeString(temp.resolve("settings.xml"), "<settings>"
                + (localRepository == null ? "" : "<localRepository>" + localRepository + "</localRepository>")
                + "<mirrors><mirror><id>disk</id><url>" + remote.toUri() + "</url><mirrorOf>*</mirrorOf></mirror></mirrors></settings>");
    }

    private record Run(int status, String out, String err) {
    }

    /** Runs a main class of this module's class path in a new JVM with only these environment variables. */
    private Run java(Map<String, String> env, String mainClass, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("HOME", home.toString());
        pb.environment().putAll(env);
        Path err = temp.resolve("stderr.txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        return new Run(status, out, Files.readString(err));
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).toList();
        }
    }

    @Test
    void offlineRefusesADownloadAndNamesTheSetting() throws Exception {
        Path settings = settingsXml(temp.resolve("local").toString());
        Map<String, String> env = new HashMap<>(Map.of("MLJAVA_MAVEN_SETTINGS", settings.toString(), "MLJAVA_CACHE", temp.resolve("cache").toString()));
        env.put("MLJAVA_OFFLINE", "1");
        Run offline = java(env, DependencyResolver.class.getName(), "demo:app:1.0");
        assertEquals(1, offline.status(), offline.out() + offline.err());
        assertTrue(offline.err().contains("demo:app:jar:1.0"), offline.err());
        assertTrue(offline.err().contains("MLJAVA_OFFLINE"), "the refusal names the setting: " + offline.err());
        assertFalse(Files.exists(temp.resolve("local/demo/app/1.0/app-1.0.jar")), "nothing was fetched");
        // the same resolution with the switch off fetches from the mirror: the refusal was the setting's doing
        env.put("MLJAVA_OFFLINE", "0");
        Run online = java(env, DependencyResolver.class.getName(), "demo:app:1.0");
        assertEquals(0, online.status(), online.err());
        assertEquals("resolved demo:app:1.0 -> 1 jars", online.out().strip());
        assertTrue(Files.isRegularFile(temp.resolve("local/demo/app/1.0/app-1.0.jar")));
    }

    @Test
    void xdgCacheHomeHoldsTheResolutionCache() throws Exception {
        Path settings = settingsXml(temp.resolve("local").toString());
        Run run = java(Map.of("XDG_CACHE_HOME", temp.resolve("xdg").toString(), "MLJAVA_MAVEN_SETTINGS", settings.toString()),
                DependencyResolver.class.getName(), "demo:app:1.0");
        assertEquals(0, run.status(), run.err());
        // setup's MLJAVA_CACHE and the data loaders' root are <xdg>/mljava for the same input
        assertEquals(1, files(temp.resolve("xdg/mljava/maven-resolution"), ".classpath").size());
        assertEquals(List.of(), files(home.resolve(".cache"), ".classpath"), "nothing under ~/.cache");
    }

    @Test
    void settingsXmlLocalRepositoryIsWhereMavenResolvesTo() throws Exception {
        // the same settings.xml line as in SetupScriptSettingsTest and DataStoreEnvironmentTest
        Path settings = settingsXml("${user.home}/elsewhere/repo");
        Run run = java(Map.of("MLJAVA_MAVEN_SETTINGS", settings.toString(), "MLJAVA_CACHE", temp.resolve("cache").toString()),
                DependencyResolver.class.getName(), "--classpath", "demo:app:1.0");
        assertEquals(0, run.status(), run.err());
        assertEquals(List.of(home.resolve("elsewhere/repo/demo/app/1.0/app-1.0.jar").toString()),
                List.of(run.out().strip().split(File.pathSeparator)));
        assertFalse(Files.exists(home.resolve(".m2/repository")), "~/.m2/repository is not used");
        Run probe = java(Map.of("MLJAVA_MAVEN_SETTINGS", settings.toString()), Probe.class.getName());
        assertTrue(probe.out().contains("local repository " + home.resolve("elsewhere/repo") + "\n"), probe.out() + probe.err());
    }

    @Test
    void aProxyWithoutAPortUsesTheSchemesDefault() throws Exception {
        // the same proxy value as in SetupScriptSettingsTest (port 80 in Maven's settings) and DataStoreEnvironmentTest
        Run run = java(Map.of("HTTPS_PROXY", "http://ann:pw@proxy.local", "HTTP_PROXY", "https://secure.local"), Probe.class.getName());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("proxy https proxy.local:80\n"), run.out());
        assertTrue(run.out().contains("proxy http secure.local:443\n"), run.out());
        assertFalse(run.out().contains("pw"), "no credentials printed: " + run.out());
        Run none = java(Map.of(), Probe.class.getName());
        assertTrue(none.out().contains("proxy https null\n"), none.out());
    }

    @Test
    void aFailedDownloadNamesTheProxyItWentThrough() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 80), 500);
            Assumptions.abort("something listens on 127.0.0.1:80; the check needs it closed");
        } catch (IOException closed) {
            // expected: nothing there, so resolution fails at the proxy
        }
        Path settings = Files.writeString(temp.resolve("settings.xml"), "<settings><localRepository>" + temp.resolve("local") + "</localRepository></settings>");
        Run run = java(Map.of("HTTPS_PROXY", "http://127.0.0.1", "MLJAVA_MAVEN_SETTINGS", settings.toString(), "MLJAVA_CACHE", temp.resolve("cache").toString()),
                DependencyResolver.class.getName(), "demo:app:1.0");
        assertEquals(1, run.status(), run.out());
        // as the data loaders name it (DataStoreEnvironmentTest): host, the scheme's default port, the variable
        assertTrue(run.err().contains("through the proxy 127.0.0.1:80 (from HTTPS_PROXY)"), run.err());
    }
}
