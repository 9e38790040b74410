package org.mljava.transformers;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.djl.translate.NoopTranslator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mljava.models.Models;
import org.mljava.data.Datasets;
import org.mljava.data.Split;

/**
 * Not a test: timings of MiniLM on batches of 32 x 64 tokens, DJL (PyTorch engine) forward and
 * fine-tuning step vs ONNX Runtime forward. Skipped unless asked for:
 * {@code mvn -pl helpers -am test -Dtest=TransformerBenchmark -Dmljava.benchmark=true -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "mljava.benchmark", matches = "true")
class TransformerBenchmark {

    static final int BATCH = 32;
    static final int TOKENS = 64;
    static final int RUNS = Integer.getInteger("mljava.benchmark.runs", 5);
    /** ONNX Runtime's intra-op threads: as many as DJL's PyTorch gets, for a fair comparison. */
    static final String THREADS = System.getProperty("ai.djl.pytorch.num_threads", "1");

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v[v.length / 2];
    }

    @Test
    void miniLmForwardAndTrainStepDjlVsOnnxRuntime() throws Exception {
        List<String> texts = Datasets.imdb(Split.TRAIN).limit(BATCH).texts(); // reviews are longer than 64 tokens
        Checkpoint weights = OnnxInitializers.read(Models.miniLmOnnx(false));
        List<String> rows = new ArrayList<>();
        try (PretrainedTransformer minilm = Transformers.fromCheckpoint("minilm", BertConfig.allMiniLmL6V2(), weights,
                Models.miniLmTokenizerJson())) {
            TokenBatch batch = minilm.tokenize(texts, TOKENS);
            if (batch.length() != TOKENS) {
                throw new IllegalStateException("expected " + TOKENS + " tokens, got " + batch.length());
            }
            // DJL forward, inference
            List<Double> forward = new ArrayList<>();
            for (int i = 0; i <= RUNS; i++) {
                try (NDManager scope = minilm.manager().newSubManager()) {
                    NDList inputs = batch.toNDList(scope);
                    long t0 = System.nanoTime();
                    minilm.body().forward(new ParameterStore(scope, false), inputs, false).get(0).toFloatArray();
                    if (i > 0) {
                        forward.add((System.nanoTime() - t0) / 1e6);
                    }
                }
            }
            rows.add(String.format("DJL PyTorch forward (inference)           %8.0f ms  %s", median(forward), forward));
            for (boolean frozen : new boolean[] {true, false}) {
                SequenceClassificationHead head = new SequenceClassificationHead(minilm.body(), 2, Pooling.MEAN);
                long[] labels = new long[BATCH];
                for (int i = 0; i < BATCH; i++) {
                    labels[i] = i % 2;
                }
                List<Long> stamps = new ArrayList<>();
                stamps.add(System.nanoTime());
                FineTuner.fit(head, minilm.manager(), BATCH * (RUNS + 1),
                        (picked, scope) -> new FineTuner.Batch(batch.toNDList(scope), new NDList(scope.create(labels))),
                        new MaskedCrossEntropyLoss(), FineTuning.defaults().withBatchSize(BATCH).withFrozenWordEmbeddings(frozen),
                        step -> stamps.add(System.nanoTime()));
                List<Double> steps = new ArrayList<>();
                for (int i = 2; i < stamps.size(); i++) { // the first step warms up
                    steps.add((stamps.get(i) - stamps.get(i - 1)) / 1e6);
                }
                rows.add(String.format("DJL PyTorch train step, embeddings %-7s %8.0f ms  %s", frozen ? "frozen" : "trained",
                        median(steps), steps));
            }
        }
        // ONNX Runtime forward on the same ids
        try (PretrainedTransformer tokenizerOnly = Transformers.fromCheckpoint("minilm", BertConfig.allMiniLmL6V2(), weights,
                Models.miniLmTokenizerJson());
             ZooModel<NDList, NDList> ort = Criteria.builder().setTypes(NDList.class, NDList.class).optModelPath(Models.miniLmOnnx(false))
                     .optEngine("OnnxRuntime").optTranslator(new NoopTranslator())
                     .optOption("interOpNumThreads", "1").optOption("intraOpNumThreads", THREADS).build().loadModel();
             Predictor<NDList, NDList> predictor = ort.newPredictor();
             NDManager manager = NDManager.newBaseManager("OnnxRuntime")) {
            TokenBatch batch = tokenizerOnly.tokenize(texts, TOKENS);
            List<Double> times = new ArrayList<>();
            for (int i = 0; i <= RUNS; i++) {
                Shape shape = new Shape(BATCH, TOKENS);
                NDArray ids = manager.create(batch.ids(), shape);
                ids.setName("input_ids");
                NDArray mask = manager.create(batch.mask(), shape);
                mask.setName("attention_mask");
                NDArray types = manager.create(batch.types(), shape);
                types.setName("token_type_ids");
                long t0 = System.nanoTime();
                predictor.predict(new NDList(ids, mask, types)).get(0).toFloatArray();
                if (i > 0) {
                    times.add((System.nanoTime() - t0) / 1e6);
                }
            }
            rows.add(String.format("ONNX Runtime forward (%s thread%s)          %8.0f ms  %s", THREADS, THREADS.equals("1") ? " " : "s",
                    median(times), times));
        }
        System.out.println("MiniLM, batch " + BATCH + " x " + TOKENS + " tokens, median of " + RUNS + " runs after one warm-up;"
                + " threads: ai.djl.pytorch.num_threads=" + System.getProperty("ai.djl.pytorch.num_threads") + ", OMP_NUM_THREADS="
                + System.getenv("OMP_NUM_THREADS") + ", cores " + Runtime.getRuntime().availableProcessors());
        rows.forEach(System.out::println);
    }
}
