package org.mljava.tools;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.mljava.kernel.DependencyResolver;
import org.mljava.kernel.MavenCoordinate;
import org.mljava.net.ProxySettings;

/**
 * Puts DJL's PyTorch native library into DJL's cache (~/.djl.ai/pytorch) the way DJL itself does at
 * first use, so that notebooks find it in place and work offline. Setup runs it (step "PyTorch
 * natives", {@code warm_pytorch_natives} in environment/common.sh):
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp tools/target/mljava-tools-&lt;version&gt;.jar org.mljava.tools.PrefetchPyTorch FLAVOR RECORD COORDINATE...</pre>
 *
 * <ul>
 * <li>FLAVOR {@code cpu}: the CPU build from Maven Central (pytorch-native-cpu, one of the
 * COORDINATES) is unpacked by DJL; RECORD is removed.
 * <li>FLAVOR {@code cuXXX}: DJL's CUDA build (cu128 for PyTorch 2.7.1), which is not on Maven
 * Central: with PYTORCH_FLAVOR set and no pytorch-native-* jar on the class path, DJL downloads it
 * from its own site into its cache. RECORD then receives the three settings with which the kernel
 * launcher points DJL at it when a GPU is visible (PYTORCH_LIBRARY_PATH, PYTORCH_FLAVOR,
 * PYTORCH_VERSION; see environment/kernel/launch.sh).
 * </ul>
 *
 * The coordinates (from pom.xml) are resolved with the kernel's own resolver (~/.m2, settings.xml,
 * proxy variables); DJL runs in a class loader of its own, and its downloads go through the
 * HTTPS_PROXY/HTTP_PROXY/NO_PROXY settings (the project's netconfig module), credentials never
 * printed. Exit 0 when the build is in place, 1 otherwise (with the reason), 64 for wrong arguments.
 */
public final class PrefetchPyTorch {

    static final String USAGE = "usage: PrefetchPyTorch cpu|cuXXX RECORD-FILE COORDINATE...";

    private PrefetchPyTorch() {
    }

    /** A reason to stop: printed, exit status 1. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    /** What to fetch: the flavour, the record file for the kernel launcher and the coordinates to resolve. */
    record Request(String flavor, Path record, List<MavenCoordinate> coordinates) {

        /** Parses the command line; an {@link IllegalArgumentException} says what is wrong. */
        static Request parse(String... args) {
            if (args.length < 3) {
                throw new IllegalArgumentException("a flavour, a record file and at least one coordinate are needed");
            }
            if (!args[0].matches("cpu|cu\\d{3}")) {
                throw new IllegalArgumentException("the flavour is '" + args[0] + "'; it is cpu or cu followed by three digits, such as cu128");
            }
            List<MavenCoordinate> coordinates = new ArrayList<>();
            for (int i = 2; i < args.length; i++) {
                coordinates.add(MavenCoordinate.parse(args[i]));
            }
            return new Request(args[0], Path.of(args[1]), List.copyOf(coordinates));
        }

        boolean cuda() {
            return flavor.startsWith("cu");
        }

        /** Whether a resolved jar goes on DJL's class path: with a native jar there, DJL would use it, not the CUDA build. */
        boolean keeps(String artifactId) {
            return !(cuda() && artifactId.startsWith("pytorch-native-"));
        }
    }

    /** The versions that the pytorch-engine jar declares (its pytorch-engine.properties). */
    record EngineVersions(String pytorch, String djl) {

        static EngineVersions of(ClassLoader loader) throws IOException, Failure {
            Properties props = new Properties();
            try (InputStream in = loader.getResourceAsStream("pytorch-engine.properties")) {
                if (in == null) {
                    throw new Failure("pytorch-engine is not among the resolved jars");
                }
                props.load(in);
            }
            String pytorch = props.getProperty("pytorch_version");
            String djl = props.getProperty("djl_version");
            if (pytorch == null || djl == null) {
                throw new Failure("pytorch-engine.properties names no pytorch_version or djl_version");
            }
            return new EngineVersions(pytorch, djl);
        }
    }

