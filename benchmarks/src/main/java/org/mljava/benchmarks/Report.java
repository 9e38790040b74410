package org.mljava.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the JSON files of {@link Bench} (and of python/platform.py) into benchmarks/RESULTS.md.
 * <pre>java ... org.mljava.benchmarks.Report OUT.md results.json [results-malloc.json] [platform.json]</pre>
 */
public final class Report {
    private Report() {
    }

    static String ms(double seconds) {
        double v = seconds * 1e3;
        return v >= 100 ? "%.0f".formatted(v) : v >= 10 ? "%.1f".formatted(v) : v >= 1 ? "%.2f".formatted(v) : "%.3f".formatted(v);
    }

    static String metric(JsonNode row, String key) {
        if (!row.has(key)) {
            return "-";
        }
        double v = row.get(key).asDouble();
        return Math.abs(v) >= 1000 ? "%.0f".formatted(v) : "%.4f".formatted(v);
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> runs = new ArrayList<>();
        JsonNode platform = null;
        for (int i = 1; i < args.length; i++) {
            Path p = Path.of(args[i]);
            if (!Files.exists(p)) {
                continue;
            }
            JsonNode n = json.readTree(p.toFile());
            if (n.has("platform")) {
                platform = n;
            } else {
                runs.add(n);
            }
        }
        JsonNode main = runs.get(0);
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results: the Java stack beside the books' Python stack\n\n");
        md.append("Written by `benchmarks/run.sh").append(main.get("smoke").asBoolean() ? " --smoke" : "").append("` (do not edit by hand; ")
          .append("`benchmarks/README.md` says what is measured and explains every ratio above 1.10).\n\n");
        md.append("* **Date:** ").append(main.get("started").asText()).append("\n");
        md.append("* **CPU:** ").append(main.at("/java/cpu").asText()).append("\n");
        md.append("* **Load average** (1, 5, 15 min) before / after: ").append(main.get("load_before").asText())
          .append(" / ").append(main.get("load_after").asText())
          .append(". The machine is shared: notebook runs of other sessions may have run beside this one, so single ")
          .append("figures can be off by 10-30 %; the ratios come from interleaved rounds and are steadier than the times.\n");
        md.append("* **Method:** ").append(main.get("repeats").asInt()).append(" interleaved rounds (in each round every Java variant runs once, ")
          .append("then the Python task once) after a time-based warm-up of ").append(main.get("warmup_seconds").asDouble())
          .append(" s per side and variant; times are medians; **ratio = median over rounds of Java time / Python time** ")
          .append("(> 1: Java slower). One thread on both sides: the CPU/wall column (process CPU time / wall time, runs of 50 ms or more) ")
          .append("is at most about 1 when a process has a core to itself, and below 1 when other processes share the cores.\n");
        md.append("* **Java side:** ").append(main.at("/java/java").asText()).append("; DJL ").append(main.at("/java/djl").asText())
          .append(" (").append(main.at("/java/pytorch_engine").asText()).append(", ").append(main.at("/java/pytorch_threads").asText())
          .append(" thread); Smile ").append(main.at("/java/smile").asText()).append("; JVM options `").append(main.at("/java/jvm_args").asText()).append("`\n");
        md.append("* **Java BLAS** (native maths libraries mapped in the JVM): ").append(list(main.get("java_blas"))).append("\n");
        if (main.has("python")) {
            JsonNode py = main.get("python");
            md.append("* **Python side:** Python ").append(py.path("python").asText()).append(", NumPy ").append(py.path("numpy").asText())
              .append(", scikit-learn ").append(py.path("scikit-learn").asText()).append(", PyTorch ").append(py.path("torch").asText())
              .append(" (Debian's packages, `/usr/bin/python3`)\n");
            md.append("* **Python BLAS** (mapped in the worker): ").append(list(py.get("blas_libraries"))).append("; PyTorch's build: `")
              .append(py.path("torch_blas").asText()).append("`\n");
        } else {
            md.append("* **Python side: skipped** (").append(main.path("python_skipped").asText()).append(")\n");
        }
        md.append("\n");
        for (JsonNode run : runs) {
            md.append("## ").append(run.get("variant").asText().equals("default") ? "Results (glibc malloc as configured by default)"
                    : "Results with " + run.get("variant").asText() + " (MALLOC_ARENA_MAX=" + run.at("/java/env_MALLOC_ARENA_MAX").asText()
                    + ", MALLOC_MMAP_THRESHOLD_=" + run.at("/java/env_MALLOC_MMAP_THRESHOLD_").asText() + ", MALLOC_TRIM_THRESHOLD_="
                    + run.at("/java/env_MALLOC_TRIM_THRESHOLD_").asText() + ", on both sides)").append("\n\n");
            md.append("Times per operation in milliseconds (a training step, one matmul, one fit + predict, one epoch).\n\n");
            md.append("| benchmark | Java variant | Java ms | Python ms | **Java / Python** | Java metric | Python metric | CPU/wall J / P | page faults J / P |\n");
            md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
            String last = "";
            for (JsonNode r : run.get("rows")) {
                String title = r.get("title").asText();
                md.append("| ").append(title.equals(last) ? "" : title).append(" | ").append(r.get("java").asText()).append(" | ")
                  .append(ms(r.get("java_median_s").asDouble())).append(" | ")
                  .append(r.has("python_median_s") ? ms(r.get("python_median_s").asDouble()) : "-").append(" | ")
                  .append(r.has("ratio") ? "**%.2f**".formatted(r.get("ratio").asDouble())
                          : r.has("ratio_to_first") ? "(%.2f x %s)".formatted(r.get("ratio_to_first").asDouble(), r.get("first").asText().split(" ")[0] + " " + r.get("first").asText().split(" ")[1]) : "-").append(" | ")
                  .append(metric(r, "java_metric")).append(" | ").append(metric(r, "python_metric")).append(" | ")
                  .append(share(r, "java_cpu_per_wall")).append(" / ").append(share(r, "python_cpu_per_wall"))
                  .append(" | ").append("%.0f / %s".formatted(r.get("java_page_faults").asDouble(), r.has("python_page_faults") ? "%.0f".formatted(r.get("python_page_faults").asDouble()) : "-"))
                  .append(" |\n");
                last = title;
            }
            md.append("\nMetrics: test accuracy (classifiers, the ch11 epoch), inertia (k-means: lower is better), variance share of the ")
              .append("first two components (PCA), the loss after the last step (training steps: the two sides start from different random ")
              .append("weights, so these differ), an entry of the product (matmul: different random matrices).\n\n");
        }
        if (platform != null) {
            md.append("## Platform\n\n| what | Java | Python | Java / Python |\n|---|---:|---:|---:|\n");
            for (JsonNode r : platform.get("platform")) {
                double j = r.path("java_s").asDouble(Double.NaN), p = r.path("python_s").asDouble(Double.NaN);
                md.append("| ").append(r.get("what").asText()).append(" | ").append(Double.isNaN(j) ? "-" : "%.2f s".formatted(j)).append(" | ")
                  .append(Double.isNaN(p) ? "-" : "%.2f s".formatted(p)).append(" | ")
                  .append(Double.isNaN(j) || Double.isNaN(p) ? "-" : "**%.2f**".formatted(j / p)).append(" |\n");
            }
            md.append("\n").append(platform.path("note").asText()).append("\n\n");
        }
        md.append("## Ratios above 1.10\n\n");
        md.append("Each is explained, with its evidence, or its fix measured, in `benchmarks/README.md` (section \"Why Java is slower where it is\").\n\n");
        for (JsonNode run : runs) {
            for (JsonNode r : run.get("rows")) {
                if (r.has("ratio_to_first") && r.get("ratio_to_first").asDouble() > 1.10) {
                    md.append("* ").append(r.get("title").asText()).append(" / ").append(r.get("java").asText())
                      .append(": **%.2f** x ".formatted(r.get("ratio_to_first").asDouble())).append(r.get("first").asText()).append("\n");
                }
                if (r.has("ratio") && r.get("ratio").asDouble() > 1.10) {
                    md.append("* ").append(r.get("title").asText()).append(" / ").append(r.get("java").asText())
                      .append(run.get("variant").asText().equals("default") ? "" : " (" + run.get("variant").asText() + ")")
                      .append(": **%.2f**".formatted(r.get("ratio").asDouble())).append("\n");
                }
            }
        }
        Files.writeString(Path.of(args[0]), md.toString());
        System.out.println("wrote " + args[0]);
    }

    static String share(JsonNode row, String key) {
        return row.path(key).isNumber() ? "%.2f".formatted(row.get(key).asDouble()) : "-";
    }

    static String list(JsonNode array) {
        if (array == null || !array.isArray() || array.isEmpty()) {
            return "(none found)";
        }
        List<String> s = new ArrayList<>();
        array.forEach(n -> s.add("`" + n.asText() + "`"));
        return String.join(", ", s);
    }
}
