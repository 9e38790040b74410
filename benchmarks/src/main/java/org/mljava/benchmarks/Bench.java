package org.mljava.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The benchmark driver: exports the data, starts the Python worker, and for every benchmark warms both sides up
 * (time-based), then runs rounds in which each Java variant and the Python task run once, one after the other
 * (interleaved), and writes all times to a JSON file that {@link Report} turns into RESULTS.md.
 *
 * <pre>java ... org.mljava.benchmarks.Bench --data DIR --out results.json [--smoke] [--only a,b] [--variant NAME]
 *      [--python /usr/bin/python3] [--worker benchmarks/python/worker.py] [--repeats N] [--warmup SECONDS]</pre>
 */
public final class Bench {
    /** One benchmark: a Python task and the Java variants measured beside it. */
    record Group(String id, String title, String python, int fullSize, int smokeSize, Map<String, Supplier<JavaTask>> java) {
    }

    /**
     * How far the two sides' metrics may differ (both sides fit the same data with the same settings): accuracy points for
     * classifiers, relative for k-means' inertia and PCA. A difference beyond it fails the run (the smoke run's purpose).
     * Absent: no comparison (training steps start from different random weights; random forests draw differently).
     */
    static final Map<String, double[]> AGREEMENT = Map.of(
            "logreg", new double[] {0.01, 0}, "svc", new double[] {0.01, 0}, "knn", new double[] {0.01, 0},
            "pca", new double[] {0, 1e-6}, "kmeans", new double[] {0, 0.01}, "gboost", new double[] {0.03, 0},
            "forest", new double[] {0.03, 0}, "tfidf", new double[] {0.02, 0}, "ch11-epoch", new double[] {0.005, 0});

    private Bench() {
    }

