package org.mljava.data;

import org.mljava.net.ProxySettings;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.Authenticator;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PasswordAuthentication;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * HTTP(S) downloads into the cache: through the proxy the environment names (see
 * {@link ProxySettings}), with a connect timeout and a read timeout (a dead host or proxy gives an
 * error within seconds, never a hang), following redirects, streaming into a temp file next to the
 * target while hashing, and renaming it into place only when size and SHA-256 match. A body cut
 * short, a failed check or any error deletes the temp file: nothing half-written is ever visible.
 */
final class Downloader {

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(20);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_REDIRECTS = 8;

    private final ProxySettings proxies;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final PrintStream log;

    Downloader(ProxySettings proxies, Duration connectTimeout, Duration readTimeout, PrintStream log) {
        this.proxies = proxies;
        if (proxies.hasCredentials() && System.getProperty("jdk.http.auth.tunneling.disabledSchemes") == null) {
            // the JDK disables Basic credentials for HTTPS proxy tunnels by default; a proxy URL with
            // user:password needs them (takes effect if no HTTPS connection was made in this JVM yet)
            System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
        }
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.log = log;
    }

    /** The downloader for this machine: proxies from the environment, timeouts from -Dmljava.http.*Timeout (seconds). */
    static Downloader fromEnvironment(PrintStream log) {
        return new Downloader(ProxySettings.fromEnvironment(),
                Duration.ofSeconds(Long.getLong("mljava.http.connectTimeout", DEFAULT_CONNECT_TIMEOUT.toSeconds())),
                Duration.ofSeconds(Long.getLong("mljava.http.readTimeout", DEFAULT_READ_TIMEOUT.toSeconds())),
                log);
    }

    /** What to download and how to check it. */
    record Request(URI url, String what, String sha256, long size, boolean gunzip, String downloadSha256,
                   Map<String, String> headers) {
        Request {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }

        static Request of(URI url, String what, String sha256, long size) {
            return new Request(url, what, sha256, size, false, null, Map.of());
        }
    }

    /** What came back from a successful download. */
    record Result(Path file, String sha256, long bytes, URI finalUrl, Map<String, String> headers) {
    }

