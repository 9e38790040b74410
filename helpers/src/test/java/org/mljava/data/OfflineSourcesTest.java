package org.mljava.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The setup step with fake {@code npm}, {@code apt-get} and {@code dpkg} on PATH that hand out
 * prepared packages: files are copied out, decompressed, checked and renamed into place; a file
 * with the wrong checksum is not kept and does not stop the others; a second run fetches nothing.
 */
class OfflineSourcesTest {

    @TempDir
    Path tmp;

    Path cache;
    Path bin;
    Path log;
    byte[] tgz;
    byte[] deb;

    static final byte[] ALPHA = "alpha data\n".getBytes(StandardCharsets.UTF_8);
    static final byte[] X1 = "x1\n".getBytes(StandardCharsets.UTF_8);
    static final byte[] X2 = "x2\n".getBytes(StandardCharsets.UTF_8);
    static final byte[] GAMMA = "gamma, decompressed\n".repeat(100).getBytes(StandardCharsets.UTF_8);

    @BeforeEach
    void fakes() throws IOException {
        cache = tmp.resolve("cache");
        bin = Files.createDirectories(tmp.resolve("bin"));
        log = tmp.resolve("calls.log");
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        OnlineSourcesTest.tarEntry(t, "package/data/a.txt", ALPHA, '0');
        OnlineSourcesTest.tarEntry(t, "package/folder/x1", X1, '0');
        OnlineSourcesTest.tarEntry(t, "package/folder/x2", X2, '0');
        OnlineSourcesTest.tarEntry(t, "package/folder/skip.me", "no".getBytes(StandardCharsets.UTF_8), '0');
        OnlineSourcesTest.tarEntry(t, "package/data/broken.txt", "not what the manifest pins".getBytes(StandardCharsets.UTF_8), '0');
        t.write(new byte[1024]);
        tgz = DownloadTest.gzip(t.toByteArray());
        Files.write(tmp.resolve("fake.tgz"), tgz);
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        OnlineSourcesTest.tarEntry(d, "usr/share/fake/g.txt.gz", DownloadTest.gzip(GAMMA), '0');
        d.write(new byte[1024]);
        deb = d.toByteArray();
        Files.write(tmp.resolve("fake.deb"), deb);
        script("npm", "echo \"npm $*\" >> '" + log + "'; cp '" + tmp.resolve("fake.tgz") + "' ./fake-package-1.0.0.tgz");
        script("apt-get", "echo \"apt-get $*\" >> '" + log + "'; cp '" + tmp.resolve("fake.deb") + "' ./fakedeb_1.0_all.deb");
        script("dpkg", "echo \"dpkg $*\" >> '" + log + "'; mkdir -p \"$3\" && tar -xf \"$2\" -C \"$3\"");
    }

