package org.mljava.transformers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The weights of a checkpoint file, by name, in file order, plus the entries that were not read as
 * weights (integer buffers such as {@code embeddings.position_ids}) with the reason.
 * <pre>{@code
 * Checkpoint minilm = OnnxInitializers.read(Models.miniLmOnnx(false));
 * System.out.println(minilm.summary());                  // 101 weights, 22.7 M numbers, ...
 * WeightTensor query = minilm.get("encoder.layer.0.attention.self.query.weight");   // [384, 384]
 * }</pre>
 */
public final class Checkpoint {

    private final String source;
    private final Map<String, WeightTensor> tensors;
    private final Map<String, String> skipped;
    private final Map<String, String> metadata;

    /**
     * @param source   where it came from (a file name), for messages
     * @param tensors  the weights by name, in order
     * @param skipped  entries that are not float weights, name -> why
     * @param metadata free-form string metadata (safetensors' {@code __metadata__})
     */
    public Checkpoint(String source, Map<String, WeightTensor> tensors, Map<String, String> skipped, Map<String, String> metadata) {
        this.source = source;
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        this.skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** A checkpoint made in memory (to write with {@link Safetensors#write}). */
    public static Checkpoint of(String source, Map<String, WeightTensor> tensors) {
        return new Checkpoint(source, tensors, Map.of(), Map.of());
    }

    public String source() {
        return source;
    }

    /** The weights by name, in file order (unmodifiable). */
    public Map<String, WeightTensor> tensors() {
        return tensors;
    }

    /** Entries that are not float weights (integer buffers), name -> why they were skipped. */
    public Map<String, String> skipped() {
        return skipped;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public Set<String> names() {
        return tensors.keySet();
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** A weight by name; the error names the checkpoint and a few similar names. */
    public WeightTensor get(String name) {
        WeightTensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException(source + " has no weight '" + name + "'" + similar(name));
        }
        return t;
    }

    public int size() {
        return tensors.size();
    }

    /** How many numbers all weights hold together. */
    public long parameterCount() {
        long n = 0;
        for (WeightTensor t : tensors.values()) {
            n += t.values().length;
        }
        return n;
    }

    /** A copy with other metadata. */
    public Checkpoint withMetadata(Map<String, String> newMetadata) {
        return new Checkpoint(source, tensors, skipped, newMetadata);
    }

    /**
     * The names grouped with layer numbers folded: "encoder.layer.{0..5}.attention.self.query.weight [384, 384]".
     * Handy to see a checkpoint's layout at a glance.
     */
    public String layout() {
        Pattern number = Pattern.compile("\\.(\\d+)\\.");
        Map<String, java.util.TreeSet<Integer>> groups = new LinkedHashMap<>();
        Map<String, String> shapes = new LinkedHashMap<>();
        for (Map.Entry<String, WeightTensor> e : tensors.entrySet()) {
            Matcher m = number.matcher(e.getKey());
            String key = e.getKey();
            Integer layer = null;
            if (m.find()) {
                layer = Integer.parseInt(m.group(1));
                key = e.getKey().substring(0, m.start()) + ".{n}." + e.getKey().substring(m.end());
            }
            groups.computeIfAbsent(key, k -> new java.util.TreeSet<>());
            if (layer != null) {
                groups.get(key).add(layer);
            }
            shapes.putIfAbsent(key, e.getValue().shapeText());
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, java.util.TreeSet<Integer>> g : groups.entrySet()) {
            String name = g.getKey();
            if (!g.getValue().isEmpty()) {
                name = name.replace("{n}", "{" + g.getValue().first() + ".." + g.getValue().last() + "}");
            }
            sb.append(name).append(' ').append(shapes.get(g.getKey())).append('\n');
        }
        return sb.toString();
    }

    /** "all-minilm-l6-v2.onnx: 101 weights, 22.6 M numbers (skipped: embeddings.position_ids: INT64, not a float weight)". */
    public String summary() {
        StringBuilder sb = new StringBuilder(source).append(": ").append(size()).append(" weights, ")
                .append(String.format(java.util.Locale.ROOT, "%.1f M numbers", parameterCount() / 1e6));
        if (!skipped.isEmpty()) {
            sb.append(" (skipped: ");
            int i = 0;
            for (Map.Entry<String, String> e : skipped.entrySet()) {
                sb.append(i++ > 0 ? "; " : "").append(e.getKey()).append(": ").append(e.getValue());
            }
            sb.append(')');
        }
        return sb.toString();
    }

    private String similar(String name) {
        String last = name.substring(name.lastIndexOf('.', name.length() - 1) + 1);
        TreeMap<Integer, String> best = new TreeMap<>();
        for (String n : tensors.keySet()) {
            if (n.endsWith(last)) {
                best.putIfAbsent(distance(n, name), n);
            }
        }
        if (best.isEmpty()) {
            return " (it holds " + size() + " weights)";
        }
        return "; similar: " + String.join(", ", best.values().stream().limit(3).toList());
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    @Override
    public String toString() {
        return summary();
    }
}
