package org.mljava.transformers;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mljava.models.HuggingFaceHub;

/**
 * An encoder-decoder transformer (BART, PEGASUS, T5, Marian ...) exported to ONNX the way Hugging Face
 * Optimum exports it, run on DJL's OnnxRuntime engine, with the generation loop written here:
 * greedy search and beam search with a length penalty, minimum and maximum length, a no-repeat
 * n-gram rule, and the start, forced-BOS and EOS tokens of the model's config files.
 * <pre>{@code
 * try (OnnxSeq2Seq bart = OnnxSeq2Seq.fromHub("Xenova/distilbart-cnn-6-6", "main", true)) {
 *     OnnxSeq2Seq.Generated summary = bart.generate(article);            // the checkpoint's own settings
 *     OnnxSeq2Seq.Generated quick = bart.generate(article, bart.settings().withNumBeams(1));   // greedy
 * }
 * }</pre>
 * <b>Files</b> (the layout of Optimum's export and of the {@code Xenova/*} hub repositories):
 * <ul>
 *   <li>{@code onnx/encoder_model.onnx}: inputs {@code input_ids}, {@code attention_mask} (int64,
 *       [batch, source length]) -> output {@code last_hidden_state} (float, [batch, source length, width]);</li>
 *   <li>{@code onnx/decoder_model.onnx} (the decoder <i>without</i> past key/values): inputs {@code input_ids}
 *       (the summary so far), {@code encoder_attention_mask}, {@code encoder_hidden_states} -> output
 *       {@code logits} ([batch, target length, vocabulary]); other outputs (present key/values) are ignored;</li>
 *   <li>{@code tokenizer.json} (Hugging Face tokenizers), {@code config.json} and, when present,
 *       {@code generation_config.json}.</li>
 * </ul>
 * The input and output names are checked when the files are loaded (the ONNX Runtime session's input
 * names, and the outputs of one probe run on a one-token input); a missing name is reported with the
 * names the file has.
 * <p><b>Decoding settings</b> come from {@code generation_config.json}, else from {@code config.json}'s top
 * level, else from its {@code task_specific_params.summarization}, else Hugging Face's defaults (greedy,
 * at most 20 tokens). Lengths count as in Hugging Face transformers: the decoder sequence including its
 * start token ({@code decoder_start_token_id}); {@code min_length} bans EOS while the sequence is shorter,
 * {@code forced_bos_token_id} is forced at the first generated position, {@code forced_eos_token_id} at
 * the last one ({@code max_length - 1}).
 * <p><b>Beam search</b> follows Hugging Face's beam scorer: each step takes the log-softmax of the next-token
 * logits of every beam, applies the rules above (banned tokens get minus infinity, a forced token
 * log-probability 0), adds the beam's running score, keeps the best {@code 2 * numBeams} candidates; a
 * candidate that ends in EOS within the first {@code numBeams} becomes a finished hypothesis with score
 * {@code sum of log-probabilities / (generated tokens)^lengthPenalty} (the start token not counted,
 * EOS counted, as in Hugging Face), the others continue. With {@code early_stopping} it stops when {@code numBeams} hypotheses are
 * finished; without it, when no running beam can still beat the worst finished one (Hugging Face's
 * heuristic). A length penalty above 1 favours longer summaries.
 * <p><b>No key/value cache.</b> At every step the decoder re-reads the whole summary so far (the plain
 * {@code decoder_model.onnx}, not {@code decoder_with_past_model.onnx}), so a summary of n tokens costs
 * O(n^2) decoder positions instead of O(n). That is simple and exact, and fine for a few articles; it is
 * the first thing to change for throughput. The encoder runs once per document.
 * <p>Needs on the class path: {@code ai.djl:api}, {@code ai.djl.onnxruntime:onnxruntime-engine},
 * {@code ai.djl.huggingface:tokenizers}.
 */
public final class OnnxSeq2Seq implements AutoCloseable {

