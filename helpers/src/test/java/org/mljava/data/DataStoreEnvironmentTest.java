package org.mljava.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mljava.data.cache.DataStore;
import org.mljava.data.cache.Manifest;

/**
 * What the data loaders do with the four settings of issue 12 when they come from the environment,
 * as in a notebook's kernel: a fresh JVM with only the given variables runs {@link Probe} on the
 * default store. The inputs and expected values are those of netconfig's SetupScriptSettingsTest
 * (setup) and the kernel's KernelEnvironmentTest ({@code %maven}), so the three agree. Nothing here
 * reaches the network: offline, or a proxy on loopback where nothing listens.
 */
class DataStoreEnvironmentTest {

    @TempDir
    Path temp;
    Path home;

    /** Prints the default store's settings, then loads each (id, file) pair of its arguments. */
    public static final class Probe {
        public static void main(String[] args) {
            DataStore store = DataStore.defaultStore();
            System.out.println("root " + store.root());
            System.out.println("online " + store.online());
            System.out.println("maven repository " + DataStore.localMavenRepository());
            System.out.println("minilm jar " + store.mavenJar(store.manifest().pkg("maven:minilm-q")));
            for (int i = 0; i + 1 < args.length; i += 2) {
                try {
                    System.out.println("file " + store.file(args[i], args[i + 1]));
                } catch (RuntimeException e) {
                    System.out.println("error " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' '));
                }
            }
        }
    }

    @BeforeEach
    void home() throws IOException {
        home = Files.createDirectories(temp.resolve("home"));
    }

    /** The probe's output lines, in a new JVM with only these environment variables (and user.home = a fresh home). */
    private List<String> probe(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home, "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("HOME", home.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.lines().toList();
    }

    private static String line(List<String> out, String prefix) {
        return out.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError("no '" + prefix + "' in " + out));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void offlineRefusesADownloadAndNamesTheSetting() throws Exception {
        String xdg = temp.resolve("xdg").toString();
        List<String> out = probe(Map.of("MLJAVA_OFFLINE", "1", "XDG_CACHE_HOME", xdg), "iris", "iris.csv");
        assertEquals("online false", line(out, "online "));
        String error = line(out, "error ");
        assertTrue(error.startsWith("error DataUnavailableException"), error);
        assertTrue(error.contains("MLJAVA_OFFLINE"), "the refusal names the setting: " + error);
        // the switch off, the same load tries to download (through a proxy where nothing listens):
        // the refusal above was the setting's doing
        int port = closedPort();
        List<String> online = probe(Map.of("MLJAVA_OFFLINE", "0", "XDG_CACHE_HOME", xdg, "HTTPS_PROXY", "http://127.0.0.1:" + port),
                "iris", "iris.csv");
        assertEquals("online true", line(online, "online "));
        String failed = line(online, "error ");
        assertTrue(failed.contains("127.0.0.1:" + port), failed);
        assertFalse(failed.contains("MLJAVA_OFFLINE"), failed);
    }

    @Test
    void xdgCacheHomeHoldsTheDataCache() throws Exception {
        Path xdg = temp.resolve("xdg");
        // MiniLM's tokenizer is taken from its jar on the class path (the local repository here is empty): a real write
        List<String> out = probe(Map.of("XDG_CACHE_HOME", xdg.toString(), "MLJAVA_OFFLINE", "1"), "all-minilm-l6-v2-q", "tokenizer.json");
        assertEquals("root " + xdg.resolve("mljava"), line(out, "root "));
        Path tokenizer = xdg.resolve("mljava/models/all-minilm-l6-v2-q/tokenizer.json");
        assertEquals("file " + tokenizer, line(out, "file "));
        assertTrue(Files.size(tokenizer) > 400_000, "the whole tokenizer.json: " + Files.size(tokenizer));
        assertFalse(Files.exists(home.resolve(".cache")), "nothing under ~/.cache");
    }

    @Test
    void aProxyWithoutAPortUsesTheSchemesDefault() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 80), 500);
            Assumptions.abort("something listens on 127.0.0.1:80; the check needs it closed");
        } catch (IOException closed) {
            // expected: nothing there, so the download fails naming the proxy it tried
        }
        List<String> out = probe(Map.of("HTTPS_PROXY", "http://127.0.0.1", "XDG_CACHE_HOME", temp.resolve("xdg").toString()),
                "iris", "iris.csv");
        String error = line(out, "error ");
        assertTrue(error.contains("the proxy 127.0.0.1:80 (from HTTPS_PROXY)"), error);
    }

    @Test
    void settingsXmlLocalRepositoryIsWhereMavenPackagesAreLookedUp() throws Exception {
        Path settings = Files.writeString(temp.resolve("settings.xml"),
                "<settings><localRepository>${user.home}/elsewhere/repo</localRepository></settings>");
        Manifest.Package minilm = Manifest.bundled().pkg("maven:minilm-q");
        String artifact = minilm.name().split(":")[1];
        Path jar = home.resolve("elsewhere/repo/dev/langchain4j").resolve(artifact).resolve(minilm.version())
                .resolve(artifact + "-" + minilm.version() + ".jar");
        Files.createDirectories(jar.getParent());
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar))) {
            j.finish();
        }
        List<String> out = probe(Map.of("MLJAVA_MAVEN_SETTINGS", settings.toString(), "XDG_CACHE_HOME", temp.resolve("xdg").toString()));
        assertEquals("maven repository " + home.resolve("elsewhere/repo"), line(out, "maven repository "));
        assertEquals("minilm jar " + jar, line(out, "minilm jar "));
        List<String> without = probe(Map.of("XDG_CACHE_HOME", temp.resolve("xdg").toString()));
        assertEquals("maven repository " + home.resolve(".m2/repository"), line(without, "maven repository "));
        assertEquals("minilm jar null", line(without, "minilm jar "));
    }
}