    private void script(String name, String body) throws IOException {
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Manifest manifest() {
        String dirListing = CacheFiles.sha256(X1) + "  x1\n" + CacheFiles.sha256(X2) + "  x2\n";
        return Manifest.parse("""
                {"packages": {
                   "npm:fake": {"type": "npm", "name": "fake-package", "version": "1.0.0", "sha256": "%s"},
                   "deb:fake": {"type": "deb", "name": "fakedeb", "version": "1.0", "sha256": "%s"}},
                 "datasets": {
                   "alpha": {"title": "Alpha", "files": [{"name": "a.txt", "size": %d, "sha256": "%s",
                              "offline": {"package": "npm:fake", "path": "package/data/a.txt"}}]},
                   "beta": {"title": "Beta", "files": [{"name": "folder", "directory": true, "count": 2, "sha256": "%s",
                              "offline": {"package": "npm:fake", "path": "package/folder/", "include": "^x[0-9]$"}}]},
                   "broken": {"title": "Broken", "files": [{"name": "broken.txt", "sha256": "%s",
                              "offline": {"package": "npm:fake", "path": "package/data/broken.txt"}}]},
                   "gamma": {"title": "Gamma", "files": [{"name": "g.txt", "size": %d, "sha256": "%s",
                              "offline": {"package": "deb:fake", "path": "usr/share/fake/g.txt.gz", "compression": "gzip"}}]}}}
                """.formatted(CacheFiles.sha256(tgz), CacheFiles.sha256(deb), ALPHA.length, CacheFiles.sha256(ALPHA),
                CacheFiles.sha256(dirListing.getBytes(StandardCharsets.UTF_8)), "0".repeat(64), GAMMA.length, CacheFiles.sha256(GAMMA)));
    }

    private List<String> run(DataStore store, List<String> ids, ByteArrayOutputStream output) {
        OfflineSources sources = new OfflineSources(store, new PrintStream(output, true, StandardCharsets.UTF_8),
                Map.of("PATH", bin + ":" + System.getenv("PATH")));
        return sources.run(ids, false);
    }

    @Test
    void fetchesChecksAndIsIdempotent() throws IOException {
        DataStore store = new DataStore(cache, manifest(), false, null, null, null);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        List<String> failed = run(store, List.of(), output);
        String text = output.toString(StandardCharsets.UTF_8);
        assertEquals(List.of("broken"), failed, text);
        assertTrue(text.contains("FAILED broken/broken.txt") && text.contains("SHA-256"), text);

        assertEquals("alpha data\n", Files.readString(store.file("alpha", "a.txt")));
        Path folder = store.file("beta", "folder");
        assertTrue(Files.isDirectory(folder));
        assertEquals(List.of("x1", "x2"), Files.list(folder).map(p -> p.getFileName().toString()).sorted().toList());
        assertEquals(new String(GAMMA, StandardCharsets.UTF_8), Files.readString(store.file("gamma", "g.txt")), "decompressed from .gz");
        assertFalse(Files.exists(cache.resolve("data/broken/broken.txt")), "a file with the wrong checksum is not kept");
        try (Stream<Path> all = Files.walk(cache)) {
            assertTrue(all.noneMatch(p -> p.toString().contains(".part-")), "no temp files");
        }
        try (Stream<Path> work = Files.list(cache.resolve("packages"))) {
            assertEquals(0, work.count(), "downloaded packages are removed after use");
        }
        List<String> calls = Files.readAllLines(log);
        assertEquals(1, calls.stream().filter(c -> c.startsWith("npm pack")).count(), "one npm pack per package: " + calls);
        assertTrue(calls.contains("apt-get download fakedeb=1.0"), calls.toString());

        // second run: everything in place, nothing fetched
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        assertEquals(List.of(), run(store, List.of("alpha", "beta", "gamma"), again));
        assertEquals(calls, Files.readAllLines(log), "no package client was called again");
        assertTrue(again.toString(StandardCharsets.UTF_8).contains("3 files already cached and verified"), again.toString());

        // a truncated cached file is noticed and fetched again
        Files.write(store.location("alpha", "a.txt"), new byte[3]);
        assertEquals(List.of(), run(store, List.of("alpha"), new ByteArrayOutputStream()));
        assertEquals("alpha data\n", Files.readString(store.location("alpha", "a.txt")));
    }

    @Test
    void checkModeListsWhatIsMissingAndFetchesNothing() throws IOException {
        DataStore store = new DataStore(cache, manifest(), false, null, null, null);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        List<String> failed = new OfflineSources(store, new PrintStream(output, true, StandardCharsets.UTF_8),
                Map.of("PATH", bin + ":" + System.getenv("PATH"))).run(List.of("gamma"), true);
        assertEquals(List.of("gamma"), failed);
        assertTrue(output.toString(StandardCharsets.UTF_8).contains("missing: gamma/g.txt"), output.toString());
        assertFalse(Files.exists(log), "no package client was called");
    }

    @Test
    void aPackageThatCannotBeFetchedIsReportedAndTheRunGoesOn() {
        script0("npm", "echo 'npm ERR! 404 Not Found - fake-package' >&2; exit 1");
        DataStore store = new DataStore(cache, manifest(), false, null, null, null);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        List<String> failed = run(store, List.of(), output);
        String text = output.toString(StandardCharsets.UTF_8);
        assertEquals(List.of("alpha", "beta", "broken"), failed, text);
        assertTrue(text.contains("npm pack fake-package@1.0.0 failed: npm ERR! 404 Not Found"), text);
        assertTrue(Files.exists(store.location("gamma", "g.txt")), "the other package was still fetched");
    }

    private void script0(String name, String body) {
        try {
            script(name, body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
