package org.mljava.benchmarks;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import java.util.Arrays;
import java.util.List;
import org.mljava.transformers.PretrainedTransformer;
import org.mljava.transformers.Transformers;
import org.mljava.models.MiniLm;

/**
 * all-MiniLM-L6-v2 sentence embeddings of a batch of 32 texts (IMDb reviews cut to at most 64 tokens; the batch is
 * padded to its longest text, printed at setup), tokenization and mean pooling included, on the two engines the notebooks use:
 * DJL's PyTorch engine (the project's own trainable BERT, {@link Transformers#miniLm()}, weights from the fp32 ONNX
 * file) and ONNX Runtime (the same ONNX file, {@link MiniLm#criteria}), each with one intra-op and one inter-op thread.
 * Metric: the first embedding's first coordinate (both must agree).
 */
final class MiniLmTasks {
    private MiniLmTasks() {
    }

    /** 32 IMDb reviews, each cut to its longest prefix of whole words that MiniLM's tokenizer turns into at most 64 tokens. */
    static List<String> batch(Data d) {
        try (var tokenizer = MiniLm.tokenizer()) {
            List<String> out = new java.util.ArrayList<>();
            for (String text : d.imdbTrain.texts().subList(0, 32)) {
                String[] words = text.split("\\s+");
                int lo = 1, hi = words.length;
                while (lo < hi) {                                        // the most words with <= 64 tokens ([CLS] and [SEP] included)
                    int mid = (lo + hi + 1) / 2;
                    if (tokenizer.encode(String.join(" ", Arrays.copyOf(words, mid))).getIds().length <= 64) {
                        lo = mid;
                    } else {
                        hi = mid - 1;
                    }
                }
                out.add(String.join(" ", Arrays.copyOf(words, lo)));
            }
            return out;
        }
    }

    static final class OnPyTorch implements JavaTask {
        PretrainedTransformer model;
        List<String> texts;

        @Override
        public void setup(Data d, int size) {
            model = Transformers.miniLm();
            texts = batch(d);
            System.out.printf("   MiniLM batch: %d texts x %d tokens (padded to the longest)%n", texts.size(), model.tokenize(texts, 256).length());
        }

        @Override
        public double run() {
            return model.embed(texts, 256)[0][0];
        }

        @Override
        public void close() {
            model.close();
        }
    }

    static final class OnOnnxRuntime implements JavaTask {
        ZooModel<String[], float[][]> model;
        Predictor<String[], float[][]> predictor;
        String[] texts;

        @Override
        public void setup(Data d, int size) throws Exception {
            model = MiniLm.criteria(false).toBuilder().optOption("intraOpNumThreads", "1").optOption("interOpNumThreads", "1").build().loadModel();
            predictor = model.newPredictor();
            texts = batch(d).toArray(String[]::new);
        }

        @Override
        public double run() throws Exception {
            return predictor.predict(texts)[0][0];
        }

        @Override
        public void close() {
            predictor.close();
            model.close();
        }
    }
}
