package org.mljava.transformers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A pretrained transformer fine-tuned to classify texts, in a few lines:
 * <pre>{@code
 * try (PretrainedTransformer minilm = Transformers.encoder("all-minilm-l6-v2");   // or "distilbert-base-uncased" online
 *      TextClassifier classifier = TextClassifier.on(minilm, List.of("negative", "positive"), Pooling.MEAN)) {
 *     FineTuning.History history = classifier.fit(trainTexts, trainLabels, FineTuning.defaults().withEpochs(2));
 *     System.out.println(history.summary(5));
 *     double accuracy = classifier.accuracy(testTexts, testLabels);
 *     classifier.save(Path.of("models/minilm-imdb"));
 * }
 * try (TextClassifier again = TextClassifier.load(Path.of("models/minilm-imdb"))) { ... }
 * }</pre>
 * The head is a {@link SequenceClassificationHead} on the model's body; fine-tuning changes the
 * body's weights too (the body is shared: one PretrainedTransformer, one classifier at a time).
 */
public final class TextClassifier implements AutoCloseable {

    /** Texts per forward pass when predicting. */
    static final int PREDICT_BATCH = 32;

    private final PretrainedTransformer base;
    private final SequenceClassificationHead head;
    private final List<String> labels;
    private final boolean ownsBase;
    private int maxLength = FineTuning.defaults().maxLength();

    private TextClassifier(PretrainedTransformer base, SequenceClassificationHead head, List<String> labels, boolean ownsBase) {
        this.base = base;
        this.head = head;
        this.labels = List.copyOf(labels);
        this.ownsBase = ownsBase;
    }

    /**
     * A classifier with a new head on {@code base} for the given label names (label i is
     * {@code labels.get(i)}); the head's weights are random until {@link #fit}.
     */
    public static TextClassifier on(PretrainedTransformer base, List<String> labels, Pooling pooling) {
        SequenceClassificationHead head = new SequenceClassificationHead(base.body(), labels.size(), pooling);
        head.initializeWeights(base.manager());
        return new TextClassifier(base, head, labels, false);
    }

    /** Loads a classifier saved with {@link #save(Path)}; closing it frees its weights. */
    public static TextClassifier load(Path folder) {
        SavedModels.Loaded loaded = SavedModels.load(folder);
        if (!(loaded.head() instanceof SequenceClassificationHead h)) {
            loaded.close();
            throw new IllegalArgumentException(folder + " holds a " + loaded.head().task() + " model, not a text classifier");
        }
        List<String> names = loaded.labels();
        if (names.isEmpty()) {
            names = new ArrayList<>();
            for (int i = 0; i < h.numLabels(); i++) {
                names.add("label " + i);
            }
        }
        return new TextClassifier(loaded.base(), h, names, true);
    }

    public SequenceClassificationHead head() {
        return head;
    }

    public PretrainedTransformer base() {
        return base;
    }

    public List<String> labels() {
        return labels;
    }

    /** The token limit used for prediction (the last fit's, 64 before any). */
    public int maxLength() {
        return maxLength;
    }

    /** Fine-tunes body and head on labelled texts ({@code labels[i]} in 0..labels-1). */
    public FineTuning.History fit(List<String> texts, int[] targets, FineTuning settings) {
        if (texts.size() != targets.length) {
            throw new IllegalArgumentException(texts.size() + " texts but " + targets.length + " labels");
        }
        for (int t : targets) {
            if (t < 0 || t >= labels.size()) {
                throw new IllegalArgumentException("label " + t + " is not in 0.." + (labels.size() - 1));
            }
        }
        maxLength = settings.maxLength();
        return FineTuner.fit(head, base.manager(), texts.size(), (rows, scope) -> {
            List<String> batchTexts = new ArrayList<>(rows.length);
            long[] y = new long[rows.length];
            for (int i = 0; i < rows.length; i++) {
                batchTexts.add(texts.get(rows[i]));
                y[i] = targets[rows[i]];
            }
            NDList inputs = base.tokenize(batchTexts, settings.maxLength()).toNDList(scope);
            return new FineTuner.Batch(inputs, new NDList(scope.create(y)));
        }, new MaskedCrossEntropyLoss(), settings);
    }

    /** Class probabilities [texts][labels] (inference: no dropout). */
    public float[][] probabilities(List<String> texts) {
        float[][] out = new float[texts.size()][];
        for (int from = 0; from < texts.size(); from += PREDICT_BATCH) {
            List<String> part = texts.subList(from, Math.min(texts.size(), from + PREDICT_BATCH));
            try (NDManager scope = base.manager().newSubManager()) {
                NDArray logits = head.forward(new ParameterStore(scope, false), base.tokenize(part, maxLength).toNDList(scope), false).get(0);
                float[] p = logits.softmax(-1).toFloatArray();
                for (int i = 0; i < part.size(); i++) {
                    out[from + i] = java.util.Arrays.copyOfRange(p, i * labels.size(), (i + 1) * labels.size());
                }
            }
        }
        return out;
    }

    /** The most probable label of each text. */
    public int[] predict(List<String> texts) {
        float[][] p = probabilities(texts);
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            for (int k = 1; k < p[i].length; k++) {
                if (p[i][k] > p[i][out[i]]) {
                    out[i] = k;
                }
            }
        }
        return out;
    }

    /** The fraction of texts whose predicted label is right. */
    public double accuracy(List<String> texts, int[] targets) {
        int[] predicted = predict(texts);
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            right += predicted[i] == targets[i] ? 1 : 0;
        }
        return predicted.length == 0 ? Double.NaN : (double) right / predicted.length;
    }

    /** The mean cross-entropy on labelled texts, without dropout (to see a step lower it). */
    public double loss(List<String> texts, int[] targets) {
        float[][] p = probabilities(texts);
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum -= Math.log(Math.max(p[i][targets[i]], 1e-30f));
        }
        return sum / p.length;
    }

    /** Saves weights (safetensors), config.json (with the label names) and tokenizer.json to a folder. */
    public void save(Path folder) {
        SavedModels.save(folder, head, base, labels);
    }

    /** Frees the weights if this classifier loaded them ({@link #load}); otherwise the PretrainedTransformer owns them. */
    @Override
    public void close() {
        if (ownsBase) {
            base.close();
        }
    }

    @Override
    public String toString() {
        return "TextClassifier(" + labels + ", pooling " + head.pooling() + ", on " + base.name() + ")";
    }
}
