package org.mljava.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * environment/proxy-variables.sh (sourced by common.sh and, before any JDK is in the Docker image, by
 * docker/system-packages.sh) and {@link ProxySettings} follow one rule for the two spellings of the
 * proxy variables: the lower case wins, blank is unset. Runs the real file under dash (the /bin/sh of
 * system-packages.sh) and bash (common.sh), and checks what it exports against pinned values and
 * against what ProxySettings reads from the same environment.
 */
class ProxyVariablesScriptTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path SCRIPT = ROOT.resolve("environment/proxy-variables.sh");

    /** The environment after sourcing the script in {@code shell}, started with only {@code env} (and PATH). */
    private static Map<String, String> sourced(String shell, Map<String, String> env) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isRegularFile(SCRIPT), "run from the netconfig module");
        Assumptions.assumeTrue(Files.isExecutable(Path.of(shell)), shell);
        // set -eu as system-packages.sh and common.sh run; env -0 so values with newlines survive
        ProcessBuilder pb = new ProcessBuilder(shell, "-euc", ". \"$1\"; env -0", "-", SCRIPT.toString());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), err);
        Map<String, String> result = new HashMap<>();
        for (String entry : out.split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                result.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        for (String name : List.of("PATH", "PWD", "SHLVL", "_")) {
            result.remove(name);
        }
        return result;
    }

    private static Optional<String> https(Map<String, String> env) {
        return ProxySettings.fromEnvironment(env).https().map(p -> p.host() + ":" + p.port());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bin/dash", "/bin/bash"})
    void anUpperCaseVariableIsCopiedToTheLowerCaseOne(String shell) throws Exception {
        Map<String, String> out = sourced(shell, Map.of("HTTPS_PROXY", "http://ann:p w@proxy.local", "NO_PROXY", "localhost,.corp"));
        assertEquals(Map.of("HTTPS_PROXY", "http://ann:p w@proxy.local", "https_proxy", "http://ann:p w@proxy.local",
                "NO_PROXY", "localhost,.corp", "no_proxy", "localhost,.corp"), out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bin/dash", "/bin/bash"})
    void aLowerCaseVariableIsCopiedToTheUpperCaseOne(String shell) throws Exception {
        Map<String, String> out = sourced(shell, Map.of("http_proxy", "http://web.local:8080", "all_proxy", "http://all.local:1"));
        assertEquals(Map.of("http_proxy", "http://web.local:8080", "HTTP_PROXY", "http://web.local:8080",
                "all_proxy", "http://all.local:1", "ALL_PROXY", "http://all.local:1"), out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bin/dash", "/bin/bash"})
    void whereBothAreSetTheLowerCaseWinsInTheScriptAndInJava(String shell) throws Exception {
        Map<String, String> in = Map.of("HTTPS_PROXY", "http://upper.local:3128", "https_proxy", "http://lower.local:8080");
        Map<String, String> out = sourced(shell, in);
        assertEquals("http://lower.local:8080", out.get("HTTPS_PROXY"));
        assertEquals("http://lower.local:8080", out.get("https_proxy"));
        assertEquals(Optional.of("lower.local:8080"), https(in), "ProxySettings on the environment as given");
        assertEquals(Optional.of("lower.local:8080"), https(out), "ProxySettings on the environment the scripts pass on");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bin/dash", "/bin/bash"})
    void aBlankSpellingCountsAsUnsetInTheScriptAndInJava(String shell) throws Exception {
        Map<String, String> in = Map.of("HTTPS_PROXY", "http://upper.local", "https_proxy", "  ");
        Map<String, String> out = sourced(shell, in);
        assertEquals("http://upper.local", out.get("https_proxy"));
        assertEquals("http://upper.local", out.get("HTTPS_PROXY"));
        // no port: the scheme's default, the same before and after the script
        assertEquals(Optional.of("upper.local:80"), https(in));
        assertEquals(Optional.of("upper.local:80"), https(out));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bin/dash", "/bin/bash"})
    void withoutProxyVariablesNothingIsExported(String shell) throws Exception {
        Map<String, String> out = sourced(shell, Map.of("HTTP_PROXY", "", "KEEP", "x"));
        assertEquals(Map.of("HTTP_PROXY", "", "KEEP", "x"), out);
        assertFalse(out.containsKey("http_proxy"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bin/dash", "/bin/bash"})
    void theScriptLeavesNoHelperVariablesBehind(String shell) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(SCRIPT), "run from the netconfig module");
        ProcessBuilder pb = new ProcessBuilder(shell, "-euc", ". \"$1\"; set", "-", SCRIPT.toString());
        pb.environment().put("HTTPS_PROXY", "http://proxy.local:3128");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        assertTrue(out.lines().anyMatch(l -> l.startsWith("https_proxy=")), out);
        assertFalse(out.lines().anyMatch(l -> l.startsWith("_mljava_")), out);
    }
}
