package org.mljava.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ProxyConfigTest {

    @Test
    void readsUpperAndLowerCaseVariables() {
        ProxyConfig upper = ProxyConfig.fromEnvironment(Map.of("HTTPS_PROXY", "http://proxy.local:3128"));
        assertEquals("proxy.local", upper.https().orElseThrow().host());
        assertEquals(3128, upper.https().orElseThrow().port());
        ProxyConfig lower = ProxyConfig.fromEnvironment(Map.of("http_proxy", "proxy2.local:8080"));
        assertEquals("proxy2.local", lower.http().orElseThrow().host());
        assertTrue(lower.https().isEmpty());
    }

    @Test
    void keepsCredentialsOutOfToString() {
        ProxyConfig config = ProxyConfig.fromEnvironment(Map.of("HTTPS_PROXY", "http://alice:s3cret@proxy.local:3128"));
        ProxyConfig.Proxy proxy = config.https().orElseThrow();
        assertEquals("alice", proxy.user());
        assertEquals("s3cret", proxy.password());
        assertFalse(config.toString().contains("s3cret"), config.toString());
        assertFalse(proxy.toString().contains("alice"), proxy.toString());
    }

    @Test
    void translatesNoProxyToJavaSyntaxAndMatchesHosts() {
        ProxyConfig config = ProxyConfig.fromEnvironment(Map.of("NO_PROXY", "localhost, .internal.example,10.0.0.1"));
        assertEquals("localhost|*.internal.example|10.0.0.1", config.nonProxyHostsProperty());
        assertTrue(config.bypasses("localhost"));
        assertTrue(config.bypasses("build.internal.example"));
        assertFalse(config.bypasses("example.org"));
    }

    @Test
    void defaultsPortsBySchemeAndIgnoresBlankValues() {
        assertEquals(80, ProxyConfig.parse("http://p.local").orElseThrow().port());
        assertEquals(443, ProxyConfig.parse("https://p.local").orElseThrow().port());
        assertTrue(ProxyConfig.fromEnvironment(Map.of("HTTPS_PROXY", "  ")).https().isEmpty());
    }
}
