package org.mljava.net;

import java.io.IOException;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The proxy for a URL, from the usual environment variables, read the way curl reads them:
 * {@code HTTPS_PROXY} for https URLs, {@code HTTP_PROXY} for http URLs, {@code ALL_PROXY} for
 * either when the specific one is unset (each also in lower case, which wins where both spellings
 * are set), and {@code NO_PROXY}: a
 * comma-separated list of host names (matching the host and its sub-domains; a leading "." or
 * "*." is allowed), {@code host:port}, IPv4 addresses or CIDR ranges ({@code 10.0.0.0/8}), or
 * {@code *} for "never use a proxy". Credentials in the proxy URL ({@code http://user:pw@host:3128})
 * are used for the proxy and never printed. A proxy URL without a port uses its scheme's default
 * ({@link #defaultPort}).
 */
public final class ProxySettings {

    /** One proxy, plus the variable it came from (for error messages). */
    public record Proxy(String host, int port, String user, String password, String variable) {
        @Override
        public String toString() {
            return host + ":" + port + " (from " + variable + ")";
        }
    }

    private final Proxy https;
    private final Proxy http;
    private final List<String> noProxy;

    private ProxySettings(Proxy https, Proxy http, List<String> noProxy) {
        this.https = https;
        this.http = http;
        this.noProxy = noProxy;
    }

    public static ProxySettings none() {
        return new ProxySettings(null, null, List.of());
    }

    public static ProxySettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static ProxySettings fromEnvironment(Map<String, String> env) {
        Proxy all = parse(env, "ALL_PROXY", "all_proxy");
        Proxy https = parse(env, "HTTPS_PROXY", "https_proxy");
        Proxy http = parse(env, "HTTP_PROXY", "http_proxy");
        List<String> noProxy = new ArrayList<>();
        String list = first(env, "NO_PROXY", "no_proxy");
        if (list != null) {
            for (String entry : list.split(",")) {
                String e = entry.trim().toLowerCase(Locale.ROOT);
                if (!e.isEmpty()) {
                    noProxy.add(e);
                }
            }
        }
        return new ProxySettings(https != null ? https : all, http != null ? http : all, List.copyOf(noProxy));
    }

    /**
     * The value of a proxy variable: the lower-case spelling wins over the upper-case one where both
     * are set (blank counts as unset), as curl, wget, apt and Python read them. The setup scripts
     * export both spellings by the same rule (environment/proxy-variables.sh).
     */
    private static String first(Map<String, String> env, String upper, String lower) {
        String name = variable(env, upper, lower);
        return name == null ? null : env.get(name).trim();
    }

    /** Which of the two spellings {@link #first} takes, or null if neither is set. */
    private static String variable(Map<String, String> env, String upper, String lower) {
        for (String name : new String[] {lower, upper}) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return name;
            }
        }
        return null;
    }

    private static Proxy parse(Map<String, String> env, String upper, String lower) {
        String value = first(env, upper, lower);
        if (value == null) {
            return null;
        }
        String variable = variable(env, upper, lower);
        URI uri;
        try {
            uri = URI.create(value.contains("://") ? value : "http://" + value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + " is not a proxy URL (write http://host:port)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(variable + " names no proxy host (write http://host:port)");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : defaultPort(uri.getScheme());
        String user = null;
        String password = null;
        if (uri.getUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            user = parts[0];
            password = parts.length > 1 ? parts[1] : "";
        }
        return new Proxy(uri.getHost(), port, user, password, variable);
    }

    /**
     * The port of a proxy URL that names none: the default port of its scheme (80 for http://, 443
     * for https://), as apt, npm, pip and the JVM read such a URL, so that setup and the kernel
     * reach the same proxy. This is the one place for that value ({@link Settings#main} gives it to
     * the setup scripts).
     */
    public static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    /** Whether a proxy URL carries a user name (and password). */
    public boolean hasCredentials() {
        return (https != null && https.user() != null) || (http != null && http.user() != null);
    }

    /** The proxy to use for this URL, or null for a direct connection. */
    public Proxy proxyFor(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        Proxy proxy = switch (scheme) {
            case "https" -> https;
            case "http" -> http;
            default -> null;
        };
        if (proxy == null) {
            return null;
        }
        int port = url.getPort() > 0 ? url.getPort() : ("https".equals(scheme) ? 443 : 80);
        return bypass(url.getHost(), port) ? null : proxy;
    }

    /**
     * These settings as a {@link ProxySelector}: {@link #proxyFor} for each URI (NO_PROXY applied),
     * {@code DIRECT} otherwise. The JDK's {@code HttpClient} asks it once per request.
     */
    public ProxySelector proxySelector() {
        return new ProxySelector() {
            @Override
            public List<java.net.Proxy> select(URI uri) {
                Proxy p = proxyFor(uri);
                return List.of(p == null ? java.net.Proxy.NO_PROXY
                        : new java.net.Proxy(java.net.Proxy.Type.HTTP, InetSocketAddress.createUnresolved(p.host(), p.port())));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {
                // nothing to fall back to: the caller reports the failure, naming the proxy
            }
        };
    }

    /**
     * An authenticator that answers a proxy's request for credentials (HTTP 407) with the user and
     * password of the proxy URL whose host and port asked, and nothing to anyone else.
     */
    public Authenticator authenticator() {
        return new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                if (getRequestorType() != RequestorType.PROXY) {
                    return null;
                }
                for (Proxy p : new Proxy[] {https, http}) {
                    if (p != null && p.user() != null && p.host().equalsIgnoreCase(getRequestingHost())
                            && p.port() == getRequestingPort()) {
                        return new PasswordAuthentication(p.user(), p.password().toCharArray());
                    }
                }
                return null;
            }
        };
    }

    /** The proxy for https URLs, if any. */
    public Optional<Proxy> https() {
        return Optional.ofNullable(https);
    }

    /** The proxy for http URLs, if any. */
    public Optional<Proxy> http() {
        return Optional.ofNullable(http);
    }

    /** NO_PROXY in the JVM's http.nonProxyHosts syntax: "localhost|*.example.com" (CIDR entries have no JVM form and are left out). */
    public String nonProxyHostsProperty() {
        List<String> hosts = new ArrayList<>();
        for (String entry : noProxy) {
            if (entry.contains("/")) {
                continue;
            }
            String host = entry.replaceFirst(":\\d+$", "");
            hosts.add(host.startsWith(".") ? "*" + host : host);
        }
        return String.join("|", hosts);
    }

    /**
     * Sets the JVM's proxy properties (https.proxyHost, http.proxyHost, http.nonProxyHosts) unless
     * they were given with -D, and an authenticator for proxy credentials, so that every HTTP
     * client in this JVM that follows the JVM settings (DJL's model hub, URL.openStream) uses them.
     */
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
        if (hasCredentials()) {
            // Basic authentication on CONNECT tunnels is disabled by default since JDK 8u111.
            setIfAbsent("jdk.http.auth.tunneling.disabledSchemes", "");
            java.net.Authenticator.setDefault(authenticator());
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Where the proxies are, never the credentials. */
    @Override
    public String toString() {
        return "proxies https=" + https + " http=" + http + " no_proxy=" + noProxy;
    }

    /** Whether NO_PROXY says to connect to this host directly. */
    public boolean bypass(String host, int port) {
        if (host == null) {
            return true;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        for (String entry : noProxy) {
            if (entry.equals("*")) {
                return true;
            }
            String e = entry;
            int entryPort = -1;
            int colon = e.lastIndexOf(':');
            if (colon > 0 && e.indexOf(':') == colon && !e.contains("/")) {
                try {
                    entryPort = Integer.parseInt(e.substring(colon + 1));
                    e = e.substring(0, colon);
                } catch (NumberFormatException ignored) {
                    // not a port
                }
            }
            if (entryPort >= 0 && entryPort != port) {
                continue;
            }
            if (e.contains("/")) {
                if (inCidr(h, e)) {
                    return true;
                }
                continue;
            }
            if (e.startsWith("*.")) {
                e = e.substring(1);
            }
            if (e.startsWith(".")) {
                e = e.substring(1);
            }
            if (h.equals(e) || h.endsWith("." + e)) {
                return true;
            }
        }
        return false;
    }

    private static boolean inCidr(String host, String cidr) {
        long ip = ipv4(host);
        int slash = cidr.indexOf('/');
        long net = ipv4(cidr.substring(0, slash));
        if (ip < 0 || net < 0) {
            return false;
        }
        int bits;
        try {
            bits = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        if (bits < 0 || bits > 32) {
            return false;
        }
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (ip & mask) == (net & mask);
    }

    private static long ipv4(String s) {
        String[] parts = s.split("\\.");
        if (parts.length != 4) {
            return -1;
        }
        long value = 0;
        for (String p : parts) {
            try {
                int octet = Integer.parseInt(p);
                if (octet < 0 || octet > 255) {
                    return -1;
                }
                value = (value << 8) | octet;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return value;
    }
}
