package org.mljava.data.cache;

import org.mljava.net.ProxySettings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mljava.data.DataException;
import org.mljava.data.DataUnavailableException;

/**
 * The download path against a fake mirror on loopback (com.sun.net.httpserver) and through a
 * forward proxy on loopback: happy path, redirects, 404, checksum mismatch, truncated body, a body
 * that stops, server down, proxy down (and its credentials, NO_PROXY, an HTTPS tunnel), a server that never answers, offline with and without a cache, a corrupt cached copy.
 * After every failure: no file under the final name and no temp file left.
 */
public class DownloadTest {

    static final byte[] CONTENT = randomBytes(200_000, 1);
    static final String SHA = CacheFiles.sha256(CONTENT);

    @TempDir
    Path cache;

    HttpServer server;
    volatile int port; // the server's handler threads read it (url())
    final AtomicInteger hits = new AtomicInteger();
    final List<String> serverRequests = new CopyOnWriteArrayList<>();

    public static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @BeforeEach
    void startMirror() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterEach
    void stopMirror() {
        server.stop(0);
    }

    private void serve(HttpExchange ex) throws IOException {
        hits.incrementAndGet();
        serverRequests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
        String path = ex.getRequestURI().getPath();
        switch (path) {
            case "/mirror/data.bin" -> send(ex, 200, CONTENT);
            case "/mirror/wrong.bin" -> send(ex, 200, randomBytes(CONTENT.length, 2));
            case "/mirror/data.bin.gz" -> send(ex, 200, gzip(CONTENT));
            case "/mirror/moved-twice" -> {
                ex.getResponseHeaders().add("Location", url("/mirror/moved"));
                send(ex, 301, new byte[0]);
            }
            case "/mirror/moved" -> {
                ex.getResponseHeaders().add("Location", "/mirror/data.bin");
                send(ex, 302, new byte[0]);
            }
            default -> send(ex, 404, "not here".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    public static byte[] gzip(byte[] data) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
                gz.write(data);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    static Downloader downloader(ProxySettings proxies) {
        return new Downloader(proxies, Duration.ofSeconds(2), Duration.ofSeconds(2), null);
    }

    /** A manifest with one data set "fake" whose file "data.bin" has these URLs. */
    static Manifest manifest(String urls, String compression, boolean offlineSource) {
        return Manifest.parse("""
                {"packages": {"npm:fake": {"type": "npm", "name": "fake-package", "version": "1.0.0"}},
                 "datasets": {"fake": {"title": "A fake data set", "licence": "CC0", "citation": "none",
                   "files": [{"name": "data.bin", "size": %d, "sha256": "%s", "urls": [%s] %s %s}]}}}
                """.formatted(CONTENT.length, SHA, urls, compression == null ? "" : ", \"compression\": \"" + compression + "\"",
                offlineSource ? ", \"offline\": {\"package\": \"npm:fake\", \"path\": \"package/data.bin\"}" : ""));
    }

    DataStore store(Manifest manifest, boolean online, ProxySettings proxies) {
        return new DataStore(cache, manifest, online, downloader(proxies), null, null);
    }

    Path target() {
        return cache.resolve("data/fake/data.bin");
    }

    /** Nothing under the final name, no temp file anywhere in the cache. */
    void assertNothingWritten() throws IOException {
        assertFalse(Files.exists(target()), "no file under the final name");
        assertNoTempFiles();
    }

    void assertNoTempFiles() throws IOException {
        try (Stream<Path> all = Files.walk(cache)) {
            List<Path> temps = all.filter(p -> p.getFileName().toString().contains(".part-")).toList();
            assertTrue(temps.isEmpty(), "temp files left: " + temps);
        }
    }

    // ---- the cases ------------------------------------------------------------------------------

    @Test
    void happyPath() throws IOException {
        DataStore store = store(manifest("\"" + url("/mirror/data.bin") + "\"", null, false), true, ProxySettings.none());
        Path file = store.file("fake", "data.bin");
        assertEquals(target(), file);
        assertArrayEquals(CONTENT, Files.readAllBytes(file));
        assertNoTempFiles();
        // a second call uses the cache: no new request
        int before = hits.get();
        store.file("fake", "data.bin");
        assertEquals(before, hits.get());
    }

    @Test
    void gzipDownloadIsCheckedOnItsContent() throws IOException {
        DataStore store = store(manifest("\"" + url("/mirror/data.bin.gz") + "\"", "gzip", false), true, ProxySettings.none());
        assertArrayEquals(CONTENT, Files.readAllBytes(store.file("fake", "data.bin")));
    }

    @Test
    void redirectsAreFollowed() throws IOException {
        DataStore store = store(manifest("\"" + url("/mirror/moved") + "\"", null, false), true, ProxySettings.none());
        assertArrayEquals(CONTENT, Files.readAllBytes(store.file("fake", "data.bin")));
        assertTrue(serverRequests.contains("GET /mirror/data.bin"));
    }

    @Test
    void checksumMismatchKeepsNothing() throws IOException {
        DataStore store = store(manifest("\"" + url("/mirror/wrong.bin") + "\"", null, false), true, ProxySettings.none());
        DataUnavailableException e = assertThrows(DataUnavailableException.class, () -> store.file("fake", "data.bin"));
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
        assertTrue(e.getMessage().contains("'fake'"), "names the data set: " + e.getMessage());
        assertNothingWritten();
    }

    @Test
    void secondUrlIsTriedWhenTheFirstFails() throws IOException {
        DataStore store = store(manifest("\"" + url("/mirror/wrong.bin") + "\", \"" + url("/mirror/data.bin") + "\"", null, false),
                true, ProxySettings.none());
        assertArrayEquals(CONTENT, Files.readAllBytes(store.file("fake", "data.bin")));
    }

    @Test
    void truncatedBodyKeepsNothing() throws Exception {
        // a raw server that announces the whole length, sends half, and hangs up
        try (ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = Thread.ofVirtual().start(() -> {
                try (Socket s = raw.accept()) {
                    readHead(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + CONTENT.length + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(CONTENT, 0, CONTENT.length / 2);
                    out.flush();
                } catch (IOException ignored) {
                    // the test checks the client side
                }
            });
            Downloader d = downloader(ProxySettings.none());
            DataException e = assertThrows(DataException.class, () -> d.download(
                    Downloader.Request.of(URI.create("http://127.0.0.1:" + raw.getLocalPort() + "/x"), "fake/data.bin", SHA, CONTENT.length), target()));
            assertTrue(e.getMessage().contains("cut short") || e.getMessage().contains("bytes") || e.getMessage().contains("Premature"),
                    e.getMessage());
            t.join(5000);
        }
        assertNothingWritten();
    }

    @Test
    void serverDownFailsFastWithAClearMessage() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        DataStore store = store(manifest("\"http://127.0.0.1:" + closedPort + "/mirror/data.bin\"", null, false), true, ProxySettings.none());
        long t0 = System.nanoTime();
        DataUnavailableException e = assertThrows(DataUnavailableException.class, () -> store.file("fake", "data.bin"));
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "no hang");
        assertTrue(e.getMessage().contains("cannot connect to 127.0.0.1:" + closedPort), e.getMessage());
        assertNothingWritten();
    }

    @Test
    void hostThatNeverAnswersTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = Thread.ofVirtual().start(() -> {
                try (Socket s = silent.accept()) {
                    Thread.sleep(8000); // accept, then say nothing
                } catch (IOException | InterruptedException ignored) {
                    // done
                }
            });
            DataStore store = store(manifest("\"http://127.0.0.1:" + silent.getLocalPort() + "/x\"", null, false), true, ProxySettings.none());
            long t0 = System.nanoTime();
            DataUnavailableException e = assertThrows(DataUnavailableException.class, () -> store.file("fake", "data.bin"));
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertTrue(seconds < 6, "gave up after the 2 s read timeout, not a hang: " + seconds);
            assertTrue(e.getMessage().contains("read timeout"), e.getMessage());
            t.interrupt();
        }
        assertNothingWritten();
    }