    static Map<String, Supplier<JavaTask>> variants(Object... pairs) {
        Map<String, Supplier<JavaTask>> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            Supplier<JavaTask> s = (Supplier<JavaTask>) pairs[i + 1];
            m.put((String) pairs[i], s);
        }
        return m;
    }

    static List<Group> groups() {
        return List.of(
                new Group("logreg", "logistic regression, standardized WDBC (fit + predict)", "logreg", 0, 0,
                        variants("Smile LogisticRegression.binomial", (Supplier<JavaTask>) SmileTasks.LogReg::new)),
                new Group("svc", "RBF SVC, standardized WDBC (fit + predict)", "svc", 0, 0,
                        variants("Smile SVM + GaussianKernel", (Supplier<JavaTask>) SmileTasks.Svc::new)),
                new Group("forest", "random forest, 100 trees, digits (fit + predict)", "forest", 0, 0,
                        variants("Smile RandomForest", (Supplier<JavaTask>) SmileTasks.Forest::new)),
                new Group("knn", "KNN k=5, digits (fit + predict 540 rows)", "knn", 0, 0,
                        variants("Smile KNN (cover tree)", (Supplier<JavaTask>) SmileTasks.SmileKnn::new,
                                "Smile KNN + LinearSearch", (Supplier<JavaTask>) SmileTasks.SmileKnnLinear::new,
                                "ours: brute force by dgemm", (Supplier<JavaTask>) SmileTasks.MatmulKnn::new)),
                new Group("pca", "PCA, digits (all components)", "pca", 0, 0,
                        variants("Smile PCA.fit", (Supplier<JavaTask>) SmileTasks.Pca::new)),
                new Group("kmeans", "k-means k=10, 10 starts, digits", "kmeans", 0, 0,
                        variants("Smile KMeans.fit (BBD tree per start)", (Supplier<JavaTask>) SmileTasks.SmileKmeans::new,
                                "Smile KMeans.fit, one shared BBD tree", (Supplier<JavaTask>) SmileTasks.SmileKmeansSharedTree::new,
                                "Smile KMeans.lloyd", (Supplier<JavaTask>) SmileTasks.SmileKmeansLloyd::new,
                                "ours: Lloyd, distances by dgemm", (Supplier<JavaTask>) SmileTasks.MatmulKmeans::new)),
                new Group("gboost", "gradient boosting, 100 trees depth 3, WDBC (fit + predict)", "gboost", 0, 0,
                        variants("Smile GradientTreeBoost", (Supplier<JavaTask>) SmileTasks.GradBoost::new)),
                new Group("tfidf", "tf-idf + logistic regression, IMDb slice (fit + predict)", "tfidf", 0, 0,
                        variants("ours tf-idf + Smile SparseLogisticRegression", (Supplier<JavaTask>) SmileTasks.TfidfLogReg::new)),
                new Group("mlp-step", "ch13 MLP 784-32-16-10, one Adam step, batch 64", "mlp-step", 0, 0,
                        variants("DJL Trainer", (Supplier<JavaTask>) DjlTasks.MlpStep::new)),
                new Group("cnn-step", "ch14 CNN, one Adam step, batch 64", "cnn-step", 0, 0,
                        variants("DJL Trainer", (Supplier<JavaTask>) DjlTasks.CnnStep::new)),
                new Group("matmul-torch", "float32 512x512 matmul (DJL vs PyTorch)", "matmul-torch", 0, 0,
                        variants("DJL NDArray.matMul", (Supplier<JavaTask>) DjlTasks.Matmul::new)),
                new Group("matmul-numpy", "float32 512x512 matmul (Smile vs NumPy)", "matmul-numpy", 0, 0,
                        variants("Smile DenseMatrix.mm (OpenBLAS)", (Supplier<JavaTask>) DjlTasks.SmileMatmul::new)),
                new Group("minilm", "MiniLM embeddings, batch 32 x <=64 tokens (Java only: ratio to ONNX Runtime)", null, 0, 0,
                        variants("ONNX Runtime (DJL onnxruntime engine)", (Supplier<JavaTask>) MiniLmTasks.OnOnnxRuntime::new,
                                "DJL PyTorch engine (helper BertEncoder)", (Supplier<JavaTask>) MiniLmTasks.OnPyTorch::new)),
                new Group("ch11-epoch", "ch11 MLP 784-50-10, one epoch (NumPy on the Python side)", "ch11-epoch", 55_000, 2_000,
                        variants("the notebook's NDArray code", (Supplier<JavaTask>) Ch11.NdArrayEpoch::new,
                                "plain Java arrays", (Supplier<JavaTask>) Ch11.ArrayEpoch::new,
                                "OpenBLAS dgemm via Smile", (Supplier<JavaTask>) Ch11.BlasEpoch::new)));
    }

    /** The Python worker, one long-lived process. */
    static final class Python implements AutoCloseable {
        final Process process;
        final BufferedWriter in;
        final BufferedReader out;
        final ObjectMapper json = new ObjectMapper();

        Python(String python, String worker, Path data) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(python, "-u", worker, data.toString());
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
            process = pb.start();
            in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        JsonNode call(String command) throws IOException {
            in.write(command);
            in.newLine();
            in.flush();
            String line = out.readLine();
            if (line == null) {
                throw new IOException("the Python worker ended (command: " + command + ")");
            }
            JsonNode answer = json.readTree(line);
            if (answer.has("error")) {
                throw new IOException("Python: " + answer.get("error").asText() + "\n" + answer.path("trace").asText());
            }
            return answer;
        }

        @Override
        public void close() throws IOException {
            try {
                call("quit");
            } catch (IOException ignored) {
                // it ends on quit without an answer
            }
            process.destroy();
        }
    }

    record Timed(double seconds, double metric, double cpuPerWall, double faults) {
    }

    static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /**
     * Every Java repeat runs in this pool of one worker thread: Smile's parallel streams (random forest trees, k-means
     * centroid updates, ...) then use this one thread instead of the common pool (which, with -XX:ActiveProcessorCount=1,
     * still ran trees on two workers beside the main thread).
     */
    static final java.util.concurrent.ForkJoinPool ONE_THREAD = new java.util.concurrent.ForkJoinPool(1);

    static Timed runJava(JavaTask task) throws Exception {
        long faults = minorFaults();
        long cpu = OS.getProcessCpuTime();
        long start = System.nanoTime();
        double metric = ONE_THREAD.submit(task::run).get();
        long wall = System.nanoTime() - start;
        cpu = OS.getProcessCpuTime() - cpu;
        faults = minorFaults() - faults;
        double own = task.ownSeconds();
        double seconds = Double.isNaN(own) ? wall / 1e9 : own;
        // CPU time is counted in clock ticks: the share is only meaningful for runs of 50 ms or more
        return new Timed(seconds / task.inner(), metric, wall >= 50_000_000 ? cpu / (double) wall : Double.NaN, faults / (double) task.inner());
    }

    static Timed runPython(Python py, String id, int inner) throws IOException {
        JsonNode a = py.call("run " + id);
        return new Timed(a.get("seconds").asDouble() / inner, a.get("metric").asDouble(),
                a.path("cpu_per_wall").isNumber() ? a.get("cpu_per_wall").asDouble() : Double.NaN,
                a.path("page_faults").asDouble(Double.NaN) / inner);
    }

    /** Minor page faults of this process so far (field 10 of /proc/self/stat). */
    static long minorFaults() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[7]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--smoke")) {
                opt.put("smoke", "true");
            } else if (args[i].equals("--no-python")) {
                opt.put("no-python", "true");
            } else {
                opt.put(args[i].substring(2), args[++i]);
            }
        }
        boolean smoke = opt.containsKey("smoke");
        Path data = Path.of(opt.getOrDefault("data", "benchmarks/target/data"));
        Path outFile = Path.of(opt.getOrDefault("out", "benchmarks/target/results.json"));
        int repeats = Integer.parseInt(opt.getOrDefault("repeats", smoke ? "1" : "7"));
        double warmup = Double.parseDouble(opt.getOrDefault("warmup", smoke ? "0" : "3"));
        String variant = opt.getOrDefault("variant", "default");
        Set<String> only = opt.containsKey("only") ? Set.of(opt.get("only").split(",")) : null;
        String pythonSkip = opt.get("python-skip-reason");

        long t0 = System.nanoTime();
        Data d = new Data(smoke ? 300 : 2000, smoke ? 200 : 1000);
        d.export(data);
        System.out.printf("data exported to %s in %.1f s%n", data, (System.nanoTime() - t0) / 1e9);

        ObjectMapper json = new ObjectMapper();
        ObjectNode result = json.createObjectNode();
        result.put("variant", variant);
        result.put("smoke", smoke);
        result.put("repeats", repeats);
        result.put("warmup_seconds", warmup);
        result.put("started", java.time.Instant.now().toString());
        result.put("load_before", Files.readString(Path.of("/proc/loadavg")).trim());
        result.set("java", javaInfo());
        Python py = null;
        if (opt.containsKey("no-python")) {
            result.put("python_skipped", pythonSkip != null ? pythonSkip : "--no-python");
        } else {
            py = new Python(opt.getOrDefault("python", "/usr/bin/python3"), opt.getOrDefault("worker", "benchmarks/python/worker.py"), data);
            result.set("python", py.call("info"));
        }
        ArrayNode rows = result.putArray("rows");
        List<String> disagreements = new ArrayList<>();
        for (Group g : groups()) {
            if (only != null && !only.contains(g.id())) {
                continue;
            }
            int size = smoke ? g.smokeSize() : g.fullSize();
            System.out.printf("== %s%n", g.title());
            int pyInner = 1;
            Python side = g.python() == null ? null : py;
            if (side != null) {
                pyInner = side.call("prepare " + g.python() + " " + size).get("inner").asInt();
            }
            Map<String, JavaTask> tasks = new LinkedHashMap<>();
            for (var e : g.java().entrySet()) {
                JavaTask t = e.getValue().get();
                t.setup(d, size);
                tasks.put(e.getKey(), t);
            }
            // warm-up: each side repeats its work for `warmup` seconds (at least once)
            for (var e : tasks.entrySet()) {
                long until = System.nanoTime() + (long) (warmup * 1e9);
                int n = 0;
                do {
                    runJava(e.getValue());
                    n++;
                } while (System.nanoTime() < until);
                System.out.printf("   warm-up %-45s %d runs%n", e.getKey(), n);
            }
            if (side != null) {
                long until = System.nanoTime() + (long) (warmup * 1e9);
                int n = 0;
                do {
                    runPython(side, g.python(), pyInner);
                    n++;
                } while (System.nanoTime() < until);
                System.out.printf("   warm-up %-45s %d runs%n", "Python", n);
            }
            Map<String, List<Timed>> times = new LinkedHashMap<>();
            List<Timed> pyTimes = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                for (var e : tasks.entrySet()) {
                    times.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(runJava(e.getValue()));
                }
                if (side != null) {
                    pyTimes.add(runPython(side, g.python(), pyInner));
                }
            }
            for (var e : tasks.entrySet()) {
                e.getValue().close();
                ObjectNode row = rows.addObject();
                row.put("group", g.id());
                row.put("title", g.title());
                row.put("java", e.getKey());
                row.put("size", size);
                put(row, "java_", times.get(e.getKey()));
                if (g.python() == null) {
                    List<Timed> base = times.values().iterator().next();
                    double[] ratios = new double[repeats];
                    for (int r = 0; r < repeats; r++) {
                        ratios[r] = times.get(e.getKey()).get(r).seconds() / base.get(r).seconds();
                    }
                    row.put("ratio_to_first", median(ratios));
                    row.put("first", times.keySet().iterator().next());
                }
                if (!pyTimes.isEmpty()) {
                    put(row, "python_", pyTimes);
                    double[] ratios = new double[repeats];
                    for (int r = 0; r < repeats; r++) {
                        ratios[r] = times.get(e.getKey()).get(r).seconds() / pyTimes.get(r).seconds();
                    }
                    row.put("ratio", median(ratios));
                    double[] tol = AGREEMENT.get(g.id());
                    if (tol != null) {
                        double a = row.get("java_metric").asDouble(), b = row.get("python_metric").asDouble();
                        boolean agree = Math.abs(a - b) <= tol[0] + tol[1] * Math.abs(b);
                        row.put("metrics_agree", agree);
                        if (!agree) {
                            disagreements.add(g.id() + " / " + e.getKey() + ": " + a + " vs " + b);
                        }
                    }
                }
                System.out.printf("   %-45s java %10.4f ms  python %10s ms  ratio %s  metric %.4f / %s%n", e.getKey(),
                        row.get("java_median_s").asDouble() * 1e3,
                        row.has("python_median_s") ? "%.4f".formatted(row.get("python_median_s").asDouble() * 1e3) : "-",
                        row.has("ratio") ? "%.2f".formatted(row.get("ratio").asDouble()) : "-",
                        row.get("java_metric").asDouble(), row.has("python_metric") ? "%.4f".formatted(row.get("python_metric").asDouble()) : "-");
            }
        }
        if (py != null) {
            py.close();
        }
        result.set("java_blas", json.valueToTree(mappedLibraries()));
        result.put("load_after", Files.readString(Path.of("/proc/loadavg")).trim());
        result.put("seconds", (System.nanoTime() - t0) / 1e9);
        Files.createDirectories(outFile.toAbsolutePath().getParent());
        json.writerWithDefaultPrettyPrinter().writeValue(outFile.toFile(), result);
        System.out.printf("results: %s (%.0f s)%n", outFile, (System.nanoTime() - t0) / 1e9);
        if (!disagreements.isEmpty()) {
            System.out.println("the two sides' results DIFFER beyond the allowed margin:\n  " + String.join("\n  ", disagreements));
            System.exit(1);
        }
        System.out.println(py != null ? "the two sides' results agree within the margins" : "(Python side skipped: no agreement check)");
    }

    static void put(ObjectNode row, String prefix, List<Timed> t) {
        double[] s = t.stream().mapToDouble(Timed::seconds).toArray();
        row.put(prefix + "median_s", median(s));
        row.put(prefix + "min_s", Arrays.stream(s).min().orElse(Double.NaN));
        row.put(prefix + "max_s", Arrays.stream(s).max().orElse(Double.NaN));
        row.put(prefix + "metric", t.get(t.size() - 1).metric());
        double[] shares = t.stream().mapToDouble(Timed::cpuPerWall).filter(v -> !Double.isNaN(v)).toArray();
        if (shares.length > 0) {
            row.put(prefix + "cpu_per_wall", median(shares));
        }
        row.put(prefix + "page_faults", median(t.stream().mapToDouble(Timed::faults).toArray()));
        ArrayNode all = row.putArray(prefix + "seconds");
        for (double v : s) {
            all.add(v);
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static ObjectNode javaInfo() {
        ObjectNode j = new ObjectMapper().createObjectNode();
        j.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        j.put("available_processors", Runtime.getRuntime().availableProcessors());
        j.put("djl", ai.djl.engine.Engine.getDjlVersion());
        j.put("pytorch_engine", ai.djl.engine.Engine.getInstance().getEngineName() + " " + ai.djl.engine.Engine.getInstance().getVersion());
        j.put("pytorch_threads", System.getProperty("ai.djl.pytorch.num_threads", "(default)"));
        j.put("smile", pkgVersion(smile.math.MathEx.class, "6.3.0"));
        j.put("jvm_args", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        j.put("cpu", cpuModel());
        for (String k : List.of("MALLOC_ARENA_MAX", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")) {
            j.put("env_" + k, System.getenv().getOrDefault(k, ""));
        }
        return j;
    }

    static String pkgVersion(Class<?> c, String fallback) {
        String v = c.getPackage().getImplementationVersion();
        return v != null ? v : fallback;
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?")
                    + ", " + Runtime.getRuntime().availableProcessors() + " processor(s) visible to the JVM, "
                    + Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("processor")).count() + " online";
        } catch (IOException e) {
            return "?";
        }
    }

    /** The BLAS / native maths libraries this JVM has mapped (after Smile and DJL have run). */
    static List<String> mappedLibraries() {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .map(l -> l.contains("/") ? l.substring(l.indexOf('/')) : "")
                    .filter(p -> p.matches(".*/[^/]*(blas|mkl|lapack|gomp|omp|torch_cpu)[^/]*"))
                    .distinct().sorted().toList();
        } catch (IOException e) {
            return List.of("? " + e.getMessage());
        }
    }
}
