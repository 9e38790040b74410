package org.mljava.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mljava.kernel.MavenCoordinate;

/**
 * PrefetchPyTorch's logic that needs no network and no native library: its arguments, which jars go
 * on DJL's class path, where DJL's CUDA build and its JNI glue live, the record the kernel launcher
 * reads, and what the real pytorch-engine and pytorch-jni jars (the versions pom.xml pins) contain.
 */
class PrefetchPyTorchTest {

    @TempDir
    Path tmp;

    // ---- arguments ----------------------------------------------------------------------------

    @Test
    void parsesFlavourRecordAndCoordinates() {
        PrefetchPyTorch.Request r = PrefetchPyTorch.Request.parse("cu128", "/tmp/rec.env",
                "ai.djl.pytorch:pytorch-engine:0.36.0", "ai.djl.pytorch:pytorch-native-cpu:jar:linux-x86_64:2.7.1");
        assertEquals("cu128", r.flavor());
        assertEquals(Path.of("/tmp/rec.env"), r.record());
        assertEquals(List.of(new MavenCoordinate("ai.djl.pytorch", "pytorch-engine", "jar", "", "0.36.0"),
                new MavenCoordinate("ai.djl.pytorch", "pytorch-native-cpu", "jar", "linux-x86_64", "2.7.1")), r.coordinates());
        assertTrue(r.cuda());
        assertFalse(PrefetchPyTorch.Request.parse("cpu", "r", "a:b:1").cuda());
    }

    @Test
    void rejectsWrongArguments() {
        IllegalArgumentException tooFew = assertThrows(IllegalArgumentException.class,
                () -> PrefetchPyTorch.Request.parse("cpu", "record"));
        assertTrue(tooFew.getMessage().contains("at least one coordinate"), tooFew.getMessage());
        for (String flavor : new String[] {"gpu", "cu12", "cu1280", "CPU", "cu12a"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PrefetchPyTorch.Request.parse(flavor, "record", "a:b:1"), flavor);
            assertTrue(e.getMessage().contains("'" + flavor + "'"), e.getMessage());
        }
        IllegalArgumentException coordinate = assertThrows(IllegalArgumentException.class,
                () -> PrefetchPyTorch.Request.parse("cpu", "record", "not-a-coordinate"));
        assertTrue(coordinate.getMessage().contains("not-a-coordinate"), coordinate.getMessage());
    }

    @Test
    void theCudaBuildLeavesNativeJarsOffDjlsClassPath() {
        PrefetchPyTorch.Request cuda = PrefetchPyTorch.Request.parse("cu128", "r", "a:b:1");
        assertFalse(cuda.keeps("pytorch-native-cpu"));
        assertFalse(cuda.keeps("pytorch-native-cu124"));
        assertTrue(cuda.keeps("pytorch-engine"));
        assertTrue(cuda.keeps("pytorch-jni"));
        assertTrue(cuda.keeps("slf4j-simple"));
        PrefetchPyTorch.Request cpu = PrefetchPyTorch.Request.parse("cpu", "r", "a:b:1");
        assertTrue(cpu.keeps("pytorch-native-cpu"), "the CPU build is the native jar");
    }

    // ---- where DJL puts things ----------------------------------------------------------------

    @Test
    void namesDjlsPlatformFolderAndFiles() {
        assertEquals("linux-x86_64", PrefetchPyTorch.classifier("amd64"));
        assertEquals("linux-aarch64", PrefetchPyTorch.classifier("aarch64"));
        assertEquals(Path.of("/c/pytorch/2.7.1-cu128-linux-x86_64"),
                PrefetchPyTorch.cudaBuildDir(Path.of("/c/pytorch"), "2.7.1", "cu128", "linux-x86_64"));
        assertEquals("jnilib/linux-x86_64/cu128/libdjl_torch.so", PrefetchPyTorch.jniResource("linux-x86_64", "cu128"));
    }

    @Test
    void writesTheRecordTheLauncherReads() throws IOException {
        Path record = tmp.resolve("state/pytorch-cuda.env");
        Files.createDirectories(record.getParent());
        Files.writeString(record, "PYTORCH_FLAVOR=cu118\nstale\n");
        PrefetchPyTorch.writeRecord(record, Path.of("/cache/pytorch/2.7.1-cu128-linux-x86_64"), "cu128", "2.7.1");
        assertEquals(List.of("PYTORCH_LIBRARY_PATH=/cache/pytorch/2.7.1-cu128-linux-x86_64", "PYTORCH_FLAVOR=cu128",
                "PYTORCH_VERSION=2.7.1"), Files.readAllLines(record), "replaced, not appended");
        try (Stream<Path> files = Files.list(record.getParent())) {
            assertEquals(List.of(record), files.toList(), "no temp file left");
        }
        // a record in a folder that is not there yet (a fresh cache)
        Path fresh = tmp.resolve("new/cache/pytorch-cuda.env");
        PrefetchPyTorch.writeRecord(fresh, Path.of("/x"), "cu128", "2.7.1");
        assertTrue(Files.readString(fresh).startsWith("PYTORCH_LIBRARY_PATH=/x\n"));
    }

