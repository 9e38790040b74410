package org.mljava.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ProxySettingsTest {

    @Test
    void readsUpperAndLowerCaseVariablesAndAllProxy() {
        ProxySettings upper = ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", "http://proxy.local:3128"));
        assertEquals("proxy.local", upper.https().orElseThrow().host());
        assertEquals(3128, upper.https().orElseThrow().port());
        ProxySettings lower = ProxySettings.fromEnvironment(Map.of("http_proxy", "proxy2.local:8080"));
        assertEquals("proxy2.local", lower.http().orElseThrow().host());
        assertTrue(lower.https().isEmpty());
        ProxySettings all = ProxySettings.fromEnvironment(Map.of("ALL_PROXY", "http://p.local:1"));
        assertEquals("p.local", all.https().orElseThrow().host());
        assertEquals("p.local", all.http().orElseThrow().host());
    }

    @Test
    void keepsCredentialsOutOfToString() {
        ProxySettings settings = ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", "http://alice:s3cret@proxy.local:3128"));
        ProxySettings.Proxy proxy = settings.https().orElseThrow();
        assertEquals("alice", proxy.user());
        assertEquals("s3cret", proxy.password());
        assertTrue(settings.hasCredentials());
        assertFalse(settings.toString().contains("s3cret"), settings.toString());
        assertFalse(proxy.toString().contains("alice"), proxy.toString());
    }

    @Test
    void noProxyMatchesHostsSuffixesPortsAndCidrs() {
        ProxySettings settings = ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", "http://p:1",
                "NO_PROXY", "localhost, .internal.example,10.0.0.0/8,svc:8443"));
        assertEquals("localhost|*.internal.example|svc", settings.nonProxyHostsProperty());
        assertNull(settings.proxyFor(URI.create("https://localhost/x")));
        assertNull(settings.proxyFor(URI.create("https://build.internal.example/x")));
        assertNull(settings.proxyFor(URI.create("https://10.1.2.3/x")));
        assertNull(settings.proxyFor(URI.create("https://svc:8443/x")));
        assertEquals("p", settings.proxyFor(URI.create("https://svc/x")).host(), "port 443 is not the exempt 8443");
        assertEquals("p", settings.proxyFor(URI.create("https://example.org/x")).host());
        assertNull(settings.proxyFor(URI.create("http://example.org/x")), "no HTTP_PROXY: plain http goes direct");
    }

    @Test
    void rejectsProxyValuesWithoutHost() {
        assertThrows(IllegalArgumentException.class, () -> ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", "http://:3128")));
        assertTrue(ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", "  ")).https().isEmpty());
    }

    @Test
    void appliesJvmPropertiesWithoutOverridingExplicitOnes() {
        String[] keys = {"https.proxyHost", "https.proxyPort", "http.proxyHost", "http.proxyPort", "http.nonProxyHosts"};
        Map<String, String> saved = new java.util.HashMap<>();
        for (String k : keys) {
            if (System.getProperty(k) != null) {
                saved.put(k, System.getProperty(k));
            }
            System.clearProperty(k);
        }
        try {
            System.setProperty("http.proxyHost", "given-with-D");
            ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", "http://p.local:3128", "HTTP_PROXY", "http://q.local:8080", "NO_PROXY", "localhost"))
                    .applyToSystemProperties();
            assertEquals("p.local", System.getProperty("https.proxyHost"));
            assertEquals("3128", System.getProperty("https.proxyPort"));
            assertEquals("given-with-D", System.getProperty("http.proxyHost"));
            assertEquals("localhost", System.getProperty("http.nonProxyHosts"));
        } finally {
            for (String k : keys) {
                System.clearProperty(k);
            }
            saved.forEach(System::setProperty);
        }
    }

    @Test
    void proxySelectorAppliesNoProxyPerUri() {
        ProxySettings settings = ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", "http://proxy.local:3128",
                "NO_PROXY", "localhost,.internal.example"));
        java.net.ProxySelector selector = settings.proxySelector();
        java.net.Proxy proxied = selector.select(URI.create("https://huggingface.co/x")).getFirst();
        assertEquals(java.net.Proxy.Type.HTTP, proxied.type());
        assertEquals("proxy.local:3128", proxied.address().toString().replaceFirst("/<unresolved>", ""));
        assertEquals(java.util.List.of(java.net.Proxy.NO_PROXY), selector.select(URI.create("https://a.internal.example/x")));
        assertEquals(java.util.List.of(java.net.Proxy.NO_PROXY), selector.select(URI.create("https://localhost:8443/x")));
        assertEquals(java.util.List.of(java.net.Proxy.NO_PROXY), selector.select(URI.create("http://plain.example/x")),
                "http URLs use HTTP_PROXY, which is unset");
    }

    @Test
    void authenticatorAnswersOnlyItsProxy() {
        java.net.Authenticator auth = ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", "http://alice:s3cret@proxy.local:3128"))
                .authenticator();
        java.net.PasswordAuthentication pw = auth.requestPasswordAuthenticationInstance("proxy.local", null, 3128, "http", "realm",
                "basic", null, java.net.Authenticator.RequestorType.PROXY);
        assertEquals("alice", pw.getUserName());
        assertEquals("s3cret", new String(pw.getPassword()));
        assertNull(auth.requestPasswordAuthenticationInstance("proxy.local", null, 3129, "http", "realm", "basic", null,
                java.net.Authenticator.RequestorType.PROXY), "another port");
        assertNull(auth.requestPasswordAuthenticationInstance("proxy.local", null, 3128, "http", "realm", "basic", null,
                java.net.Authenticator.RequestorType.SERVER), "a server, not the proxy, asks");
    }
}
