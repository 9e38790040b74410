package org.mljava.models;

import org.mljava.data.cache.DownloadTest;
import org.mljava.net.ProxySettings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mljava.data.cache.CacheFiles;
import org.mljava.data.cache.ChecksumException;
import org.mljava.data.cache.Downloader;
import org.mljava.data.DataUnavailableException;

/** Hub downloads against a fake hub on loopback that answers like the real one (HEAD headers, LFS redirect). */
class HuggingFaceHubTest {

    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    static final byte[] CONFIG = "{\"model_type\": \"gpt2\"}\n".getBytes(StandardCharsets.UTF_8);
    /** {@code printf '{"model_type": "gpt2"}\n' | git hash-object --stdin}: pinned, not computed by the code under test. */
    static final String CONFIG_GIT_BLOB = "3914be8a017af6f2a58402c37134858a1cce9b22";
    static final byte[] WEIGHTS = DownloadTest.randomBytes(300_000, 7);

    @TempDir
    Path hubCache;

    HttpServer server;
    URI endpoint;
    final List<String> requests = new CopyOnWriteArrayList<>();
    volatile String authorization;
    volatile boolean corruptWeights;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.start();
        endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void serve(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        requests.add(ex.getRequestMethod() + " " + path);
        if (ex.getRequestHeaders().getFirst("Authorization") != null) {
            authorization = ex.getRequestHeaders().getFirst("Authorization");
        }
        boolean head = ex.getRequestMethod().equals("HEAD");
        String prefix = "/org/tiny-model/resolve/";
        if (path.startsWith(prefix)) {
            String rest = path.substring(prefix.length());
            String revision = rest.substring(0, rest.indexOf('/'));
            String file = rest.substring(rest.indexOf('/') + 1);
            if (!revision.equals("main") && !revision.equals(COMMIT)) {
                reply(ex, 404, new byte[0], head);
                return;
            }
            ex.getResponseHeaders().add("X-Repo-Commit", COMMIT);
            switch (file) {
                case "config.json" -> { // a small git file: the ETag is its git blob id
                    ex.getResponseHeaders().add("ETag", "\"" + CONFIG_GIT_BLOB + "\"");
                    reply(ex, 200, CONFIG, head);
                }
                case "model.safetensors" -> { // an LFS file: redirect to the CDN, X-Linked-Etag is its SHA-256
                    ex.getResponseHeaders().add("X-Linked-Etag", "\"" + CacheFiles.sha256(WEIGHTS) + "\"");
                    ex.getResponseHeaders().add("X-Linked-Size", Integer.toString(WEIGHTS.length));
                    ex.getResponseHeaders().add("Location", "/cdn/blob-weights");
                    reply(ex, 302, new byte[0], head);
                }
                default -> reply(ex, 404, new byte[0], head);
            }
            return;
        }
        if (path.equals("/cdn/blob-weights")) {
            byte[] body = WEIGHTS.clone();
            if (corruptWeights) {
                body[1] ^= 1;
            }
            reply(ex, 200, body, head);
            return;
        }
        reply(ex, 404, new byte[0], head);
    }

    private static void reply(HttpExchange ex, int status, byte[] body, boolean head) throws IOException {
        if (head) {
            if (body.length > 0) {
                ex.getResponseHeaders().add("Content-Length", Integer.toString(body.length));
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    HuggingFaceHub hub(boolean online, String token) {
        return new HuggingFaceHub(endpoint, hubCache, online, new Downloader(ProxySettings.none(), Duration.ofSeconds(2), Duration.ofSeconds(2), null), token);
    }

    @Test
    void gitBlobIdIsGitsHashObject() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("config", ".json");
        try {
            java.nio.file.Files.write(file, CONFIG);
            assertEquals(CONFIG_GIT_BLOB, HuggingFaceHub.gitBlobSha1(file));
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void resolveUrlHasThePinnedRevision() {
        HuggingFaceHub hub = hub(true, null);
        assertEquals(endpoint + "org/tiny-model/resolve/" + COMMIT + "/config.json",
                hub.resolveUrl(HuggingFaceHub.RepoType.MODEL, "org/tiny-model", COMMIT, "config.json").toString());
        assertEquals(endpoint + "datasets/dair-ai/emotion/resolve/main/data/train.parquet",
                hub.resolveUrl(HuggingFaceHub.RepoType.DATASET, "dair-ai/emotion", "main", "data/train.parquet").toString());
    }

    @Test
    void pinnedDownloadGoesToTheHubCacheLayoutAndIsCheckedByGitBlobId() throws IOException {
        Path config = hub(true, "hf_secret").download(HuggingFaceHub.RepoType.MODEL, "org/tiny-model", COMMIT, "config.json", null);
        assertEquals(hubCache.resolve("models--org--tiny-model/snapshots/" + COMMIT + "/config.json"), config);
        assertArrayEquals(CONFIG, Files.readAllBytes(config));
        assertEquals("Bearer hf_secret", authorization);
        // pinned and cached: no request at all the second time
        int before = requests.size();
        hub(true, null).download(HuggingFaceHub.RepoType.MODEL, "org/tiny-model", COMMIT, "config.json", null);
        assertEquals(before, requests.size());
    }

    @Test
    void lfsFileFollowsTheRedirectAndIsCheckedBySha256() throws IOException {
        Path weights = hub(true, null).download(HuggingFaceHub.RepoType.MODEL, "org/tiny-model", "main", "model.safetensors", null);
        assertArrayEquals(WEIGHTS, Files.readAllBytes(weights));
        assertTrue(requests.contains("GET /cdn/blob-weights"));
        // the branch was recorded as the commit it resolved to (refs/main), like the hub's own cache
        assertEquals(COMMIT, Files.readString(hubCache.resolve("models--org--tiny-model/refs/main")).trim());
    }

    @Test
    void corruptLfsDownloadIsRejected() {
        corruptWeights = true;
        ChecksumException e = assertThrows(ChecksumException.class,
                () -> hub(true, null).download(HuggingFaceHub.RepoType.MODEL, "org/tiny-model", COMMIT, "model.safetensors", null));
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
        assertTrue(Files.notExists(hubCache.resolve("models--org--tiny-model/snapshots/" + COMMIT + "/model.safetensors")));
    }

    @Test
    void offlineUsesTheCacheByBranchOrCommitAndOtherwiseSaysWhatIsMissing() throws IOException {
        hub(true, null).download(HuggingFaceHub.RepoType.MODEL, "org/tiny-model", "main", "config.json", null);
        server.stop(0);
        HuggingFaceHub offline = hub(false, null);
        assertArrayEquals(CONFIG, Files.readAllBytes(offline.download(HuggingFaceHub.RepoType.MODEL, "org/tiny-model", "main", "config.json", null)));
        assertArrayEquals(CONFIG, Files.readAllBytes(offline.download(HuggingFaceHub.RepoType.MODEL, "org/tiny-model", COMMIT, "config.json", null)));
        DataUnavailableException e = assertThrows(DataUnavailableException.class,
                () -> offline.download(HuggingFaceHub.RepoType.MODEL, "org/tiny-model", COMMIT, "model.safetensors", null));
        assertTrue(e.getMessage().contains("org/tiny-model/model.safetensors"), e.getMessage());
    }

    @Test
    void unknownRevisionIsAClearError() {
        DataUnavailableException e = assertThrows(DataUnavailableException.class,
                () -> hub(true, null).download(HuggingFaceHub.RepoType.MODEL, "org/tiny-model", "v9", "config.json", null));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }
}