    /** Input names of Optimum's encoder export. */
    public static final List<String> ENCODER_INPUTS = List.of("input_ids", "attention_mask");
    /** Input names of Optimum's decoder export (without past key/values). */
    public static final List<String> DECODER_INPUTS = List.of("input_ids", "encoder_attention_mask", "encoder_hidden_states");
    static final String ENCODER_OUTPUT = "last_hidden_state";
    static final String DECODER_OUTPUT = "logits";

    /**
     * How to decode. Lengths count the decoder sequence including its start token (as in Hugging Face);
     * -1 for a token id means "none".
     *
     * @param numBeams beams (1: greedy search)
     * @param minLength EOS is banned while the sequence is shorter than this
     * @param maxLength the longest sequence
     * @param lengthPenalty exponent of the length in the beam-search score (1: mean log-probability)
     * @param noRepeatNgramSize no n-gram of this size occurs twice (0: no rule)
     * @param earlyStopping beam search stops as soon as {@code numBeams} hypotheses are finished
     * @param decoderStartTokenId the decoder's first input token
     * @param forcedBosTokenId forced as the first generated token (-1: none)
     * @param eosTokenId the end-of-sequence token
     * @param forcedEosTokenId forced as the last token when {@code maxLength} is reached (-1: none)
     */
    public record GenerationSettings(int numBeams, int minLength, int maxLength, double lengthPenalty, int noRepeatNgramSize,
                                     boolean earlyStopping, int decoderStartTokenId, int forcedBosTokenId, int eosTokenId,
                                     int forcedEosTokenId) {
        public GenerationSettings {
            if (numBeams < 1 || maxLength < 2 || minLength < 0 || noRepeatNgramSize < 0) {
                throw new IllegalArgumentException("generation settings out of range: " + numBeams + " beams, min length "
                        + minLength + ", max length " + maxLength + ", no-repeat n-gram size " + noRepeatNgramSize);
            }
        }

        public GenerationSettings withNumBeams(int beams) {
            return new GenerationSettings(beams, minLength, maxLength, lengthPenalty, noRepeatNgramSize, earlyStopping,
                    decoderStartTokenId, forcedBosTokenId, eosTokenId, forcedEosTokenId);
        }

        public GenerationSettings withMinLength(int min) {
            return new GenerationSettings(numBeams, min, maxLength, lengthPenalty, noRepeatNgramSize, earlyStopping,
                    decoderStartTokenId, forcedBosTokenId, eosTokenId, forcedEosTokenId);
        }

        public GenerationSettings withMaxLength(int max) {
            return new GenerationSettings(numBeams, minLength, max, lengthPenalty, noRepeatNgramSize, earlyStopping,
                    decoderStartTokenId, forcedBosTokenId, eosTokenId, forcedEosTokenId);
        }

        public GenerationSettings withLengthPenalty(double penalty) {
            return new GenerationSettings(numBeams, minLength, maxLength, penalty, noRepeatNgramSize, earlyStopping,
                    decoderStartTokenId, forcedBosTokenId, eosTokenId, forcedEosTokenId);
        }

        public GenerationSettings withNoRepeatNgramSize(int n) {
            return new GenerationSettings(numBeams, minLength, maxLength, lengthPenalty, n, earlyStopping,
                    decoderStartTokenId, forcedBosTokenId, eosTokenId, forcedEosTokenId);
        }

        public GenerationSettings withEarlyStopping(boolean stop) {
            return new GenerationSettings(numBeams, minLength, maxLength, lengthPenalty, noRepeatNgramSize, stop,
                    decoderStartTokenId, forcedBosTokenId, eosTokenId, forcedEosTokenId);
        }

        /** The same settings without forced BOS/EOS tokens (-1 for both). */
        public GenerationSettings withoutForcedTokens() {
            return new GenerationSettings(numBeams, minLength, maxLength, lengthPenalty, noRepeatNgramSize, earlyStopping,
                    decoderStartTokenId, -1, eosTokenId, -1);
        }

        @Override
        public String toString() {
            return "beams " + numBeams + ", length " + minLength + ".." + maxLength + ", length penalty " + lengthPenalty
                    + ", no-repeat n-gram " + noRepeatNgramSize + (earlyStopping ? ", early stopping" : "")
                    + "; start token " + decoderStartTokenId + ", EOS " + eosTokenId
                    + (forcedBosTokenId >= 0 ? ", forced BOS " + forcedBosTokenId : "")
                    + (forcedEosTokenId >= 0 ? ", forced EOS " + forcedEosTokenId : "");
        }
    }

