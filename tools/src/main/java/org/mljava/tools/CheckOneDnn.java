package org.mljava.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.mljava.kernel.DependencyResolver;
import org.mljava.kernel.MavenCoordinate;

/**
 * Checks PyTorch's float32 convolutions on this machine ({@link ConvolutionProbe}) and records the
 * oneDNN setting the kernel needs. Setup runs it after the PyTorch natives are in place
 * ({@code check_onednn} in environment/common.sh):
 *
 * <pre>java -cp tools/target/mljava-tools-&lt;version&gt;.jar org.mljava.tools.CheckOneDnn RECORD MACHINE COORDINATE...</pre>
 *
 * <ul>
 * <li>The probe runs in a fresh JVM with oneDNN's default instruction set. Right: RECORD is removed,
 * and the kernel runs oneDNN at full speed.
 * <li>Wrong: it runs again with {@code ONEDNN_MAX_CPU_ISA=SSE41}. Right then: RECORD receives
 * {@code MACHINE=} (the fingerprint that {@code launch.sh --machine-fingerprint} prints) and the
 * setting, which the kernel launcher applies on this machine only (a Docker image built here and
 * run elsewhere does not slow down there). Convolutions take longer: ML chapter 14 in quick mode
 * ran in 44 s instead of 28 s, measured here.
 * </ul>
 *
 * Exit 0 when the kernel's convolutions will be right, 2 when they stay wrong or the probe could
 * not run (setup warns; notebooks that check their convolutions say so), 64 for wrong arguments.
 */
public final class CheckOneDnn {

    static final String USAGE = "usage: CheckOneDnn RECORD-FILE MACHINE-FINGERPRINT COORDINATE...";

    /** The setting that made the probe right on the machines where the default is wrong. */
    static final String FALLBACK_ISA = "SSE41";

    private CheckOneDnn() {
    }

    /** Where the record goes, whose machine it describes, and DJL's PyTorch coordinates for the probe's class path. */
    record Request(Path record, String machine, List<MavenCoordinate> coordinates) {

        static Request parse(String... args) {
            if (args.length < 3) {
                throw new IllegalArgumentException("a record file, a machine fingerprint and at least one coordinate are needed");
            }
            if (!args[1].matches("[0-9a-f]{8,64}")) {
                throw new IllegalArgumentException("the machine fingerprint is '" + args[1] + "'; it is hexadecimal, as launch.sh --machine-fingerprint prints it");
            }
            List<MavenCoordinate> coordinates = new ArrayList<>();
            for (int i = 2; i < args.length; i++) {
                coordinates.add(MavenCoordinate.parse(args[i]));
            }
            return new Request(Path.of(args[0]), args[1], List.copyOf(coordinates));
        }
    }

    /** The record the kernel launcher reads: the machine it holds for and the variable to set. */
    static String recordText(String machine, String isa) {
        return "# Written by setup (org.mljava.tools.CheckOneDnn): float32 convolutions were wrong on this machine\n"
                + "# with oneDNN's default instruction set and right with this one. The kernel launcher applies it\n"
                + "# when MACHINE matches its --machine-fingerprint and ONEDNN_MAX_CPU_ISA is not set already.\n"
                + "MACHINE=" + machine + "\n"
                + "ONEDNN_MAX_CPU_ISA=" + isa + "\n";
    }

    static void writeRecord(Path record, String machine, String isa) throws IOException {
        LauncherRecord.write(record, recordText(machine, isa));
    }

    /** The probe's command: this JVM's java, the tools jar (its manifest names the rest) and the resolved DJL jars. */
    static List<String> probeCommand(Path javaHome, String classPath) {
        return List.of(javaHome.resolve("bin/java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error",
                "-cp", classPath, ConvolutionProbe.class.getName());
    }

    /** PyTorch's warning, once per convolution, that NNPACK (which it tries first) does not run here; nothing to act on. */
    static boolean isNoise(String line) {
        return line.contains("Could not initialize NNPACK");
    }

    /** Runs the probe with ONEDNN_MAX_CPU_ISA set to isa, or removed for null; its output, less the noise, goes to ours. Returns its exit status. */
    static int probe(List<String> command, String isa) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("OMP_NUM_THREADS", "1");
        if (isa == null) {
            env.remove("ONEDNN_MAX_CPU_ISA");
        } else {
            env.put("ONEDNN_MAX_CPU_ISA", isa);
        }
        Process process = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            out.lines().filter(line -> !isNoise(line)).forEach(System.out::println);
        }
        return process.waitFor();
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Request request;
        try {
            request = Request.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("CheckOneDnn: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(64);
            return;
        }
        String classPath;
        try {
            Path tools = Path.of(CheckOneDnn.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            List<String> entries = new ArrayList<>(List.of(tools.toString()));
            for (DependencyResolver.ResolvedJar jar : DependencyResolver.forCurrentUser().resolve(request.coordinates())) {
                entries.add(jar.file().toString());
            }
            classPath = entries.stream().collect(Collectors.joining(java.io.File.pathSeparator));
        } catch (DependencyResolver.ResolutionFailedException | java.net.URISyntaxException e) {
            System.out.println("  WARNING: the convolution check could not start: " + e.getMessage());
            System.exit(2);
            return;
        }
        List<String> command = probeCommand(Path.of(System.getProperty("java.home")), classPath);
        int status = probe(command, null);
        if (status == 0) {
            Files.deleteIfExists(request.record());
            System.exit(0);
        }
        if (status != 3) {
            System.out.println("  WARNING: the convolution check failed (exit " + status + ", see above); nothing recorded");
            System.exit(2);
        }
        status = probe(command, FALLBACK_ISA);
        if (status != 0) {
            Files.deleteIfExists(request.record());
            System.out.println("  WARNING: float32 convolutions stay wrong with ONEDNN_MAX_CPU_ISA=" + FALLBACK_ISA
                    + " (exit " + status + "); notebooks that check their convolutions will fail on this machine");
            System.exit(2);
        }
        writeRecord(request.record(), request.machine(), FALLBACK_ISA);
        System.out.println("  the kernel will run oneDNN with ONEDNN_MAX_CPU_ISA=" + FALLBACK_ISA + " on this machine (recorded in "
                + request.record() + "); convolutions are slower but right");
        System.exit(0);
    }
}
