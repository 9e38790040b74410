package org.mljava.transformers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How checkpoint names map to a model's weight names, and the check that they fit: every model
 * weight found with the same shape, no checkpoint weight left over. Rules:
 * <ul>
 *   <li><b>prefixes</b>: a checkpoint of a model with a head prefixes the body's names
 *       ({@code bert.}, {@code distilbert.}, {@code roberta.}, {@code transformer.}); the prefix
 *       (or none) under which most model weights are found is stripped.</li>
 *   <li><b>legacy names</b>: old TensorFlow-converted checkpoints call LayerNorm's weight and bias
 *       {@code gamma} and {@code beta}; they are renamed (as Hugging Face does).</li>
 *   <li><b>ignored</b>: names a checkpoint may carry that the model does not use (pretraining
 *       heads, buffers), given as regular expressions on the name with or without the prefix.</li>
 *   <li><b>new</b>: model weights allowed to be absent (a fresh task head): they keep their initial values.</li>
 * </ul>
 * <pre>{@code
 * WeightMapping mapping = WeightMapping.strict().withPrefixes("bert").ignoring("cls\\..*");
 * WeightMapping.Plan plan = mapping.plan(modelShapes, checkpoint);   // or WeightMismatchException
 * }</pre>
 * This class knows nothing of DJL; {@link WeightLoader} applies a plan to a block.
 */
public final class WeightMapping {

    private final List<String> prefixes;
    private final List<Pattern> ignored;
    private final List<Pattern> allowedMissing;

    private WeightMapping(List<String> prefixes, List<Pattern> ignored, List<Pattern> allowedMissing) {
        this.prefixes = prefixes;
        this.ignored = ignored;
        this.allowedMissing = allowedMissing;
    }

    /** Exact names (plus the gamma/beta renaming), nothing ignored, nothing may be missing. */
    public static WeightMapping strict() {
        return new WeightMapping(List.of(), List.of(), List.of());
    }

    /** Also try these prefixes (with or without the trailing dot) in front of the model's names. */
    public WeightMapping withPrefixes(String... more) {
        List<String> p = new ArrayList<>(prefixes);
        for (String s : more) {
            p.add(s.endsWith(".") ? s : s + ".");
        }
        return new WeightMapping(List.copyOf(p), ignored, allowedMissing);
    }

    /** Checkpoint names (regular expressions, whole name, with or without the prefix) that are not errors when unused. */
    public WeightMapping ignoring(String... regexes) {
        return new WeightMapping(prefixes, concat(ignored, regexes), allowedMissing);
    }

    /** Model names (regular expressions) that may be absent from the checkpoint (a new head). */
    public WeightMapping allowingMissing(String... regexes) {
        return new WeightMapping(prefixes, ignored, concat(allowedMissing, regexes));
    }

    private static List<Pattern> concat(List<Pattern> list, String... regexes) {
        List<Pattern> out = new ArrayList<>(list);
        for (String r : regexes) {
            out.add(Pattern.compile(r));
        }
        return List.copyOf(out);
    }

    /**
     * What goes where.
     *
     * @param prefix      the prefix stripped from checkpoint names ("" for none)
     * @param assignments model weight name -> checkpoint weight name
     * @param ignored     checkpoint names not used, matched by an ignore rule
     * @param fresh       model weights not in the checkpoint that were allowed to be missing
     */
    public record Plan(String prefix, Map<String, String> assignments, List<String> ignored, List<String> fresh) {
        @Override
        public String toString() {
            return assignments.size() + " weights loaded" + (prefix.isEmpty() ? "" : " (prefix '" + prefix + "' stripped)")
                    + (fresh.isEmpty() ? "" : "; new (initialized, not loaded): " + String.join(", ", fresh))
                    + (ignored.isEmpty() ? "" : "; ignored from the checkpoint: " + ignored.size() + " (" + abbreviate(ignored) + ")");
        }

        private static String abbreviate(List<String> names) {
            return names.size() <= 4 ? String.join(", ", names) : String.join(", ", names.subList(0, 3)) + ", ...";
        }
    }