    @Test
    void namesTheCudaBuildsDjlsIndexOffers() throws IOException {
        Path index = tmp.resolve("2.7.1.txt");
        Files.writeString(index, """
                cpu/linux-x86_64/native/lib/libtorch.so.gz
                cu128/linux-x86_64/native/lib/libtorch_cuda.so.gz
                cu126/linux-x86_64/native/lib/libtorch.so.gz
                cu128/win-x86_64/native/lib/torch.dll.gz
                cu118/linux-aarch64/native/lib/libtorch.so.gz
                """);
        assertEquals("; DJL lists these CUDA builds: cu126, cu128", PrefetchPyTorch.offered(index));
        Files.writeString(index, "cpu/linux-x86_64/native/lib/libtorch.so.gz\n");
        assertEquals("; DJL lists no CUDA build for Linux x86_64", PrefetchPyTorch.offered(index));
        assertEquals("", PrefetchPyTorch.offered(tmp.resolve("missing.txt")));
    }

    @Test
    void describesAnExceptionWithItsCauses() {
        Exception e = new IllegalStateException("outer", new IOException("middle", new UnsatisfiedLinkError("libcuda.so.1")));
        assertEquals("IllegalStateException: outer <- IOException: middle <- UnsatisfiedLinkError: libcuda.so.1",
                PrefetchPyTorch.describe(e));
        assertEquals("unknown error", PrefetchPyTorch.describe(null));
    }

    // ---- the real jars that pom.xml pins ------------------------------------------------------

    @Test
    void theEngineJarDeclaresThePinnedVersions() throws Exception {
        assertNotNull(System.getProperty("expected.pytorch.version"), "surefire passes the pom's versions");
        PrefetchPyTorch.EngineVersions v = PrefetchPyTorch.EngineVersions.of(PrefetchPyTorchTest.class.getClassLoader());
        assertEquals(System.getProperty("expected.pytorch.version"), v.pytorch());
        assertEquals(System.getProperty("expected.djl.version"), v.djl());

        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            PrefetchPyTorch.Failure f = assertThrows(PrefetchPyTorch.Failure.class, () -> PrefetchPyTorch.EngineVersions.of(empty));
            assertEquals("pytorch-engine is not among the resolved jars", f.getMessage());
        }
    }

    @Test
    void unpacksTheCu128JniLibraryFromTheRealJniJarUnderDjlsName() throws Exception {
        PrefetchPyTorch.EngineVersions v = new PrefetchPyTorch.EngineVersions(
                System.getProperty("expected.pytorch.version"), System.getProperty("expected.djl.version"));
        Path dir = Files.createDirectories(tmp.resolve("2.7.1-cu128-linux-x86_64"));
        ClassLoader loader = PrefetchPyTorchTest.class.getClassLoader();
        Path jni = PrefetchPyTorch.unpackJni(loader, v, "cu128", "linux-x86_64", dir);
        assertEquals(dir.resolve(v.djl() + "-libdjl_torch.so"), jni);

        // the same bytes as the jar's entry, read here with ZipFile
        URL where = loader.getResource("jnilib/linux-x86_64/cu128/libdjl_torch.so");
        assertNotNull(where, "pytorch-jni carries the cu128 JNI library");
        String jar = where.getPath().substring("file:".length(), where.getPath().indexOf("!/"));
        try (ZipFile zip = new ZipFile(jar); InputStream in = zip.getInputStream(zip.getEntry("jnilib/linux-x86_64/cu128/libdjl_torch.so"))) {
            assertArrayEquals(in.readAllBytes(), Files.readAllBytes(jni));
        }
        assertTrue(jar.contains("pytorch-jni-" + v.pytorch() + "-" + v.djl()), jar);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(jni), files.toList(), "no temp file left");
        }

        // already there: kept as it is
        Files.writeString(jni, "kept");
        PrefetchPyTorch.unpackJni(loader, v, "cu128", "linux-x86_64", dir);
        assertEquals("kept", Files.readString(jni, StandardCharsets.UTF_8));

        // a flavour the jar does not carry
        PrefetchPyTorch.Failure f = assertThrows(PrefetchPyTorch.Failure.class,
                () -> PrefetchPyTorch.unpackJni(loader, v, "cu999", "linux-x86_64", Files.createDirectories(tmp.resolve("other"))));
        assertEquals("pytorch-jni " + v.pytorch() + "-" + v.djl() + " has no JNI library for cu999", f.getMessage());
    }

    @Test
    void usageErrorsExitWith64() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                PrefetchPyTorch.class.getName(), "gpu", "record", "a:b:1").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(64, p.waitFor(), output);
        assertTrue(output.contains(PrefetchPyTorch.USAGE), output);
    }
}
