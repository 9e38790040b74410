package org.mljava.kernel;

import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Proxy settings taken from the usual environment variables (HTTPS_PROXY, HTTP_PROXY, NO_PROXY and
 * their lower-case forms), turned into the JVM's own proxy properties so that every download in
 * the kernel (Maven, data sets, DJL's model hub) goes through the same proxy. Credentials are kept
 * out of every message and log.
 */
public final class ProxyConfig {

    /** One proxy: host, port and optional credentials. */
    public record Proxy(String host, int port, String user, String password) {
        /** host:port, never the credentials. */
        @Override
        public String toString() {
            return host + ":" + port + (user == null ? "" : " (with credentials)");
        }
    }

    private final Proxy https;
    private final Proxy http;
    private final List<String> noProxy;

    private ProxyConfig(Proxy https, Proxy http, List<String> noProxy) {
        this.https = https;
        this.http = http;
        this.noProxy = noProxy;
    }

    /** Reads the proxy environment variables from the given map (normally System.getenv()). */
    public static ProxyConfig fromEnvironment(Map<String, String> env) {
        Proxy https = parse(first(env, "HTTPS_PROXY", "https_proxy")).orElse(null);
        Proxy http = parse(first(env, "HTTP_PROXY", "http_proxy")).orElse(null);
        List<String> noProxy = new ArrayList<>();
        String list = first(env, "NO_PROXY", "no_proxy");
        if (list != null) {
            for (String entry : list.split(",")) {
                if (!entry.isBlank()) {
                    noProxy.add(entry.trim());
                }
            }
        }
        return new ProxyConfig(https, http, List.copyOf(noProxy));
    }

    private static String first(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    static Optional<Proxy> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String withScheme = value.contains("://") ? value : "http://" + value;
        URI uri;
        try {
            uri = URI.create(withScheme);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The proxy variable is not a URL (host:port or http://host:port); it is ignored.");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("The proxy variable names no host; write http://host:port.");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] userInfo = uri.getUserInfo().split(":", 2);
            user = userInfo[0];
            password = userInfo.length > 1 ? userInfo[1] : "";
        }
        return Optional.of(new Proxy(uri.getHost(), port, user, password));
    }

    public Optional<Proxy> https() {
        return Optional.ofNullable(https);
    }

    public Optional<Proxy> http() {
        return Optional.ofNullable(http);
    }

    public List<String> noProxy() {
        return noProxy;
    }

    /** NO_PROXY in the JVM's http.nonProxyHosts syntax: "localhost|*.example.com". */
    public String nonProxyHostsProperty() {
        List<String> hosts = new ArrayList<>();
        for (String entry : noProxy) {
            String host = entry.startsWith(".") ? "*" + entry : entry;
            hosts.add(host);
        }
        return String.join("|", hosts);
    }

    /** Sets https.proxyHost & co. unless the user already passed them with -D. */
    public void applyToSystemProperties() {
        if (https != null) {
            setIfAbsent("https.proxyHost", https.host());
            setIfAbsent("https.proxyPort", Integer.toString(https.port()));
        }
        if (http != null) {
            setIfAbsent("http.proxyHost", http.host());
            setIfAbsent("http.proxyPort", Integer.toString(http.port()));
        }
        if (!noProxy.isEmpty()) {
            setIfAbsent("http.nonProxyHosts", nonProxyHostsProperty());
        }
        Proxy withCredentials = https != null && https.user() != null ? https : (http != null && http.user() != null ? http : null);
        if (withCredentials != null) {
            // Basic auth on CONNECT tunnels is disabled by default since JDK 8u111.
            setIfAbsent("jdk.http.auth.tunneling.disabledSchemes", "");
            Authenticator.setDefault(new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    if (getRequestorType() != RequestorType.PROXY) {
                        return null;
                    }
                    Proxy p = "https".equalsIgnoreCase(getRequestingScheme()) && https != null ? https : withCredentials;
                    return p.user() == null ? null : new PasswordAuthentication(p.user(), p.password().toCharArray());
                }
            });
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Whether a host is exempt from the proxy according to NO_PROXY. */
    public boolean bypasses(String host) {
        for (String entry : noProxy) {
            if (entry.equals("*")) {
                return true;
            }
            String suffix = entry.startsWith(".") ? entry : "." + entry;
            if (host.equalsIgnoreCase(entry) || host.toLowerCase().endsWith(suffix.toLowerCase())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "proxy https=" + https + " http=" + http + " no_proxy=" + noProxy;
    }
}