    /**
     * A generated sequence.
     *
     * @param tokenIds the tokens after the decoder's start token (ending in EOS when {@code finished})
     * @param text the tokens decoded to text, special tokens left out
     * @param logProbability the sum of the chosen tokens' log-probabilities (a forced token counts 0)
     * @param score what the search ranked by: for beam search the log-probability divided by
     *              {@code length()^lengthPenalty}, for greedy search the log-probability
     * @param finished whether it ended with EOS (else it stopped at the maximum length)
     */
    public record Generated(long[] tokenIds, String text, double logProbability, double score, boolean finished) {
        /** Number of generated tokens (EOS included). */
        public int length() {
            return tokenIds.length;
        }

        @Override
        public String toString() {
            return String.format("%s (%d tokens, log-probability %.3f, score %.4f%s)", text, tokenIds.length, logProbability, score,
                    finished ? "" : ", stopped at the maximum length");
        }
    }

    private final Model encoderModel;
    private final Model decoderModel;
    private final Predictor<NDList, NDList> encoder;
    private final Predictor<NDList, NDList> decoder;
    private final NDManager manager;
    private final HuggingFaceTokenizer tokenizer;
    private final GenerationSettings settings;
    private final int maxInputTokens;
    private final int vocabularySize;
    private final int hiddenSize;