    @Test
    void requestGoesThroughTheProxy() throws Exception {
        try (LoopbackProxy proxy = new LoopbackProxy()) {
            ProxySettings proxies = ProxySettings.fromEnvironment(Map.of("HTTP_PROXY", "http://127.0.0.1:" + proxy.port()));
            DataStore store = store(manifest("\"" + url("/mirror/data.bin") + "\"", null, false), true, proxies);
            assertArrayEquals(CONTENT, Files.readAllBytes(store.file("fake", "data.bin")));
            assertEquals(List.of("GET " + url("/mirror/data.bin") + " HTTP/1.1"), proxy.requestLines(),
                    "the proxy saw the request (absolute URI, as a client sends it to a proxy)");
            assertEquals(1, hits.get(), "and the mirror got it from the proxy");
        }
    }

    @Test
    void proxyCredentialsFromTheProxyUrlAreUsed() throws Exception {
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
        try (LoopbackProxy proxy = new LoopbackProxy(basic)) {
            ProxySettings proxies = ProxySettings.fromEnvironment(Map.of("HTTP_PROXY", "http://alice:s3cret@127.0.0.1:" + proxy.port()));
            DataStore store = store(manifest("\"" + url("/mirror/data.bin") + "\"", null, false), true, proxies);
            assertArrayEquals(CONTENT, Files.readAllBytes(store.file("fake", "data.bin")));
            assertTrue(proxy.requestLines().contains("GET " + url("/mirror/data.bin") + " HTTP/1.1"), proxy.requestLines().toString());
        }
    }