    /**
     * Downloads {@code request.url()} into {@code target}: temp file, size and SHA-256 check (of the
     * decompressed content when {@code gunzip}; {@code downloadSha256}, when known, is checked on the
     * bytes as they came), then an atomic rename.
     */
    Result download(Request request, Path target) {
        URI url = request.url();
        String originalHost = url.getHost();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            ProxySettings.Proxy proxy = proxies.proxyFor(url);
            HttpURLConnection connection = open(url, proxy);
            try {
                for (Map.Entry<String, String> header : request.headers().entrySet()) {
                    boolean credential = header.getKey().equalsIgnoreCase("Authorization");
                    if (!credential || url.getHost().equalsIgnoreCase(originalHost)) {
                        connection.setRequestProperty(header.getKey(), header.getValue());
                    }
                }
                int status = connect(connection, url, proxy, request.what());
                if (status >= 300 && status < 400) {
                    String location = connection.getHeaderField("Location");
                    if (location == null) {
                        throw new DownloadException(request.what() + ": HTTP " + status + " without a Location from " + url);
                    }
                    url = url.resolve(location);
                    continue;
                }
                if (status != 200) {
                    throw new DownloadException(request.what() + ": HTTP " + status + " from " + safe(url)
                            + (status == 401 || status == 403 ? " (access denied: a gated file needs HF_TOKEN, or the proxy refused it)" : "")
                            + (status == 404 ? " (not found: check the URL or revision)" : "")
                            + (status == 407 ? " (the proxy " + proxy + " wants credentials: put them in the proxy URL)" : ""));
                }
                return receive(connection, request, url, proxy, target);
            } finally {
                connection.disconnect();
            }
        }
        throw new DownloadException(request.what() + ": more than " + MAX_REDIRECTS + " redirects from " + safe(request.url()));
    }

    /** Status and headers (lower-case names) of a HEAD request, without following redirects. */
    record Head(int status, Map<String, String> headers, URI url) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A HEAD request (no redirects followed), for metadata such as the Hugging Face hub's commit and ETag headers. */
    Head head(URI url, Map<String, String> headers, String what) {
        ProxySettings.Proxy proxy = proxies.proxyFor(url);
        HttpURLConnection connection = open(url, proxy);
        try {
            connection.setRequestMethod("HEAD");
            headers.forEach(connection::setRequestProperty);
            int status = connect(connection, url, proxy, what);
            Map<String, String> out = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, java.util.List<String>> h : connection.getHeaderFields().entrySet()) {
                if (h.getKey() != null && !h.getValue().isEmpty()) {
                    out.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue().getFirst());
                }
            }
            return new Head(status, out, url);
        } catch (IOException e) {
            throw explain(e, url, proxy, what, "asking");
        } finally {
            connection.disconnect();
        }
    }

    private HttpURLConnection open(URI url, ProxySettings.Proxy proxy) {
        try {
            java.net.Proxy javaProxy = proxy == null ? java.net.Proxy.NO_PROXY
                    : new java.net.Proxy(java.net.Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.host(), proxy.port()));
            HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection(javaProxy);
            connection.setConnectTimeout((int) connectTimeout.toMillis());
            connection.setReadTimeout((int) readTimeout.toMillis());
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestProperty("User-Agent", "mljava-helpers (Java " + Runtime.version().feature() + ")");
            connection.setRequestProperty("Accept-Encoding", "identity");
            if (proxy != null && proxy.user() != null) {
                connection.setAuthenticator(new Authenticator() {
                    @Override
                    protected PasswordAuthentication getPasswordAuthentication() {
                        if (getRequestorType() == RequestorType.PROXY) {
                            return new PasswordAuthentication(proxy.user(), proxy.password().toCharArray());
                        }
                        return null;
                    }
                });
            }
            return connection;
        } catch (IOException | IllegalArgumentException e) {
            throw new DownloadException("cannot open " + safe(url) + ": " + e.getMessage(), e);
        }
    }

    private int connect(HttpURLConnection connection, URI url, ProxySettings.Proxy proxy, String what) {
        try {
            return connection.getResponseCode();
        } catch (IOException e) {
            throw explain(e, url, proxy, what, "connecting");
        }
    }

    private Result receive(HttpURLConnection connection, Request request, URI url, ProxySettings.Proxy proxy, Path target) {
        long length = connection.getContentLengthLong();
        long started = System.nanoTime();
        if (log != null) {
            log.println("Downloading " + request.what() + " from " + url.getHost()
                    + (length > 0 ? " (" + CacheFiles.humanSize(length) + ")" : "")
                    + (proxy != null ? " via proxy " + proxy : "") + " ...");
        }
        MessageDigest rawDigest = CacheFiles.sha256Digest();
        long[] rawCount = new long[1];
        try (InputStream body = connection.getInputStream()) {
            InputStream counted = new CountingStream(body, rawCount);
            InputStream raw = new DigestInputStream(counted, rawDigest);
            String sha = CacheFiles.writeVerified(target, request.sha256(), request.size(), request.what(), out -> {
                InputStream in = request.gunzip() ? new GZIPInputStream(raw, 1 << 16) : raw;
                in.transferTo(out);
                if (length >= 0 && rawCount[0] != length) {
                    throw new DownloadException(request.what() + ": the body was cut short: got " + rawCount[0]
                            + " of " + length + " bytes from " + safe(url) + "; nothing was kept");
                }
                if (request.downloadSha256() != null) {
                    String got = CacheFiles.hex(rawDigest.digest());
                    if (!got.equalsIgnoreCase(request.downloadSha256())) {
                        throw new ChecksumException(request.what() + ": the download's SHA-256 is " + got + ", expected "
                                + request.downloadSha256() + "; it was not kept");
                    }
                }
            });
            if (log != null) {
                log.printf(Locale.ROOT, "  %s: %s in %.1f s, SHA-256 %s%n", request.what(), CacheFiles.humanSize(rawCount[0]),
                        (System.nanoTime() - started) / 1e9, request.sha256() != null ? "verified" : sha + " (nothing pinned to check it against)");
            }
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, java.util.List<String>> h : connection.getHeaderFields().entrySet()) {
                if (h.getKey() != null && !h.getValue().isEmpty()) {
                    headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue().getFirst());
                }
            }
            return new Result(target, sha, rawCount[0], url, headers);
        } catch (DataException e) {
            throw e;
        } catch (EOFException | ZipException e) {
            throw new DownloadException(request.what() + ": the body was cut short or is not valid gzip (" + e.getMessage()
                    + ") after " + rawCount[0] + " bytes from " + safe(url) + "; nothing was kept", e);
        } catch (IOException e) {
            throw explain(e, url, proxy, request.what(), "reading");
        }
    }

    private DownloadException explain(IOException e, URI url, ProxySettings.Proxy proxy, String what, String phase) {
        String where = proxy != null ? "the proxy " + proxy : url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String text;
        if (e instanceof SocketTimeoutException) {
            text = what + ": no answer from " + where + " within "
                    + (phase.equals("connecting") && msg.toLowerCase(Locale.ROOT).contains("connect")
                    ? connectTimeout.toSeconds() + " s (connect timeout)" : readTimeout.toSeconds() + " s (read timeout)")
                    + " while " + phase + " " + safe(url) + ". Is " + (proxy != null ? "the proxy" : "the host") + " down?";
        } else if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            text = what + ": cannot connect to " + where + " (" + msg + ")"
                    + (proxy != null ? ". Is the proxy running? Check " + proxy.variable() + ", or unset it to connect directly."
                    : ". Is the machine offline, or does this network need a proxy (set HTTPS_PROXY)?");
        } else if (e instanceof UnknownHostException) {
            text = what + ": unknown host " + msg + (proxy != null ? " (the proxy named in " + proxy.variable() + ")" : "")
                    + ". No network or no DNS here? With a proxy, set HTTPS_PROXY.";
        } else if (msg.contains("Unable to tunnel through proxy")) {
            text = what + ": the proxy " + proxy + " refused the tunnel to " + url.getHost() + " (" + msg + ")";
        } else {
            text = what + ": " + phase + " " + safe(url) + (proxy != null ? " via proxy " + proxy : "") + " failed: " + msg;
        }
        return new DownloadException(text, e);
    }

    /** A URL without query string (which may carry signed tokens). */
    static String safe(URI url) {
        String s = url.toString();
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q) + "?...";
    }

    private static final class CountingStream extends java.io.FilterInputStream {
        private final long[] count;

        CountingStream(InputStream in, long[] count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count[0]++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count[0] += n;
            }
            return n;
        }
    }
}
