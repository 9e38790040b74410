package org.mljava.data.cache;

import org.mljava.net.HttpClients;
import org.mljava.net.ProxySettings;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.mljava.data.DataException;

/**
 * HTTP(S) downloads into the cache with the JDK's {@link HttpClient} (built in one place,
 * {@link HttpClients}: the proxy the environment names, see {@link ProxySettings}, and its
 * credentials), with a connect timeout and a read timeout (a dead host or proxy, or a body that
 * stops, gives an error within seconds, never a hang), following redirects (an Authorization header
 * only to the original host), streaming into a temp file next to the target while hashing, and
 * renaming it into place only when size and SHA-256 match. A body cut short, a failed check or any
 * error deletes the temp file: nothing half-written is ever visible.
 */
public final class Downloader {

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(20);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_REDIRECTS = 8;
    /** Closes a response body that has been silent for the read timeout (HttpClient times out only the wait for the headers). */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mljava-download-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final ProxySettings proxies;
    private final HttpClient client;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final PrintStream log;

    public Downloader(ProxySettings proxies, Duration connectTimeout, Duration readTimeout, PrintStream log) {
        this.proxies = proxies;
        this.client = HttpClients.create(proxies, connectTimeout);
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.log = log;
    }

    /** The downloader for this machine: proxies from the environment, timeouts from -Dmljava.http.*Timeout (seconds). */
    public static Downloader fromEnvironment(PrintStream log) {
        return new Downloader(ProxySettings.fromEnvironment(),
                Duration.ofSeconds(Long.getLong("mljava.http.connectTimeout", DEFAULT_CONNECT_TIMEOUT.toSeconds())),
                Duration.ofSeconds(Long.getLong("mljava.http.readTimeout", DEFAULT_READ_TIMEOUT.toSeconds())),
                log);
    }