    @Test
    void wrongProxyCredentialsAreAClearErrorWithoutThePassword() throws Exception {
        try (LoopbackProxy proxy = new LoopbackProxy("Basic nobody-has-this")) {
            ProxySettings proxies = ProxySettings.fromEnvironment(Map.of("HTTP_PROXY", "http://alice:s3cret@127.0.0.1:" + proxy.port()));
            DataStore store = store(manifest("\"" + url("/mirror/data.bin") + "\"", null, false), true, proxies);
            DataUnavailableException e = assertThrows(DataUnavailableException.class, () -> store.file("fake", "data.bin"));
            assertTrue(e.getMessage().contains("407"), e.getMessage());
            assertFalse(e.getMessage().contains("s3cret"), "the password is never printed: " + e.getMessage());
            assertNothingWritten();
        }
    }

    @Test
    void noProxyConnectsDirectly() throws Exception {
        try (LoopbackProxy proxy = new LoopbackProxy()) {
            ProxySettings proxies = ProxySettings.fromEnvironment(Map.of("http_proxy", "127.0.0.1:" + proxy.port(), "no_proxy", "localhost,127.0.0.1"));
            DataStore store = store(manifest("\"" + url("/mirror/data.bin") + "\"", null, false), true, proxies);
            store.file("fake", "data.bin");
            assertTrue(proxy.requestLines().isEmpty(), "NO_PROXY: the proxy was not used");
            assertEquals(1, hits.get());
        }
    }

    @Test
    void notFoundIsAClearErrorNamingTheUrl() throws IOException {
        Downloader d = downloader(ProxySettings.none());
        DownloadException e = assertThrows(DownloadException.class, () -> d.download(
                Downloader.Request.of(URI.create(url("/mirror/gone.bin?token=abc")), "fake/gone.bin", SHA, CONTENT.length), target()));
        assertEquals("fake/gone.bin: HTTP 404 from " + url("/mirror/gone.bin") + "?... (not found: check the URL or revision)",
                e.getMessage());
        assertNothingWritten();
    }