    private OnnxSeq2Seq(Path encoderOnnx, Path decoderOnnx, Path tokenizerJson, Path configJson, Path generationConfigJson) {
        for (Path p : new Path[] {encoderOnnx, decoderOnnx, tokenizerJson, configJson}) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("OnnxSeq2Seq: file not found: " + p);
            }
        }
        JsonNode config = readJson(configJson);
        JsonNode generation = generationConfigJson != null && Files.isRegularFile(generationConfigJson) ? readJson(generationConfigJson) : null;
        settings = settingsFrom(config, generation);
        maxInputTokens = ConfigFields.optInt(config, 1024, "max_position_embeddings", "n_positions");
        Model enc = null;
        Model dec = null;
        HuggingFaceTokenizer tok = null;
        try {
            enc = loadOnnx("encoder", encoderOnnx, ENCODER_INPUTS);
            dec = loadOnnx("decoder", decoderOnnx, DECODER_INPUTS);
            tok = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson).optAddSpecialTokens(true)
                    .optTruncation(true).optMaxLength(maxInputTokens).optPadding(false).build();
        } catch (IOException | RuntimeException e) {
            for (AutoCloseable c : new AutoCloseable[] {enc, dec, tok}) {
                closeQuietly(c);
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalArgumentException("OnnxSeq2Seq: cannot load " + tokenizerJson + ": " + e.getMessage(), e);
        }
        encoderModel = enc;
        decoderModel = dec;
        tokenizer = tok;
        encoder = encoderModel.newPredictor(new NoopTranslator());
        decoder = decoderModel.newPredictor(new NoopTranslator());
        manager = NDManager.newBaseManager(Device.cpu(), "OnnxRuntime");
        // the probe: one-token document, one-token summary; checks the output names and reads the sizes
        try (NDManager probe = manager.newSubManager()) {
            long start = settings.decoderStartTokenId();
            Memory states = runEncoder(probe, new long[] {start}, encoderOnnx);
            hiddenSize = states.width();
            NDArray logits = runDecoder(probe, new long[][] {{start}}, states, 1, decoderOnnx);
            vocabularySize = (int) logits.getShape().get(2);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Loads an Optimum-style export from files; {@code generationConfigJson} may be null or missing.
     * Throws {@link IllegalArgumentException} naming what is missing or wrong.
     */
    public static OnnxSeq2Seq load(Path encoderOnnx, Path decoderOnnx, Path tokenizerJson, Path configJson, Path generationConfigJson) {
        return new OnnxSeq2Seq(encoderOnnx, decoderOnnx, tokenizerJson, configJson, generationConfigJson);
    }

    /**
     * Loads an export from a folder: {@code encoder_model.onnx} and {@code decoder_model.onnx} directly in
     * it or in its {@code onnx/} subfolder, beside {@code tokenizer.json}, {@code config.json} and
     * (optional) {@code generation_config.json}.
     */
    public static OnnxSeq2Seq load(Path folder) {
        Path onnx = Files.isRegularFile(folder.resolve("onnx").resolve("encoder_model.onnx")) ? folder.resolve("onnx") : folder;
        return load(onnx.resolve("encoder_model.onnx"), onnx.resolve("decoder_model.onnx"), folder.resolve("tokenizer.json"),
                folder.resolve("config.json"), folder.resolve("generation_config.json"));
    }

    /**
     * Downloads (or finds in the hub cache) an Optimum export from a Hugging Face hub repository in the
     * layout of the {@code Xenova/*} repositories ({@code onnx/encoder_model.onnx},
     * {@code onnx/decoder_model.onnx}, or their {@code _quantized} int8 versions when {@code quantized},
     * plus {@code tokenizer.json}, {@code config.json}, {@code generation_config.json}), through
     * {@link HuggingFaceHub} (checked against the hub's ETags). Use a commit hash as revision to pin it.
     */
    public static OnnxSeq2Seq fromHub(String repo, String revision, boolean quantized) {
        String suffix = quantized ? "_quantized" : "";
        Path config = HuggingFaceHub.file(repo, revision, "config.json");
        Path tokenizerJson = HuggingFaceHub.file(repo, revision, "tokenizer.json");
        Path generation;
        try {
            generation = HuggingFaceHub.file(repo, revision, "generation_config.json");
        } catch (RuntimeException e) {
            System.out.println("OnnxSeq2Seq: " + repo + " has no generation_config.json (" + e.getMessage() + "); using config.json");
            generation = null;
        }
        Path encoderOnnx = HuggingFaceHub.file(repo, revision, "onnx/encoder_model" + suffix + ".onnx");
        Path decoderOnnx = HuggingFaceHub.file(repo, revision, "onnx/decoder_model" + suffix + ".onnx");
        return load(encoderOnnx, decoderOnnx, tokenizerJson, config, generation);
    }

    /** The decoding settings of the model's config files (change them with the {@code with...} methods). */
    public GenerationSettings settings() {
        return settings;
    }

    /** The tokenizer of the checkpoint (tokenizer.json). */
    public HuggingFaceTokenizer tokenizer() {
        return tokenizer;
    }

    /** Longest input in tokens (config.json's max_position_embeddings); longer documents are truncated. */
    public int maxInputTokens() {
        return maxInputTokens;
    }

    /** Size of the output vocabulary (the last dimension of the decoder's logits). */
    public int vocabularySize() {
        return vocabularySize;
    }

    /** Width of the encoder's hidden states. */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** A document's token ids, with the tokenizer's special tokens, truncated to {@link #maxInputTokens()}. */
    public long[] tokenize(String document) {
        return tokenizer.encode(document).getIds();
    }

    /** Token ids to text, special tokens left out. */
    public String decode(long[] tokenIds) {
        return tokenizer.decode(tokenIds, true);
    }

    /** Summarizes (or translates ...) a document with the checkpoint's own settings. */
    public Generated generate(String document) {
        return generate(tokenize(document), settings);
    }

    /** Generates from a document with the given settings. */
    public Generated generate(String document, GenerationSettings settings) {
        return generate(tokenize(document), settings);
    }

    /** Generates from token ids: greedy search for one beam, else beam search. */
    public Generated generate(long[] inputIds, GenerationSettings settings) {
        return settings.numBeams() == 1 ? greedy(inputIds, settings) : beamSearch(inputIds, settings);
    }

    /**
     * The decoder's raw next-token logits after a summary prefix (which starts with the decoder start token):
     * one encoder and one decoder run, for looking inside the model.
     */
    public float[] nextTokenLogits(long[] inputIds, long[] decoderPrefix) {
        try (NDManager step = manager.newSubManager()) {
            Memory states = runEncoder(step, inputIds, null);
            NDArray logits = runDecoder(step, new long[][] {decoderPrefix}, states, 1, null);
            return lastPosition(logits)[0];
        }
    }

    /** Greedy search: at every step the most probable allowed token. */
    public Generated greedy(long[] inputIds, GenerationSettings s) {
        try (NDManager run = manager.newSubManager()) {
            Memory states = runEncoder(run, inputIds, null);
            List<Long> sequence = new ArrayList<>(List.of((long) s.decoderStartTokenId()));
            double logProbability = 0;
            boolean finished = false;
            while (sequence.size() < s.maxLength()) {
                long[] current = toArray(sequence);
                float[] scores;
                try (NDManager step = run.newSubManager()) {
                    scores = logSoftmax(lastPosition(runDecoder(step, new long[][] {current}, states, 1, null))[0]);
                }
                applyRules(scores, current, s);
                int best = argmax(scores);
                if (scores[best] == Float.NEGATIVE_INFINITY) {
                    break;   // every token banned (cannot happen with sane settings)
                }
                logProbability += scores[best];
                sequence.add((long) best);
                if (best == s.eosTokenId()) {
                    finished = true;
                    break;
                }
            }
            long[] generated = toArray(sequence.subList(1, sequence.size()));
            return new Generated(generated, decode(generated), logProbability, logProbability, finished);
        }
    }

    /** Beam search with a length penalty, as in the class comment. */
    public Generated beamSearch(long[] inputIds, GenerationSettings s) {
        int beams = s.numBeams();
        try (NDManager run = manager.newSubManager()) {
            Memory states = runEncoder(run, inputIds, null);
            long[][] running = new long[beams][];
            double[] runningScores = new double[beams];
            for (int b = 0; b < beams; b++) {
                running[b] = new long[] {s.decoderStartTokenId()};
                runningScores[b] = b == 0 ? 0 : -1e9;   // identical beams at the start: only the first one counts
            }
            List<Hypothesis> finished = new ArrayList<>();
            while (running[0].length < s.maxLength()) {
                int curLen = running[0].length;
                float[][] scores;
                try (NDManager step = run.newSubManager()) {
                    scores = lastPosition(runDecoder(step, running, states, beams, null));
                }
                List<Candidate> candidates = new ArrayList<>();
                for (int b = 0; b < beams; b++) {
                    float[] logProbs = logSoftmax(scores[b]);
                    applyRules(logProbs, running[b], s);
                    for (int token : topIndices(logProbs, 2 * beams)) {
                        if (logProbs[token] != Float.NEGATIVE_INFINITY) {
                            candidates.add(new Candidate(b, token, runningScores[b] + logProbs[token]));
                        }
                    }
                }
                candidates.sort(Comparator.comparingDouble((Candidate c) -> -c.score()).thenComparingInt(Candidate::beam)
                        .thenComparingInt(Candidate::token));
                long[][] nextRunning = new long[beams][];
                double[] nextScores = new double[beams];
                int filled = 0;
                for (int rank = 0; rank < candidates.size() && filled < beams && rank < 2 * beams; rank++) {
                    Candidate c = candidates.get(rank);
                    long[] sequence = Arrays.copyOf(running[c.beam()], curLen + 1);
                    sequence[curLen] = c.token();
                    if (c.token() == s.eosTokenId()) {
                        if (rank < beams) {
                            addHypothesis(finished, new Hypothesis(sequence, c.score(), lengthNormalized(c.score(), curLen, s), true), beams);   // EOS counted
                        }
                    } else {
                        nextRunning[filled] = sequence;
                        nextScores[filled++] = c.score();
                    }
                }
                if (filled < beams) {   // fewer allowed continuations than beams (tiny vocabularies): stop here
                    for (int b = 0; b < filled; b++) {
                        addHypothesis(finished, new Hypothesis(nextRunning[b], nextScores[b], lengthNormalized(nextScores[b], curLen, s), false), beams);
                    }
                    running = null;
                    break;
                }
                running = nextRunning;
                runningScores = nextScores;
                if (done(finished, runningScores[0], curLen + 1, s)) {
                    running = null;
                    break;
                }
            }
            if (running != null) {   // maximum length reached: the running beams compete with the finished ones
                for (int b = 0; b < beams; b++) {
                    addHypothesis(finished, new Hypothesis(running[b], runningScores[b], lengthNormalized(runningScores[b], running[b].length - 1, s), false), beams);
                }
            }
            Hypothesis best = finished.stream().max(Comparator.comparingDouble(Hypothesis::score)).orElseThrow();
            long[] generated = Arrays.copyOfRange(best.sequence(), 1, best.sequence().length);
            return new Generated(generated, decode(generated), best.logProbability(), best.score(), best.finished());
        }
    }

    private record Candidate(int beam, int token, double score) {
    }

    private record Hypothesis(long[] sequence, double logProbability, double score, boolean finished) {
    }

    private static double lengthNormalized(double logProbability, int generatedTokens, GenerationSettings s) {
        return logProbability / Math.pow(Math.max(1, generatedTokens), s.lengthPenalty());
    }

    private static void addHypothesis(List<Hypothesis> finished, Hypothesis h, int beams) {
        finished.add(h);
        if (finished.size() > beams) {
            finished.remove(finished.stream().min(Comparator.comparingDouble(Hypothesis::score)).orElseThrow());
        }
    }

    private static boolean done(List<Hypothesis> finished, double bestRunning, int curLen, GenerationSettings s) {
        if (finished.size() < s.numBeams()) {
            return false;
        }
        if (s.earlyStopping()) {
            return true;
        }
        double worst = finished.stream().mapToDouble(Hypothesis::score).min().orElseThrow();
        return worst >= lengthNormalized(bestRunning, curLen - 1, s);
    }

    /**
     * The decoding rules on one beam's next-token log-probabilities, in place: minimum length (EOS banned),
     * no-repeat n-grams (banned), forced BOS at the first and forced EOS at the last position (every other
     * token banned, the forced one set to 0). {@code sequence} is the decoder sequence so far, start token included.
     */
    public static void applyRules(float[] logProbs, long[] sequence, GenerationSettings s) {
        int curLen = sequence.length;
        if (curLen < s.minLength() && s.eosTokenId() >= 0 && s.eosTokenId() < logProbs.length) {
            logProbs[s.eosTokenId()] = Float.NEGATIVE_INFINITY;
        }
        for (int token : bannedByNoRepeatNgram(sequence, s.noRepeatNgramSize())) {
            if (token < logProbs.length) {
                logProbs[token] = Float.NEGATIVE_INFINITY;
            }
        }
        int forced = curLen == 1 && s.forcedBosTokenId() >= 0 ? s.forcedBosTokenId()
                : curLen == s.maxLength() - 1 && s.forcedEosTokenId() >= 0 ? s.forcedEosTokenId() : -1;
        if (forced >= 0 && forced < logProbs.length) {
            Arrays.fill(logProbs, Float.NEGATIVE_INFINITY);
            logProbs[forced] = 0;
        }
    }

    /**
     * The tokens that would complete an n-gram already in {@code sequence}: every token that followed an
     * earlier occurrence of the sequence's last n-1 tokens. Empty for n = 0 or a sequence shorter than n-1.
     */
    public static Set<Integer> bannedByNoRepeatNgram(long[] sequence, int n) {
        Set<Integer> banned = new HashSet<>();
        if (n <= 0 || sequence.length + 1 < n) {
            return banned;
        }
        int prefixStart = sequence.length - (n - 1);
        for (int start = 0; start + n <= sequence.length; start++) {
            boolean same = true;
            for (int k = 0; k < n - 1 && same; k++) {
                same = sequence[start + k] == sequence[prefixStart + k];
            }
            if (same) {
                banned.add((int) sequence[start + n - 1]);
            }
        }
        return banned;
    }

    // ---------------------------------------------------------------- ONNX Runtime

    private static Model loadOnnx(String role, Path file, List<String> expectedInputs) {
        Model model = Model.newInstance(role, Device.cpu(), "OnnxRuntime");
        try {
            model.load(file);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new IllegalArgumentException("OnnxSeq2Seq: " + file + " is not an ONNX model ONNX Runtime can load (" + role + "): "
                    + e.getMessage(), e);
        }
        List<String> inputs = model.getBlock().describeInput().keys();
        List<String> missing = expectedInputs.stream().filter(n -> !inputs.contains(n)).toList();
        if (!missing.isEmpty() || inputs.size() != expectedInputs.size()) {
            model.close();
            throw new IllegalArgumentException("OnnxSeq2Seq: the " + role + " file " + file + " has the inputs " + inputs
                    + ", but an Optimum " + role + " export (" + role + "_model.onnx, without past key/values) has " + expectedInputs
                    + (missing.isEmpty() ? "" : "; missing: " + missing)
                    + (role.equals("decoder") && inputs.stream().anyMatch(n -> n.startsWith("past_key_values"))
                        ? " (this looks like decoder_with_past_model.onnx or decoder_model_merged.onnx; use decoder_model.onnx)" : ""));
        }
        return model;
    }

    /** The encoder's output for one document: [length, width] as a flat array. */
    private record Memory(float[] states, int length, int width) {
    }

    private Memory runEncoder(NDManager m, long[] inputIds, Path fileForErrors) {
        NDArray ids = m.create(inputIds, new Shape(1, inputIds.length));
        ids.setName("input_ids");
        long[] ones = new long[inputIds.length];
        Arrays.fill(ones, 1);
        NDArray mask = m.create(ones, new Shape(1, inputIds.length));
        mask.setName("attention_mask");
        NDList out = predict(encoder, new NDList(ids, mask), "encoder");
        NDArray states = named(out, ENCODER_OUTPUT, "encoder", fileForErrors);
        Shape shape = states.getShape();
        if (states.getDataType() != DataType.FLOAT32 || shape.dimension() != 3 || shape.get(1) != inputIds.length) {
            throw new IllegalArgumentException("OnnxSeq2Seq: the encoder's " + ENCODER_OUTPUT + " is " + states.getDataType() + " " + shape
                    + "; expected float32 [1, " + inputIds.length + ", width]");
        }
        return new Memory(states.toFloatArray(), inputIds.length, (int) shape.get(2));
    }

    /** Logits [rows, target length, vocabulary] for {@code rows} decoder sequences of equal length. */
    private NDArray runDecoder(NDManager m, long[][] sequences, Memory memory, int rows, Path fileForErrors) {
        int length = sequences[0].length;
        long[] flat = new long[rows * length];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(sequences[r], 0, flat, r * length, length);
        }
        NDArray ids = m.create(flat, new Shape(rows, length));
        ids.setName("input_ids");
        long[] ones = new long[rows * memory.length()];
        Arrays.fill(ones, 1);
        NDArray mask = m.create(ones, new Shape(rows, memory.length()));
        mask.setName("encoder_attention_mask");
        float[] repeated = memory.states();
        if (rows > 1) {
            repeated = new float[rows * repeated.length];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(memory.states(), 0, repeated, r * memory.states().length, memory.states().length);
            }
        }
        NDArray hidden = m.create(repeated, new Shape(rows, memory.length(), memory.width()));
        hidden.setName("encoder_hidden_states");
        NDList out = predict(decoder, new NDList(ids, mask, hidden), "decoder");
        NDArray logits = named(out, DECODER_OUTPUT, "decoder", fileForErrors);
        if (logits.getDataType() != DataType.FLOAT32 || logits.getShape().dimension() != 3) {
            throw new IllegalArgumentException("OnnxSeq2Seq: the decoder's " + DECODER_OUTPUT + " is " + logits.getDataType() + " "
                    + logits.getShape() + "; expected float32 [batch, length, vocabulary]");
        }
        return logits;
    }

    private static NDList predict(Predictor<NDList, NDList> predictor, NDList input, String role) {
        try {
            return predictor.predict(input);
        } catch (TranslateException e) {
            throw new IllegalStateException("OnnxSeq2Seq: the " + role + " failed: " + e.getMessage(), e);
        }
    }

    private static NDArray named(NDList out, String name, String role, Path file) {
        for (NDArray a : out) {
            if (name.equals(a.getName())) {
                return a;
            }
        }
        List<String> names = out.stream().map(NDArray::getName).toList();
        throw new IllegalArgumentException("OnnxSeq2Seq: the " + role + (file != null ? " file " + file : "") + " has the outputs " + names
                + ", but an Optimum " + role + " export has an output named '" + name + "'");
    }

    /** The last position's logits of each row: [rows][vocabulary]. */
    private static float[][] lastPosition(NDArray logits) {
        Shape shape = logits.getShape();
        int rows = (int) shape.get(0);
        int length = (int) shape.get(1);
        int vocab = (int) shape.get(2);
        float[] all = logits.toFloatArray();
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            int from = (r * length + length - 1) * vocab;
            out[r] = Arrays.copyOfRange(all, from, from + vocab);
        }
        return out;
    }

    // ---------------------------------------------------------------- small helpers

    static float[] logSoftmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v - max);
        }
        double logSum = max + Math.log(sum);
        float[] out = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = (float) (logits[i] - logSum);
        }
        return out;
    }

    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Indices of the k largest values, largest first (ties: lower index first). */
    static int[] topIndices(float[] values, int k) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> values[a] != values[b] ? Float.compare(values[b], values[a]) : Integer.compare(a, b));
        int n = Math.min(k, values.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = order[i];
        }
        return out;
    }

    private static long[] toArray(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static JsonNode readJson(Path file) {
        try {
            return ConfigFields.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("OnnxSeq2Seq: cannot read " + file, e);
        }
    }

    private static int intSetting(JsonNode config, JsonNode generation, String name, int fallback) {
        for (JsonNode json : new JsonNode[] {generation, config, config.path("task_specific_params").path("summarization")}) {
            if (json != null && json.get(name) != null && json.get(name).canConvertToInt()) {
                return json.get(name).asInt();
            }
        }
        return fallback;
    }

    private static double doubleSetting(JsonNode config, JsonNode generation, String name, double fallback) {
        for (JsonNode json : new JsonNode[] {generation, config, config.path("task_specific_params").path("summarization")}) {
            if (json != null && json.get(name) != null && json.get(name).isNumber()) {
                return json.get(name).asDouble();
            }
        }
        return fallback;
    }

    private static boolean booleanSetting(JsonNode config, JsonNode generation, String name, boolean fallback) {
        for (JsonNode json : new JsonNode[] {generation, config, config.path("task_specific_params").path("summarization")}) {
            if (json != null && json.get(name) != null && json.get(name).isBoolean()) {
                return json.get(name).asBoolean();
            }
        }
        return fallback;
    }

    static GenerationSettings settingsFrom(JsonNode config, JsonNode generation) {
        int eos = intSetting(config, generation, "eos_token_id", -1);
        int start = intSetting(config, generation, "decoder_start_token_id", -1);
        if (eos < 0 || start < 0) {
            throw new IllegalArgumentException("OnnxSeq2Seq: config.json / generation_config.json name no "
                    + (eos < 0 ? "eos_token_id" : "decoder_start_token_id") + "; an encoder-decoder needs both");
        }
        return new GenerationSettings(intSetting(config, generation, "num_beams", 1), intSetting(config, generation, "min_length", 0),
                intSetting(config, generation, "max_length", 20), doubleSetting(config, generation, "length_penalty", 1.0),
                intSetting(config, generation, "no_repeat_ngram_size", 0), booleanSetting(config, generation, "early_stopping", false),
                start, intSetting(config, generation, "forced_bos_token_id", -1), eos, intSetting(config, generation, "forced_eos_token_id", -1));
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing after a failed load
            }
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {encoder, decoder, encoderModel, decoderModel, tokenizer, manager}) {
            closeQuietly(c);
        }
    }

    /** For error messages and notebooks: which files and sizes. */
    @Override
    public String toString() {
        return "OnnxSeq2Seq(vocabulary " + vocabularySize + ", width " + hiddenSize + ", at most " + maxInputTokens + " input tokens; " + settings + ")";
    }
}
