package org.mljava.transformers;

import java.util.List;

/**
 * A checkpoint does not fit a model. The one message names every weight that is missing from
 * the checkpoint, every checkpoint weight left over (not used by the model and not a known
 * pretraining extra), and every weight whose shape differs; the lists are also available.
 * <pre>{@code
 * try {
 *     WeightLoader.load(encoder, checkpoint);
 * } catch (WeightMismatchException e) {
 *     System.out.println(e.getMessage());  // missing (2): ..., left over (1): ..., wrong shape (1): ...
 * }
 * }</pre>
 */
public final class WeightMismatchException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<String> missing;
    private final List<String> leftOver;
    private final List<String> wrongShape;

    /**
     * @param source     the checkpoint's name
     * @param target     the model's name
     * @param missing    "name [shape]" of model weights the checkpoint lacks
     * @param leftOver   "name [shape]" of checkpoint weights nothing uses
     * @param wrongShape "name: checkpoint [a, b], model [c, d]"
     */
    public WeightMismatchException(String source, String target, List<String> missing, List<String> leftOver, List<String> wrongShape) {
        super(message(source, target, missing, leftOver, wrongShape));
        this.missing = List.copyOf(missing);
        this.leftOver = List.copyOf(leftOver);
        this.wrongShape = List.copyOf(wrongShape);
    }

    /** Model weights the checkpoint lacks, as "name [shape]". */
    public List<String> missing() {
        return missing;
    }

    /** Checkpoint weights the model does not use, as "name [shape]". */
    public List<String> leftOver() {
        return leftOver;
    }

    /** Weights present in both with different shapes, as "name: checkpoint [..], model [..]". */
    public List<String> wrongShape() {
        return wrongShape;
    }

    private static String message(String source, String target, List<String> missing, List<String> leftOver, List<String> wrongShape) {
        StringBuilder sb = new StringBuilder("the checkpoint ").append(source).append(" does not fit ").append(target).append(':');
        section(sb, "missing from the checkpoint", missing);
        section(sb, "left over in the checkpoint (the model has no such weight)", leftOver);
        section(sb, "wrong shape", wrongShape);
        return sb.toString();
    }

    private static void section(StringBuilder sb, String title, List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        sb.append("\n  ").append(title).append(" (").append(names.size()).append("): ").append(String.join(", ", names));
    }
}