    /** What to download and how to check it. */
    public record Request(URI url, String what, String sha256, long size, boolean gunzip, String downloadSha256,
                   Map<String, String> headers) {
        public Request {
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
    public Result download(Request request, Path target) {
        URI url = request.url();
        String originalHost = url.getHost();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            ProxySettings.Proxy proxy = proxies.proxyFor(url);
            HttpRequest.Builder get = newRequest(url);
            for (Map.Entry<String, String> header : request.headers().entrySet()) {
                boolean credential = header.getKey().equalsIgnoreCase("Authorization");
                if (!credential || url.getHost().equalsIgnoreCase(originalHost)) {
                    get.header(header.getKey(), header.getValue());
                }
            }
            HttpResponse<InputStream> response = send(get.GET().build(), HttpResponse.BodyHandlers.ofInputStream(), url, proxy, request.what());
            int status = response.statusCode();
            if (status >= 300 && status < 400) {
                close(response.body());
                String location = response.headers().firstValue("Location").orElse(null);
                if (location == null) {
                    throw new DownloadException(request.what() + ": HTTP " + status + " without a Location from " + safe(url));
                }
                url = url.resolve(location);
                continue;
            }
            if (status != 200) {
                close(response.body());
                throw new DownloadException(request.what() + ": HTTP " + status + " from " + safe(url)
                        + (status == 401 || status == 403 ? " (access denied: a gated file needs HF_TOKEN, or the proxy refused it)" : "")
                        + (status == 404 ? " (not found: check the URL or revision)" : "")
                        + (status == 407 ? " (the proxy " + proxy + (proxy != null && proxy.user() != null
                        ? " did not accept the credentials in its URL)" : " wants credentials: put them in the proxy URL)") : ""));
            }
            return receive(response, request, url, proxy, target);
        }
        throw new DownloadException(request.what() + ": more than " + MAX_REDIRECTS + " redirects from " + safe(request.url()));
    }

    /** Status and headers (lower-case names) of a HEAD request, without following redirects. */
    public record Head(int status, Map<String, String> headers, URI url) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A HEAD request (no redirects followed), for metadata such as the Hugging Face hub's commit and ETag headers. */
    public Head head(URI url, Map<String, String> headers, String what) {
        HttpRequest.Builder head = newRequest(url).method("HEAD", HttpRequest.BodyPublishers.noBody());
        headers.forEach(head::header);
        HttpResponse<Void> response = send(head.build(), HttpResponse.BodyHandlers.discarding(), url, proxies.proxyFor(url), what);
        return new Head(response.statusCode(), firstValues(response.headers()), url);
    }

    private HttpRequest.Builder newRequest(URI url) {
        try {
            return HttpRequest.newBuilder(url).timeout(readTimeout)
                    .header("User-Agent", "mljava-helpers (Java " + Runtime.version().feature() + ")")
                    .header("Accept-Encoding", "identity");
        } catch (IllegalArgumentException e) {
            throw new DownloadException("cannot open " + safe(url) + ": " + e.getMessage(), e);
        }
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body, URI url, ProxySettings.Proxy proxy, String what) {
        try {
            return client.send(request, body);
        } catch (IOException e) {
            throw explain(e, url, proxy, what, "connecting");
        } catch (IllegalArgumentException e) {
            throw new DownloadException("cannot open " + safe(url) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException(what + ": interrupted while connecting to " + safe(url), e);
        }
    }

    private static Map<String, String> firstValues(HttpHeaders headers) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.map().forEach((name, values) -> {
            if (!values.isEmpty()) {
                out.putIfAbsent(name.toLowerCase(Locale.ROOT), values.getFirst());
            }
        });
        return out;
    }

    private static void close(InputStream body) {
        try {
            if (body != null) { // null when a proxy refused the tunnel
                body.close();
            }
        } catch (IOException ignored) {
            // nothing was read from it
        }
    }

    private Result receive(HttpResponse<InputStream> response, Request request, URI url, ProxySettings.Proxy proxy, Path target) {
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        long started = System.nanoTime();
        if (log != null) {
            log.println("Downloading " + request.what() + " from " + url.getHost()
                    + (length > 0 ? " (" + CacheFiles.humanSize(length) + ")" : "")
                    + (proxy != null ? " via proxy " + proxy : "") + " ...");
        }
        MessageDigest rawDigest = CacheFiles.sha256Digest();
        long[] rawCount = new long[1];
        boolean[] stalled = new boolean[1];
        InputStream body = response.body();
        long[] seen = {-1};
        long period = Math.max(1, readTimeout.toMillis());
        ScheduledFuture<?> watchdog = WATCHDOG.scheduleAtFixedRate(() -> {
            if (rawCount[0] == seen[0]) {
                stalled[0] = true;
                close(body);
            }
            seen[0] = rawCount[0];
        }, period, period, TimeUnit.MILLISECONDS);
        try (body; InputStream counted = new CountingStream(body, rawCount); InputStream raw = new DigestInputStream(counted, rawDigest)) {
            String sha = CacheFiles.writeVerified(target, request.sha256(), request.size(), request.what(), out -> {
                InputStream in = request.gunzip() ? new GZIPInputStream(raw, 1 << 16) : raw;
                try (in) { // closing ends the gzip stream's Inflater (native memory) now rather than at some GC
                    in.transferTo(out);
                }
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
            return new Result(target, sha, rawCount[0], url, firstValues(response.headers()));
        } catch (DataException e) {
            throw e;
        } catch (IOException e) {
            if (stalled[0]) {
                throw new DownloadException(request.what() + ": no data from " + where(url, proxy) + " for " + readTimeout.toSeconds()
                        + " s (read timeout) after " + rawCount[0] + " bytes of " + safe(url) + "; nothing was kept", e);
            }
            if (e instanceof EOFException || e instanceof ZipException || (length >= 0 && rawCount[0] < length)) {
                throw new DownloadException(request.what() + ": the body was cut short or is not valid gzip (" + message(e)
                        + ") after " + rawCount[0] + (length >= 0 ? " of " + length : "") + " bytes from " + safe(url)
                        + "; nothing was kept", e);
            }
            throw explain(e, url, proxy, request.what(), "reading");
        } finally {
            watchdog.cancel(false);
        }
    }

    private static String where(URI url, ProxySettings.Proxy proxy) {
        return proxy != null ? "the proxy " + proxy : url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The error a person can act on, naming the URL (without its query) and the proxy (without credentials). */
    private DownloadException explain(IOException e, URI url, ProxySettings.Proxy proxy, String what, String phase) {
        String where = where(url, proxy);
        // HttpClient often wraps the socket's exception (with the useful message) in one without a message
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String msg = message(cause);
        String text;
        if (e instanceof HttpConnectTimeoutException) {
            text = what + ": no answer from " + where + " within " + connectTimeout.toSeconds() + " s (connect timeout) while "
                    + phase + " " + safe(url) + ". Is " + (proxy != null ? "the proxy" : "the host") + " down?";
        } else if (e instanceof HttpTimeoutException) {
            text = what + ": no answer from " + where + " within " + readTimeout.toSeconds() + " s (read timeout) while "
                    + phase + " " + safe(url) + ". Is " + (proxy != null ? "the proxy" : "the host") + " down?";
        } else if (causedBy(e, UnknownHostException.class) || causedBy(e, UnresolvedAddressException.class)) {
            text = what + ": unknown host " + (proxy != null ? proxy.host() + " (the proxy named in " + proxy.variable() + ")" : url.getHost())
                    + ". No network or no DNS here? With a proxy, set HTTPS_PROXY.";
        } else if (causedBy(e, ConnectException.class) || causedBy(e, NoRouteToHostException.class)) {
            text = what + ": cannot connect to " + where + " (" + msg + ")"
                    + (proxy != null ? ". Is the proxy running? Check " + proxy.variable() + ", or unset it to connect directly."
                    : ". Is the machine offline, or does this network need a proxy (set HTTPS_PROXY)?");
        } else if (msg.contains("too many authentication attempts")) {
            text = what + ": the proxy " + proxy + " refused the credentials in its URL (HTTP 407 after each try) for " + safe(url);
        } else if (msg.contains("tunnel") || msg.contains("Tunnel")) {
            text = what + ": the proxy " + proxy + " refused the tunnel to " + url.getHost() + " (" + msg + ")";
        } else {
            text = what + ": " + phase + " " + safe(url) + (proxy != null ? " via proxy " + proxy : "") + " failed: " + msg;
        }
        return new DownloadException(text, e);
    }

    /** A URL without query string (which may carry signed tokens). */
    public static String safe(URI url) {
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
