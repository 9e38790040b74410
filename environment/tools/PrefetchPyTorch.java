/*
 * Puts DJL's PyTorch native library into DJL's cache (~/.djl.ai/pytorch) the way DJL itself does at
 * first use, so that notebooks find it in place and work offline. environment/setup.sh runs it
 * (step "PyTorch natives"); it is a single-file program run by the JDK's source launcher:
 *
 *   java -cp mljava-kernel.jar:mljava-netconfig.jar environment/tools/PrefetchPyTorch.java FLAVOR RECORD COORDINATE...
 *
 *   FLAVOR cpu     the CPU build from Maven Central (pytorch-native-cpu, one of the COORDINATES) is
 *                  unpacked by DJL; RECORD is removed.
 *   FLAVOR cuXXX   DJL's CUDA build (cu128 for PyTorch 2.7.1), which is not on Maven Central: with
 *                  PYTORCH_FLAVOR set and no pytorch-native-* jar on the class path, DJL downloads it
 *                  from its own site into its cache. RECORD then receives the three settings with
 *                  which the kernel launcher points DJL at it when a GPU is visible
 *                  (PYTORCH_LIBRARY_PATH, PYTORCH_FLAVOR, PYTORCH_VERSION; see environment/kernel/launch.sh).
 *
 * The coordinates (from pom.xml) are resolved with the kernel's own resolver (~/.m2, settings.xml,
 * proxy variables); DJL runs in a class loader of its own, and its downloads go through the
 * HTTPS_PROXY/HTTP_PROXY/NO_PROXY settings (the project's netconfig module), credentials never printed. Exit 0 when the build is in
 * place, 1 otherwise (with the reason).
 */

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
import org.mljava.kernel.DependencyResolver;
import org.mljava.kernel.MavenCoordinate;
import org.mljava.net.ProxySettings;

public class PrefetchPyTorch {

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || !args[0].matches("cpu|cu\\d{3}")) {
            System.err.println("usage: PrefetchPyTorch.java cpu|cuXXX RECORD-FILE COORDINATE...");
            System.exit(64);
        }
        String flavor = args[0];
        Path record = Path.of(args[1]);
        boolean cuda = flavor.startsWith("cu");

        ProxySettings proxy = ProxySettings.fromEnvironment(System.getenv());
        proxy.applyToSystemProperties(); // DJL downloads with java.net.URL, which reads these
        if (proxy.https().isPresent() || proxy.http().isPresent()) {
            System.out.println("  downloads go through " + proxy); // host:port only, never credentials
        }

        List<MavenCoordinate> coordinates = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            coordinates.add(MavenCoordinate.parse(args[i]));
        }
        List<URL> classPath = new ArrayList<>();
        for (DependencyResolver.ResolvedJar jar : DependencyResolver.forCurrentUser().resolve(coordinates)) {
            if (cuda && jar.artifactId().startsWith("pytorch-native-")) {
                continue; // with a native jar on the class path DJL would use it, not the CUDA build
            }
            classPath.add(jar.file().toUri().toURL());
        }

        if (cuda) {
            System.setProperty("PYTORCH_FLAVOR", flavor); // DJL reads the variable or this property
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl.pytorch.jni.LibUtils", "info"); // what DJL downloads
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        URLClassLoader djl = new URLClassLoader(classPath.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(djl); // DJL finds engines and resources through it

        Properties engineProps = new Properties();
        try (InputStream in = djl.getResourceAsStream("pytorch-engine.properties")) {
            if (in == null) {
                fail("pytorch-engine is not among the resolved jars");
            }
            engineProps.load(in);
        }
        String pytorchVersion = engineProps.getProperty("pytorch_version");
        String djlVersion = engineProps.getProperty("djl_version");
        Path cacheDir = (Path) djl.loadClass("ai.djl.util.Utils").getMethod("getEngineCacheDir", String.class)
                .invoke(null, "pytorch");

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

        if (!cuda) {
            if (loaded == null) {
                fail("DJL could not load its CPU build of PyTorch: " + describe(loadError));
            }
            Files.deleteIfExists(record);
            return;
        }

        // The CUDA build: DJL stores it as <version>-<flavor>-<os>-<arch>. Loading it needs no GPU
        // (the CUDA libraries open the driver lazily), but whatever happens, the files are what counts.
        String classifier = "linux-" + ("amd64".equals(System.getProperty("os.arch")) ? "x86_64" : System.getProperty("os.arch"));
        Path dir = cacheDir.resolve(pytorchVersion + "-" + flavor + "-" + classifier);
        if (!Files.isRegularFile(dir.resolve("libtorch.so"))) {
            fail("DJL did not fetch a " + flavor + " build of PyTorch " + pytorchVersion
                    + (loaded != null ? " (it loaded " + loaded + " instead)" : "")
                    + (loadError != null ? ": " + describe(loadError) : "")
                    + offered(cacheDir.resolve(pytorchVersion + ".txt")));
        }
        if (loaded == null) {
            System.out.println("  note: the " + flavor + " build is in place but could not be loaded on this machine ("
                    + describe(loadError) + "); it is loaded where a GPU driver is present");
        }
        // DJL's JNI glue for that build ships in pytorch-jni (Maven Central); DJL unpacks it next to
        // the library when it loads it. Unpack it here too, so a GPU machine needs nothing online.
        Path jni = dir.resolve(djlVersion + "-libdjl_torch.so");
        if (!Files.exists(jni)) {
            try (InputStream in = djl.getResourceAsStream("jnilib/" + classifier + "/" + flavor + "/libdjl_torch.so")) {
                if (in == null) {
                    fail("pytorch-jni " + pytorchVersion + "-" + djlVersion + " has no JNI library for " + flavor);
                }
                Path tmp = Files.createTempFile(dir, "jni", ".tmp");
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, jni, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.createDirectories(record.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(record.toAbsolutePath().getParent(), "record", ".tmp");
        Files.writeString(tmp, "PYTORCH_LIBRARY_PATH=" + dir.toAbsolutePath() + "\nPYTORCH_FLAVOR=" + flavor
                + "\nPYTORCH_VERSION=" + pytorchVersion + "\n");
        Files.move(tmp, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        long bytes;
        try (var files = Files.list(dir)) {
            bytes = files.mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf("  %s build of PyTorch %s in %s (%.1f GB)%n", flavor, pytorchVersion, dir, bytes / 1e9);
    }

    /** The CUDA flavours DJL's index (saved next to its cache) lists, to name them in an error. */
    private static String offered(Path index) {
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

    private static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        StringBuilder text = new StringBuilder(t.getClass().getSimpleName() + ": " + t.getMessage());
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            text.append(" <- ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
        }
        return text.toString();
    }

    private static void fail(String message) {
        System.err.println("PrefetchPyTorch: " + message);
        System.exit(1);
    }
}
