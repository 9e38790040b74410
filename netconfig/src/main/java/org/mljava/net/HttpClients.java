package org.mljava.net;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The one place where this project builds a JDK {@link HttpClient}: proxies and NO_PROXY from
 * {@link ProxySettings} (as a {@link java.net.ProxySelector}), proxy credentials from the proxy URL
 * (as an {@link java.net.Authenticator}), a connect timeout, HTTP/1.1, and redirects left to the
 * caller (a downloader decides which headers may follow a redirect to another host). The helper
 * library's downloader and its {@code Online} check both use it.
 */
public final class HttpClients {

    static {
        // The JDK sends no Basic credentials on an HTTPS proxy tunnel (CONNECT) unless this property
        // is set before its HttpClient classes load; a proxy URL with user:password needs them. The
        // credentials go only to the proxy whose URL carries them (ProxySettings#authenticator).
        if (System.getProperty("jdk.http.auth.tunneling.disabledSchemes") == null) {
            System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
        }
    }

    private HttpClients() {
    }

    /** A client for these proxies with this connect timeout; redirects are not followed. */
    public static HttpClient create(ProxySettings proxies, Duration connectTimeout) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .proxy(proxies.proxySelector());
        if (proxies.hasCredentials()) {
            builder.authenticator(proxies.authenticator());
        }
        return builder.build();
    }

    /** A client for this machine's proxies ({@link Settings#current()}). */
    public static HttpClient create(Duration connectTimeout) {
        return create(Settings.current().proxies(), connectTimeout);
    }
}