    @Test
    void redirectChainsEndAtTheFile() throws IOException {
        Downloader d = downloader(ProxySettings.none());
        Downloader.Result r = d.download(Downloader.Request.of(URI.create(url("/mirror/moved-twice")), "fake/data.bin", SHA, CONTENT.length),
                target());
        assertEquals(URI.create(url("/mirror/data.bin")), r.finalUrl());
        assertEquals(List.of("GET /mirror/moved-twice", "GET /mirror/moved", "GET /mirror/data.bin"), serverRequests);
        assertArrayEquals(CONTENT, Files.readAllBytes(target()));
    }

    @Test
    void bodyThatStopsHalfWayTimesOut() throws Exception {
        // a raw server that announces the whole length, sends half, then says nothing (without hanging up)
        try (ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = Thread.ofVirtual().start(() -> {
                try (Socket s = raw.accept()) {
                    readHead(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + CONTENT.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(CONTENT, 0, CONTENT.length / 2);
                    out.flush();
                    Thread.sleep(10_000);
                } catch (IOException | InterruptedException ignored) {
                    // the test checks the client side
                }
            });
            Downloader d = downloader(ProxySettings.none());
            long t0 = System.nanoTime();
            DownloadException e = assertThrows(DownloadException.class, () -> d.download(
                    Downloader.Request.of(URI.create("http://127.0.0.1:" + raw.getLocalPort() + "/x"), "fake/data.bin", SHA, CONTENT.length), target()));
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertTrue(seconds < 7, "gave up within two 2 s read timeouts, not a hang: " + seconds);
            assertTrue(e.getMessage().contains("(read timeout)") && e.getMessage().contains("127.0.0.1:" + raw.getLocalPort()), e.getMessage());
            t.interrupt();
        }
        assertNothingWritten();
    }

    @Test
    void headRequestsGoThroughTheProxyToo() throws Exception {
        try (LoopbackProxy proxy = new LoopbackProxy()) {
            ProxySettings proxies = ProxySettings.fromEnvironment(Map.of("HTTP_PROXY", "http://127.0.0.1:" + proxy.port()));
            Downloader.Head head = downloader(proxies).head(URI.create(url("/mirror/data.bin")), Map.of(), "fake/data.bin");
            assertEquals(200, head.status());
            assertTrue(head.header("Date") != null, "headers come back, names in lower case: " + head.headers());
            assertEquals(List.of("HEAD " + url("/mirror/data.bin") + " HTTP/1.1"), proxy.requestLines());
        }
    }

    @Test
    void httpsGoesThroughTheProxyAsATunnelAndARefusalNamesTheProxy() throws Exception {
        try (LoopbackProxy proxy = new LoopbackProxy()) {
            ProxySettings proxies = ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", "http://alice:s3cret@127.0.0.1:" + proxy.port()));
            Downloader d = downloader(proxies);
            DownloadException e = assertThrows(DownloadException.class, () -> d.download(
                    Downloader.Request.of(URI.create("https://data.example:8443/data.bin"), "fake/data.bin", SHA, CONTENT.length), target()));
            assertEquals("CONNECT data.example:8443 HTTP/1.1", proxy.requestLines().getFirst(), "the proxy saw a CONNECT for the host");
            assertTrue(e.getMessage().contains("proxy 127.0.0.1:" + proxy.port() + " (from HTTPS_PROXY)"), e.getMessage());
            assertFalse(e.getMessage().contains("s3cret"), "the password is never printed: " + e.getMessage());
        }
        assertNothingWritten();
    }

    @Test
    void httpsTunnelCarriesTheProxyCredentials() throws Exception {
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
        try (LoopbackProxy proxy = new LoopbackProxy(basic)) {
            ProxySettings proxies = ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", "http://alice:s3cret@127.0.0.1:" + proxy.port()));
            assertThrows(DownloadException.class, () -> downloader(proxies).download(
                    Downloader.Request.of(URI.create("https://data.example/data.bin"), "fake/data.bin", SHA, CONTENT.length), target()));
            assertEquals(List.of("407 for CONNECT data.example:443 HTTP/1.1", "CONNECT data.example:443 HTTP/1.1"), proxy.requestLines(),
                    "asked once without, then with the credentials (the proxy then refuses the tunnel: no TLS server here)");
        }
    }

    @Test
    void proxyDownFailsFastAndSaysSo() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        ProxySettings proxies = ProxySettings.fromEnvironment(Map.of("HTTP_PROXY", "http://127.0.0.1:" + closedPort));
        DataStore store = store(manifest("\"" + url("/mirror/data.bin") + "\"", null, false), true, proxies);
        long t0 = System.nanoTime();
        DataUnavailableException e = assertThrows(DataUnavailableException.class, () -> store.file("fake", "data.bin"));
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "no hang");
        assertTrue(e.getMessage().contains("proxy 127.0.0.1:" + closedPort + " (from HTTP_PROXY)"), e.getMessage());
        assertEquals(0, hits.get(), "nothing reached the mirror");
        assertNothingWritten();
    }

    @Test
    void offlineWithACacheUsesIt() throws IOException {
        store(manifest("\"" + url("/mirror/data.bin") + "\"", null, false), true, ProxySettings.none()).file("fake", "data.bin");
        server.stop(0); // no network at all now
        DataStore offline = store(manifest("\"" + url("/mirror/data.bin") + "\"", null, false), false, ProxySettings.none());
        assertArrayEquals(CONTENT, Files.readAllBytes(offline.file("fake", "data.bin")));
    }

    @Test
    void offlineWithoutACacheNamesTheDataSetAndTheCommand() throws IOException {
        DataStore offline = store(manifest("\"" + url("/mirror/data.bin") + "\"", null, true), false, ProxySettings.none());
        DataUnavailableException e = assertThrows(DataUnavailableException.class, () -> offline.file("fake", "data.bin"));
        assertTrue(e.getMessage().contains("'fake'"), e.getMessage());
        assertTrue(e.getMessage().contains("environment/setup.sh"), e.getMessage());
        assertTrue(e.getMessage().contains("fake-package"), "says which package holds it: " + e.getMessage());
        assertEquals(0, hits.get());
        assertNothingWritten();
    }

    @Test
    void truncatedOrCorruptCachedFileIsFetchedAgain() throws IOException {
        DataStore store = store(manifest("\"" + url("/mirror/data.bin") + "\"", null, false), true, ProxySettings.none());
        Path file = store.file("fake", "data.bin");
        // truncate it
        Files.write(file, java.util.Arrays.copyOf(CONTENT, 1000));
        assertArrayEquals(CONTENT, Files.readAllBytes(store.file("fake", "data.bin")));
        assertEquals(2, hits.get());
        // corrupt it in place (same size)
        byte[] corrupt = CONTENT.clone();
        corrupt[500] ^= 1;
        Files.write(file, corrupt);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertArrayEquals(CONTENT, Files.readAllBytes(store.file("fake", "data.bin")));
        assertEquals(3, hits.get());
        assertNoTempFiles();
    }

    @Test
    void corruptCachedFileOfflineIsRemovedAndReported() throws IOException {
        store(manifest("\"" + url("/mirror/data.bin") + "\"", null, false), true, ProxySettings.none()).file("fake", "data.bin");
        Files.write(target(), new byte[10]);
        DataStore offline = store(manifest("\"" + url("/mirror/data.bin") + "\"", null, true), false, ProxySettings.none());
        DataUnavailableException e = assertThrows(DataUnavailableException.class, () -> offline.file("fake", "data.bin"));
        assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
        assertFalse(Files.exists(target()), "a corrupt copy is not left for anyone to use");
    }

    @Test
    void atomicWriteNeverShowsAPartialFile() throws Exception {
        // a writer that fails half way: the target must not appear
        Path t = cache.resolve("data/x/file");
        assertThrows(IOException.class, () -> CacheFiles.writeVerified(t, null, -1, "x", out -> {
            out.write(new byte[1000]);
            throw new IOException("disk on fire");
        }));
        assertFalse(Files.exists(t));
        assertNoTempFiles();
    }

    @Test
    void noProxyRules() {
        ProxySettings p = ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", "http://user:secret@proxy.example:3128",
                "NO_PROXY", ".internal.example, 10.0.0.0/8, localhost:8080, exact.example"));
        assertEquals("proxy.example", p.proxyFor(URI.create("https://huggingface.co/x")).host());
        assertEquals("user", p.proxyFor(URI.create("https://huggingface.co/x")).user());
        assertFalse(p.proxyFor(URI.create("https://huggingface.co/x")).toString().contains("secret"), "no password in messages");
        assertEquals(null, p.proxyFor(URI.create("https://a.internal.example/x")));
        assertEquals(null, p.proxyFor(URI.create("https://internal.example/x")));
        assertEquals(null, p.proxyFor(URI.create("https://10.1.2.3/x")));
        assertEquals(null, p.proxyFor(URI.create("https://exact.example/x")));
        assertEquals("proxy.example", p.proxyFor(URI.create("https://notexact.example/x")).host());
        assertEquals(null, p.proxyFor(URI.create("https://localhost:8080/x")));
        assertEquals("proxy.example", p.proxyFor(URI.create("https://localhost:9090/x")).host());
        assertEquals(null, p.proxyFor(URI.create("http://plain.example/x")), "http URLs use HTTP_PROXY, which is unset");
        assertEquals(null, ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", "p:1", "NO_PROXY", "*")).proxyFor(URI.create("https://x.org/")));
    }

    // ---- a forward proxy on loopback ------------------------------------------------------------

    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) ? state + 1 : (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            if (state == 4) {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** A minimal HTTP forward proxy: records each request line, forwards it, relays the answer. */
    static final class LoopbackProxy implements AutoCloseable {
        private final ServerSocket socket;
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private final String requiredAuthorization;

        LoopbackProxy() throws IOException {
            this(null);
        }

        /** A proxy that answers 407 unless the request carries {@code Proxy-Authorization: <requiredAuthorization>}. */
        LoopbackProxy(String requiredAuthorization) throws IOException {
            this.requiredAuthorization = requiredAuthorization;
            socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            thread = Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket client = socket.accept();
                        Thread.ofVirtual().start(() -> handle(client));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        List<String> requestLines() {
            return lines;
        }

        private void handle(Socket client) {
            try (client) {
                String head = readHead(client.getInputStream());
                String[] headLines = head.split("\r\n");
                String requestLine = headLines[0];
                if (requiredAuthorization != null && java.util.Arrays.stream(headLines)
                        .noneMatch(h -> h.equalsIgnoreCase("Proxy-Authorization: " + requiredAuthorization))) {
                    lines.add("407 for " + requestLine);
                    client.getOutputStream().write(("HTTP/1.1 407 Proxy Authentication Required\r\n"
                            + "Proxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    return;
                }
                lines.add(requestLine);
                if (requestLine.startsWith("CONNECT ")) {
                    client.getOutputStream().write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
                    return;
                }
                String[] parts = requestLine.split(" ");
                URI target = URI.create(parts[1]);
                try (Socket upstream = new Socket(target.getHost(), target.getPort())) {
                    StringBuilder forwarded = new StringBuilder(parts[0] + " " + target.getRawPath() + " HTTP/1.1\r\n");
                    for (int i = 1; i < headLines.length; i++) {
                        String h = headLines[i];
                        if (!h.isEmpty() && !h.toLowerCase().startsWith("proxy-") && !h.toLowerCase().startsWith("connection")) {
                            forwarded.append(h).append("\r\n");
                        }
                    }
                    forwarded.append("Connection: close\r\n\r\n");
                    upstream.getOutputStream().write(forwarded.toString().getBytes(StandardCharsets.ISO_8859_1));
                    upstream.getOutputStream().flush();
                    upstream.getInputStream().transferTo(client.getOutputStream());
                }
            } catch (IOException ignored) {
                // the client sees the failure
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            thread.interrupt();
        }
    }
}
