package org.mljava.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The setup scripts (environment/common.sh) take their settings from {@link Settings#main} instead of
 * working them out in bash: XDG_CACHE_HOME, MLJAVA_OFFLINE in any spelling, settings.xml's local
 * repository, and a proxy without a port for the Maven build. Runs the real functions of common.sh
 * with a stand-in for mvn; nothing is built or installed. The inputs and expected values are those of
 * the kernel's KernelEnvironmentTest ({@code %maven}) and helpers' DataStoreEnvironmentTest (the data
 * loaders), so setup is held to the same answers as they are.
 */
class SetupScriptSettingsTest {

    @TempDir
    Path temp;
    Path root;
    Path home;
    Path bin;

    @BeforeEach
    void setUp() throws IOException {
        root = Path.of("").toAbsolutePath().getParent();
        Assumptions.assumeTrue(Files.isRegularFile(root.resolve("environment/common.sh")), "run from the netconfig module");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")));
        home = Files.createDirectories(temp.resolve("home"));
        bin = Files.createDirectories(temp.resolve("bin"));
        Path mvn = bin.resolve("mvn");
        // the stand-in prints its arguments and the settings file it was given
        Files.writeString(mvn, """
                #!/bin/bash
                echo "mvn $*"
                if [ "$1" = -s ]; then echo "mode $(stat -c %a "$2")"; cat "$2"; echo; fi
                """);
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private List<String> run(Map<String, String> env) throws IOException, InterruptedException {
        String script = """
                set -euo pipefail
                root="$1"
                source "$root/environment/common.sh"
                export JAVA_HOME="$2"
                load_settings
                echo "cache $MLJAVA_CACHE"
                echo "state $MLJAVA_STATE"
                echo "offline $MLJAVA_OFFLINE"
                echo "repository $MLJAVA_LOCAL_REPOSITORY"
                echo "https_proxy ${https_proxy:-unset}"
                run_maven -q verify
                """;
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", "-c", script, "-", root.toString(), System.getProperty("java.home"));
        pb.environment().clear();
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        pb.environment().put("HOME", home.toString());
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.lines().toList();
    }

    @Test
    void xdgOfflineAndAProxyWithoutPort() throws Exception {
        List<String> out = run(Map.of("XDG_CACHE_HOME", temp.resolve("xdg").toString(), "MLJAVA_OFFLINE", "YES",
                "HTTPS_PROXY", "http://ann:pw@proxy.local", "NO_PROXY", "localhost"));
        assertTrue(out.contains("cache " + temp.resolve("xdg/mljava")), out.toString());
        assertTrue(out.contains("state " + temp.resolve("xdg/mljava/setup-state")), out.toString());
        assertTrue(out.contains("offline true"), out.toString());
        assertTrue(out.contains("repository " + home.resolve(".m2/repository")), out.toString());
        // apt and pip (setup --system) read the lower-case spelling: common.sh copies it (proxy-variables.sh)
        assertTrue(out.contains("https_proxy http://ann:pw@proxy.local"), out.toString());
        String mvn = out.stream().filter(l -> l.startsWith("mvn ")).findFirst().orElseThrow();
        // MLJAVA_OFFLINE=YES: the build runs offline too (mvn -o), as %maven does
        assertTrue(mvn.startsWith("mvn -s /"), mvn);
        assertTrue(mvn.endsWith(" -o -q verify"), mvn);
        assertTrue(out.contains("mode 600"), out.toString());
        String xml = String.join("\n", out);
        assertTrue(xml.contains("<host>proxy.local</host><port>80</port><username>ann</username><password>pw</password>"), xml);
        assertTrue(xml.contains("<nonProxyHosts>localhost</nonProxyHosts>"), xml);
        String settingsFile = mvn.split(" ")[2];
        assertFalse(Files.exists(Path.of(settingsFile)), "the file with the proxy password is removed");
    }

    @Test
    void settingsXmlLocalRepositoryIsWhatTheBuildAndTheScriptsUse() throws Exception {
        Path settings = temp.resolve("settings.xml");
        Files.writeString(settings, "<settings><localRepository>${user.home}/elsewhere/repo</localRepository></settings>");
        List<String> out = run(Map.of("MLJAVA_MAVEN_SETTINGS", settings.toString(), "HTTPS_PROXY", "http://proxy.local:3128"));
        assertTrue(out.contains("repository " + home.resolve("elsewhere/repo")), out.toString());
        assertTrue(out.contains("offline false"), out.toString());
        assertTrue(out.contains("mvn -s " + settings + " -q verify"), out.toString());
    }

    @Test
    void aWrongSettingStopsTheScriptWithItsName() throws Exception {
        String script = """
                root="$1"; source "$root/environment/common.sh"; export JAVA_HOME="$2"; load_settings; echo reached
                """;
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", "-c", script, "-", root.toString(), System.getProperty("java.home"));
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("HOME", home.toString());
        pb.environment().put("MLJAVA_OFFLINE", "perhaps");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.waitFor(), out);
        assertTrue(out.contains("MLJAVA_OFFLINE=perhaps"), out);
        assertFalse(out.contains("reached"), out);
    }
}