    /** The legacy name's modern form: "...LayerNorm.gamma" -> "...LayerNorm.weight", "beta" -> "bias". */
    static String modernName(String name) {
        if (name.endsWith(".gamma")) {
            return name.substring(0, name.length() - 6) + ".weight";
        }
        if (name.endsWith(".beta")) {
            return name.substring(0, name.length() - 5) + ".bias";
        }
        return name;
    }

    /**
     * Matches a model's weights (name -> shape) with a checkpoint.
     *
     * @param model  the model's weight names and shapes
     * @param target the model's name, for the message
     * @throws WeightMismatchException naming every missing, left-over and wrongly shaped weight
     */
    public Plan plan(Map<String, long[]> model, Checkpoint checkpoint, String target) {
        // checkpoint names under their modern spelling
        Map<String, String> modern = new LinkedHashMap<>();
        for (String name : checkpoint.names()) {
            modern.put(modernName(name), name);
        }
        String prefix = "";
        int bestFound = count(model, modern, "");
        for (String p : prefixes) {
            int found = count(model, modern, p);
            if (found > bestFound) {
                bestFound = found;
                prefix = p;
            }
        }
        Map<String, String> assignments = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        List<String> wrongShape = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        for (Map.Entry<String, long[]> e : model.entrySet()) {
            String source = modern.get(prefix + e.getKey());
            if (source == null) {
                if (matches(allowedMissing, e.getKey())) {
                    fresh.add(e.getKey());
                } else {
                    missing.add(e.getKey() + " " + Arrays.toString(e.getValue()));
                }
                continue;
            }
            long[] found = checkpoint.get(source).shape();
            if (!Arrays.equals(found, e.getValue())) {
                boolean transposed = found.length == 2 && e.getValue().length == 2 && found[0] == e.getValue()[1] && found[1] == e.getValue()[0];
                wrongShape.add(e.getKey() + ": checkpoint " + Arrays.toString(found) + ", model " + Arrays.toString(e.getValue())
                        + (transposed ? " (transposed: a Linear stored [in, out]?)" : ""));
                continue;
            }
            assignments.put(e.getKey(), source);
        }
        java.util.Set<String> used = new java.util.HashSet<>(assignments.values());
        List<String> leftOver = new ArrayList<>();
        List<String> ignoredNames = new ArrayList<>();
        for (Map.Entry<String, String> e : modern.entrySet()) {
            String original = e.getValue();
            if (used.contains(original) || isWrongShape(wrongShape, e.getKey(), prefix)) {
                continue;
            }
            String stripped = e.getKey().startsWith(prefix) ? e.getKey().substring(prefix.length()) : e.getKey();
            if (matches(ignored, e.getKey()) || matches(ignored, stripped)) {
                ignoredNames.add(original);
            } else {
                leftOver.add(original + " " + checkpoint.get(original).shapeText());
            }
        }
        if (!missing.isEmpty() || !leftOver.isEmpty() || !wrongShape.isEmpty()) {
            String what = prefix.isEmpty() ? target : target + " (model names are the checkpoint's without the prefix '" + prefix + "')";
            throw new WeightMismatchException(checkpoint.source(), what, missing, leftOver, wrongShape);
        }
        return new Plan(prefix, assignments, ignoredNames, fresh);
    }

    private static boolean isWrongShape(List<String> wrongShape, String modernName, String prefix) {
        if (!modernName.startsWith(prefix)) {
            return false;
        }
        String key = modernName.substring(prefix.length()) + ":";
        for (String w : wrongShape) {
            if (w.startsWith(key)) {
                return true;
            }
        }
        return false;
    }

    private static int count(Map<String, long[]> model, Map<String, String> modern, String prefix) {
        int n = 0;
        for (String name : model.keySet()) {
            if (modern.containsKey(prefix + name)) {
                n++;
            }
        }
        return n;
    }

    private static boolean matches(List<Pattern> patterns, String name) {
        for (Pattern p : patterns) {
            if (p.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }
}
