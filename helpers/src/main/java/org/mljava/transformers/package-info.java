/**
 * Pretrained transformers you can fine-tune in Java: Hugging Face's BERT-family encoders (BERT,
 * MiniLM, DistilBERT, RoBERTa, XLM-R) and GPT-2 as DJL blocks on the PyTorch engine, with the
 * checkpoints' own weight names, task heads, checkpoint readers and save/load.
 *
 * <h2>The notebook recipe (offline)</h2>
 * <pre>{@code
 * %maven org.mljava:mljava-helpers:0.1.0 ai.djl:api:0.36.0 ai.djl.pytorch:pytorch-engine:0.36.0 ai.djl.pytorch:pytorch-jni:2.7.1-0.36.0 ai.djl.pytorch:pytorch-native-cpu:jar:linux-x86_64:2.7.1 ai.djl.huggingface:tokenizers:0.36.0
 *
 * TextDataset train = Datasets.imdb(Split.TRAIN).limit(200), test = Datasets.imdb(Split.TEST).limit(200);
 * // the MiniLM weights come from setup's cache (or the Maven jar in ~/.m2): no %maven line needed for them
 * try (PretrainedTransformer minilm = Transformers.encoder("all-minilm-l6-v2");        // 1. load
 *      TextClassifier classifier = TextClassifier.on(minilm, List.of(train.classNames()), Pooling.MEAN)) { // 2. head
 *     FineTuning.History history = classifier.fit(train.texts(), train.labels(),       // 3. fine-tune
 *             FineTuning.defaults().withEpochs(2));
 *     System.out.println(history.summary(5));
 *     System.out.println(classifier.accuracy(test.texts(), test.labels()));            // 4. evaluate
 *     classifier.save(Path.of("models/minilm-imdb"));                                  // safetensors + config.json
 * }
 * }</pre>
 * <b>Online</b>, the same cell with a hub name: {@code Transformers.encoder("distilbert-base-uncased")}
 * (or {@code "bert-base-uncased"}, {@code "xlm-roberta-base"}; {@code Transformers.decoder("gpt2")}):
 * config.json, model.safetensors and tokenizer.json come through {@link org.mljava.models.HuggingFaceHub}
 * at the revision in the data manifest, are checked and cached. Offline, those names fail with a
 * message that names the repository and how to get it.
 *
 * <h2>The parts</h2>
 * <ul>
 *   <li>Readers: {@link org.mljava.transformers.Safetensors} (read and write),
 *       {@link org.mljava.transformers.OnnxInitializers} (an ONNX file's weights, renamed to PyTorch's
 *       names), both giving a {@link org.mljava.transformers.Checkpoint} of
 *       {@link org.mljava.transformers.WeightTensor}s.</li>
 *   <li>Loading: {@link org.mljava.transformers.WeightMapping} (prefixes, legacy names, ignored
 *       extras; one {@link org.mljava.transformers.WeightMismatchException} naming every missing,
 *       left-over and wrongly shaped weight) and {@link org.mljava.transformers.WeightLoader}.</li>
 *   <li>Bodies: {@link org.mljava.transformers.BertEncoder} and
 *       {@link org.mljava.transformers.Gpt2Decoder}, shaped by {@link org.mljava.transformers.BertConfig}
 *       and {@link org.mljava.transformers.Gpt2Config}; attention probabilities on request.</li>
 *   <li>Heads: {@link org.mljava.transformers.SequenceClassificationHead} (with
 *       {@link org.mljava.transformers.Pooling}), {@link org.mljava.transformers.TokenClassificationHead},
 *       {@link org.mljava.transformers.QuestionAnsweringHead},
 *       {@link org.mljava.transformers.CausalLanguageModelHead} (GPT-2, tied),
 *       {@link org.mljava.transformers.MaskedLanguageModelHead}; one loss for all:
 *       {@link org.mljava.transformers.MaskedCrossEntropyLoss}.</li>
 *   <li>Training and files: {@link org.mljava.transformers.FineTuner} (any head),
 *       {@link org.mljava.transformers.TextClassifier} (texts in, labels out),
 *       {@link org.mljava.transformers.SavedModels}.</li>
 *   <li>Tokenizer: {@link org.mljava.transformers.ByteLevelBpe}, GPT-2's byte-level BPE encoder for
 *       GPT-2's vocabulary or any trained one (the first merges only, if asked), with a writer of
 *       Hugging Face {@code tokenizer.json} files.</li>
 *   <li>Encoder-decoders for generation (online): {@link org.mljava.transformers.OnnxSeq2Seq} runs a
 *       BART / PEGASUS / T5 checkpoint in Hugging Face Optimum's ONNX layout on ONNX Runtime, with
 *       greedy and beam search (length penalty, min/max length, no-repeat n-grams) written here.</li>
 * </ul>
 *
 * <h2>On a CPU</h2>
 * A fine-tuning step costs a forward and a backward pass through every layer, and Adam's update.
 * What a learner can do when it is slow: keep the word-embedding table frozen (the default: with
 * Adam its update dominates a step), use short sequences ({@code withMaxLength(64)}), small
 * batches, few texts; set DJL to one intra-op thread on a shared 2-core machine
 * ({@code -Dai.djl.pytorch.num_threads=1}). Numbers measured on this project's machines are in
 * the notebooks.
 */
package org.mljava.transformers;