    public static void main(String[] args) throws IOException {
        Request request;
        try {
            request = Request.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("PrefetchPyTorch: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(64);
            return;
        }
        try {
            fetch(request);
        } catch (Failure e) {
            System.err.println("PrefetchPyTorch: " + e.getMessage());
            System.exit(1);
        }
    }

    static void fetch(Request request) throws IOException, Failure {
        ProxySettings proxy = ProxySettings.fromEnvironment(System.getenv());
        proxy.applyToSystemProperties(); // DJL downloads with java.net.URL, which reads these
        if (proxy.https().isPresent() || proxy.http().isPresent()) {
            System.out.println("  downloads go through " + proxy); // host:port only, never credentials
        }

        List<URL> classPath = new ArrayList<>();
        try {
            for (DependencyResolver.ResolvedJar jar : DependencyResolver.forCurrentUser().resolve(request.coordinates())) {
                if (request.keeps(jar.artifactId())) {
                    classPath.add(jar.file().toUri().toURL());
                }
            }
        } catch (DependencyResolver.ResolutionFailedException e) {
            throw new Failure(e.getMessage());
        }

        if (request.cuda()) {
            System.setProperty("PYTORCH_FLAVOR", request.flavor()); // DJL reads the variable or this property
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl.pytorch.jni.LibUtils", "info"); // what DJL downloads
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        URLClassLoader djl = new URLClassLoader(classPath.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(djl); // DJL finds engines and resources through it

        EngineVersions versions = EngineVersions.of(djl);
        Path cacheDir;
        try {
            cacheDir = (Path) djl.loadClass("ai.djl.util.Utils").getMethod("getEngineCacheDir", String.class).invoke(null, "pytorch");
        } catch (ReflectiveOperationException e) {
            throw new Failure("DJL's engine cache folder is unknown: " + describe(e));
        }

        String loaded = null;
        Throwable loadError = null;
        try {
            Class<?> engineClass = djl.loadClass("ai.djl.engine.Engine");
            Object engine = engineClass.getMethod("getEngine", String.class).invoke(null, "PyTorch");
            String version = (String) engineClass.getMethod("getVersion").invoke(engine);
            int gpus = (Integer) engineClass.getMethod("getGpuCount").invoke(engine);
            loaded = (String) djl.loadClass("ai.djl.pytorch.jni.LibUtils").getMethod("getLibtorchPath").invoke(null);
            System.out.println("  PyTorch " + version + " loaded from " + loaded + " (GPUs visible now: " + gpus + ")");
        } catch (InvocationTargetException e) {
            loadError = e.getCause();
        } catch (ReflectiveOperationException | LinkageError e) {
            loadError = e;
        }

        if (!request.cuda()) {
            if (loaded == null) {
                throw new Failure("DJL could not load its CPU build of PyTorch: " + describe(loadError));
            }
            Files.deleteIfExists(request.record());
            return;
        }

        // The CUDA build: loading it needs no GPU (the CUDA libraries open the driver lazily), but
        // whatever happens, the files are what counts.
        String classifier = classifier(System.getProperty("os.arch"));
        Path dir = cudaBuildDir(cacheDir, versions.pytorch(), request.flavor(), classifier);
        if (!Files.isRegularFile(dir.resolve("libtorch.so"))) {
            throw new Failure("DJL did not fetch a " + request.flavor() + " build of PyTorch " + versions.pytorch()
                    + (loaded != null ? " (it loaded " + loaded + " instead)" : "")
                    + (loadError != null ? ": " + describe(loadError) : "")
                    + offered(cacheDir.resolve(versions.pytorch() + ".txt")));
        }
        if (loaded == null) {
            System.out.println("  note: the " + request.flavor() + " build is in place but could not be loaded on this machine ("
                    + describe(loadError) + "); it is loaded where a GPU driver is present");
        }
        // DJL's JNI glue for that build ships in pytorch-jni (Maven Central); DJL unpacks it next to
        // the library when it loads it. Unpack it here too, so a GPU machine needs nothing online.
        unpackJni(djl, versions, request.flavor(), classifier, dir);
        writeRecord(request.record(), dir, request.flavor(), versions.pytorch());
        System.out.printf("  %s build of PyTorch %s in %s (%.1f GB)%n", request.flavor(), versions.pytorch(), dir, sizeOfFiles(dir) / 1e9);
    }

    /** DJL's platform name for this machine's architecture ({@code os.arch}): linux-x86_64 for amd64. */
    static String classifier(String osArch) {
        return "linux-" + ("amd64".equals(osArch) ? "x86_64" : osArch);
    }

    /** Where DJL keeps a downloaded build: {@code <cache>/<pytorch version>-<flavour>-<classifier>}. */
    static Path cudaBuildDir(Path cacheDir, String pytorchVersion, String flavor, String classifier) {
        return cacheDir.resolve(pytorchVersion + "-" + flavor + "-" + classifier);
    }

    /** The JNI library's resource in pytorch-jni, e.g. jnilib/linux-x86_64/cu128/libdjl_torch.so. */
    static String jniResource(String classifier, String flavor) {
        return "jnilib/" + classifier + "/" + flavor + "/libdjl_torch.so";
    }

    /** Copies the JNI library for the flavour out of pytorch-jni into the build's folder, under the name DJL gives it; kept when there. */
    static Path unpackJni(ClassLoader loader, EngineVersions versions, String flavor, String classifier, Path dir) throws IOException, Failure {
        Path jni = dir.resolve(versions.djl() + "-libdjl_torch.so");
        if (Files.exists(jni)) {
            return jni;
        }
        try (InputStream in = loader.getResourceAsStream(jniResource(classifier, flavor))) {
            if (in == null) {
                throw new Failure("pytorch-jni " + versions.pytorch() + "-" + versions.djl() + " has no JNI library for " + flavor);
            }
            Path tmp = Files.createTempFile(dir, "jni", ".tmp");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, jni, StandardCopyOption.ATOMIC_MOVE);
        }
        return jni;
    }

    /** The lines the kernel launcher reads (KEY=VALUE, see environment/kernel/launch.sh). */
    static String recordText(Path buildDir, String flavor, String pytorchVersion) {
        return "PYTORCH_LIBRARY_PATH=" + buildDir.toAbsolutePath() + "\nPYTORCH_FLAVOR=" + flavor
                + "\nPYTORCH_VERSION=" + pytorchVersion + "\n";
    }

    /** Writes the record (through a temporary file and a rename). */
    static void writeRecord(Path record, Path buildDir, String flavor, String pytorchVersion) throws IOException {
        LauncherRecord.write(record, recordText(buildDir, flavor, pytorchVersion));
    }

    static long sizeOfFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** The CUDA flavours DJL's index (saved next to its cache) lists, to name them in an error. */
    static String offered(Path index) {
        if (!Files.isRegularFile(index)) {
            return "";
        }
        TreeSet<String> flavors = new TreeSet<>();
        Pattern cu = Pattern.compile("^(cu\\d{3})/linux-x86_64/.*");
        try {
            for (String line : Files.readAllLines(index)) {
                Matcher m = cu.matcher(line);
                if (m.matches()) {
                    flavors.add(m.group(1));
                }
            }
        } catch (IOException e) {
            return "";
        }
        return flavors.isEmpty() ? "; DJL lists no CUDA build for Linux x86_64" : "; DJL lists these CUDA builds: " + String.join(", ", flavors);
    }

    /** An exception and its causes on one line. */
    static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        StringBuilder text = new StringBuilder(t.getClass().getSimpleName() + ": " + t.getMessage());
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            text.append(" <- ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
        }
        return text.toString();
    }
}
