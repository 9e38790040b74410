package org.mljava.transformers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A byte-level BPE encoder, GPT-2's tokenizer model: a vocabulary (token string to id) and merge
 * rules ("a b", most important first), applied by rank inside each piece of GPT-2's pre-tokenizer.
 * Chapter 5 of the transformers notebooks builds this algorithm by hand; chapter 10 uses this class
 * for GPT-2's vocabulary and for the one it trains.
 * <pre>{@code
 * ByteLevelBpe gpt2 = ByteLevelBpe.gpt2(Models.gpt2EncoderJson(), Models.gpt2VocabBpe());
 * int[] ids = gpt2.encode("Hello world");                  // [15496, 995]
 * String text = gpt2.decode(ids);                          // "Hello world"
 * ByteLevelBpe small = gpt2.firstMerges(4096 - 256);       // GPT-2's first merges only: 4,096 tokens
 * small.writeTokenizerJson(Path.of("small.json"));         // for Hugging Face's tokenizers
 * }</pre>
 * <p>The three parts: a table that gives each of the 256 byte values a printable character
 * ({@link #byteToChar}; a space is {@code Ġ}, a newline {@code Ċ}), so that tokens are strings and
 * no text has an unknown symbol; a pre-tokenizer ({@link #pieces}) that cuts a text into words,
 * numbers, punctuation runs and whitespace, which merges never cross; and the merges, applied to a
 * piece's byte characters by repeatedly joining the adjacent pair with the lowest rank, every
 * occurrence of it left to right, until no adjacent pair has a rule.
 * <p>Instances are immutable apart from a cache of encoded pieces, which is safe to use from
 * several threads (a parallel stream).
 */
public final class ByteLevelBpe {

    /** GPT-2's pre-tokenizer: contractions, words and numbers with their leading space, punctuation runs, whitespace. */
    private static final Pattern PRE_TOKENIZER = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS); // \s and \p{L} in their Unicode meaning, as in GPT-2's Python code
    private static final char[] BYTE_TO_CHAR = new char[256];
    /** Indexed by table character: its byte, or -1. The table's characters are all below 256 + 68. */
    private static final int[] CHAR_TO_BYTE = new int[256 + 68];
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        Arrays.fill(CHAR_TO_BYTE, -1);
        int shifted = 0;
        for (int b = 0; b < 256; b++) {
            // printable ASCII and Latin-1 bytes stand for themselves; the others move to 256, 257, ... in byte order
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE; // 0xAE..0xFF
            BYTE_TO_CHAR[b] = printable ? (char) b : (char) (256 + shifted++);
            CHAR_TO_BYTE[BYTE_TO_CHAR[b]] = b;
        }
    }

    private final Map<String, Integer> vocabulary;
    private final List<String> merges;
    private final Map<String, Integer> ranks;
    private final String[] tokens;
    private final Map<String, int[]> pieceCache = new ConcurrentHashMap<>();

    /**
     * An encoder for a vocabulary and its merges.
     *
     * @param vocabulary token string (in byte-table characters) to id; ids need not be contiguous,
     *                   but no two tokens may share one
     * @param merges     merge rules "a b" (two tokens and one space), in rank order: the first is
     *                   applied first; a rule listed twice keeps its later rank
     */
    public ByteLevelBpe(Map<String, Integer> vocabulary, List<String> merges) {
        this.vocabulary = Collections.unmodifiableMap(new LinkedHashMap<>(vocabulary));
        this.merges = List.copyOf(merges);
        Map<String, Integer> rankOf = new HashMap<>();
        for (int r = 0; r < this.merges.size(); r++) {
            String rule = this.merges.get(r);
            int space = rule.indexOf(' ');
            if (space <= 0 || space == rule.length() - 1 || rule.indexOf(' ', space + 1) >= 0) {
                throw new IllegalArgumentException("merge " + r + " is not two tokens and one space: '" + rule + "'");
            }
            rankOf.put(rule, r);
        }
        this.ranks = rankOf;
        int largest = -1;
        for (int id : this.vocabulary.values()) {
            if (id < 0) {
                throw new IllegalArgumentException("negative token id " + id);
            }
            largest = Math.max(largest, id);
        }
        tokens = new String[largest + 1];
        this.vocabulary.forEach((token, id) -> {
            if (tokens[id] != null) {
                throw new IllegalArgumentException("tokens '" + tokens[id] + "' and '" + token + "' share the id " + id);
            }
            tokens[id] = token;
        });
    }

    /**
     * GPT-2's encoder from its two files: {@code encoder.json} (50,257 tokens, {@code <|endoftext|>}
     * included) and {@code vocab.bpe} (a {@code #version} line, then 50,000 merges in rank order).
     *
     * @param encoderJson the vocabulary, a JSON object token to id
     * @param vocabBpe    the merges, one "a b" per line
     * @return the encoder
     * @throws IOException if a file cannot be read or parsed
     */
    public static ByteLevelBpe gpt2(Path encoderJson, Path vocabBpe) throws IOException {
        Map<String, Integer> vocabulary = new LinkedHashMap<>();
        JsonNode root = JSON.readTree(encoderJson.toFile());
        if (root == null || !root.isObject()) {
            throw new IOException(encoderJson + " is not a JSON object of token ids");
        }
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            if (!entry.getValue().canConvertToInt()) {
                throw new IOException(encoderJson + ": the id of '" + entry.getKey() + "' is not an integer");
            }
            vocabulary.put(entry.getKey(), entry.getValue().intValue());
        }
        List<String> lines = Files.readAllLines(vocabBpe, StandardCharsets.UTF_8);
        List<String> merges = lines.stream()
                .skip(!lines.isEmpty() && lines.getFirst().startsWith("#version") ? 1 : 0)
                .filter(line -> !line.isBlank())
                .toList();
        return new ByteLevelBpe(vocabulary, merges);
    }

    /**
     * The encoder with only the first {@code count} merges: the 256 byte tokens and the tokens those
     * merges make, so that any text can still be encoded, rarer words in more pieces. It relies on
     * the numbering GPT-2 and a BPE trainer use: merge {@code r} makes the token with id
     * {@code 256 + r}, so the vocabulary kept is ids {@code 0 .. 255 + count} with the same meaning.
     * With all merges, it is this encoder, tokens beyond them (such as {@code <|endoftext|>}) included.
     *
     * @param count how many merges to keep, 0 to {@code merges().size()}
     * @return an encoder with {@code 256 + count} tokens (or this one, for all merges)
     * @throws IllegalArgumentException if count is out of range, or a kept merge's token does not
     *                                  have the id {@code 256 + r}
     */
    public ByteLevelBpe firstMerges(int count) {
        if (count < 0 || count > merges.size()) {
            throw new IllegalArgumentException("count must be 0.." + merges.size() + ", not " + count);
        }
        if (count == merges.size()) {
            return this;
        }
        for (int r = 0; r < count; r++) {
            Integer id = vocabulary.get(merges.get(r).replace(" ", ""));
            if (id == null || id != 256 + r) {
                throw new IllegalArgumentException("merge " + r + " ('" + merges.get(r) + "') makes the token with id " + id
                        + ", not " + (256 + r) + ": the vocabulary is not numbered by merge rank");
            }
        }
        Map<String, Integer> kept = new LinkedHashMap<>();
        vocabulary.forEach((token, id) -> {
            if (id < 256 + count) {
                kept.put(token, id);
            }
        });
        return new ByteLevelBpe(kept, merges.subList(0, count));
    }

    /**
     * The byte table: the printable character that stands for a byte in token strings.
     *
     * @param b a byte value, 0 to 255
     * @return the byte itself for printable ASCII and Latin-1 bytes, else a character from U+0100 on
     */
    public static char byteToChar(int b) {
        if (b < 0 || b > 255) {
            throw new IllegalArgumentException("not a byte value: " + b);
        }
        return BYTE_TO_CHAR[b];
    }

    /**
     * The byte table read backwards.
     *
     * @param c a character of the byte table
     * @return the byte value it stands for, 0 to 255
     * @throws IllegalArgumentException if {@code c} is not one of the table's 256 characters
     */
    public static int charToByte(char c) {
        int b = c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
        if (b < 0) {
            throw new IllegalArgumentException("'" + c + "' (U+" + String.format("%04X", (int) c) + ") is not in the byte table");
        }
        return b;
    }

    /**
     * A text as one byte-table character per UTF-8 byte: the form tokens are written in.
     *
     * @param text any text
     * @return its UTF-8 bytes, mapped by {@link #byteToChar}
     */
    public static String mapBytes(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            out.append(BYTE_TO_CHAR[b & 0xFF]);
        }
        return out.toString();
    }

    /**
     * GPT-2's pre-tokenizer: the pieces a text is cut into before merging (a word keeps its leading
     * space; a run of spaces leaves its last space to the word after it).
     *
     * @param text any text
     * @return the pieces, in order; joined they give the text back
     */
    public static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        for (Matcher m = PRE_TOKENIZER.matcher(text); m.find();) {
            out.add(m.group());
        }
        return out;
    }

    /**
     * Token ids of a text: each piece mapped to byte characters and merged by rank.
     *
     * @param text any text
     * @return the ids
     * @throws IllegalStateException if a symbol left after merging is not in the vocabulary
     */
    public int[] encode(String text) {
        List<int[]> parts = new ArrayList<>();
        int total = 0;
        for (String piece : pieces(text)) {
            int[] ids = merged(mapBytes(piece));
            parts.add(ids);
            total += ids.length;
        }
        int[] out = new int[total];
        int at = 0;
        for (int[] ids : parts) {
            System.arraycopy(ids, 0, out, at, ids.length);
            at += ids.length;
        }
        return out;
    }

    /**
     * Token ids of one piece that is already in byte-table characters ({@link #mapBytes} of a piece
     * of {@link #pieces}). Results are cached per piece; the cache is safe from several threads.
     *
     * @param mapped a piece in byte-table characters
     * @return its token ids (a new array)
     * @throws IllegalStateException if a symbol left after merging is not in the vocabulary
     */
    public int[] encodePiece(String mapped) {
        return merged(mapped).clone();
    }

    /** The cached ids of a mapped piece; callers must not change the array. */
    private int[] merged(String mapped) {
        int[] ids = pieceCache.get(mapped);
        if (ids == null) {
            ids = mergeByRank(mapped);
            int[] earlier = pieceCache.putIfAbsent(mapped, ids); // another thread may have merged the same piece
            if (earlier != null) {
                ids = earlier;
            }
        }
        return ids;
    }

    private int[] mergeByRank(String mapped) {
        List<String> symbols = new ArrayList<>(mapped.length());
        for (int i = 0; i < mapped.length(); i++) {
            symbols.add(String.valueOf(mapped.charAt(i)));
        }
        while (symbols.size() > 1) {
            int best = -1;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < symbols.size(); i++) {
                Integer rank = ranks.get(symbols.get(i) + " " + symbols.get(i + 1));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    best = i;
                }
            }
            if (best < 0) {
                break; // no adjacent pair has a rule
            }
            String left = symbols.get(best);
            String right = symbols.get(best + 1);
            List<String> next = new ArrayList<>(symbols.size());
            for (int i = 0; i < symbols.size(); i++) { // every occurrence of the pair, left to right
                if (i + 1 < symbols.size() && symbols.get(i).equals(left) && symbols.get(i + 1).equals(right)) {
                    next.add(left + right);
                    i++;
                } else {
                    next.add(symbols.get(i));
                }
            }
            symbols = next;
        }
        int[] ids = new int[symbols.size()];
        for (int i = 0; i < ids.length; i++) {
            Integer id = vocabulary.get(symbols.get(i));
            if (id == null) {
                throw new IllegalStateException("the symbol '" + symbols.get(i) + "' of the piece '" + mapped
                        + "' is not in the vocabulary");
            }
            ids[i] = id;
        }
        return ids;
    }

    /**
     * The text of token ids: their strings' byte characters back to bytes, read as UTF-8.
     *
     * @param ids token ids
     * @return the text ({@code decode(encode(text))} is {@code text} for any text without lone surrogates)
     */
    public String decode(int... ids) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int id : ids) {
            String token = token(id);
            for (int i = 0; i < token.length(); i++) {
                bytes.write(charToByte(token.charAt(i)));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * The string of a token id, in byte-table characters (" the" is {@code Ġthe}).
     *
     * @param id a token id
     * @return its string
     * @throws IllegalArgumentException if no token has this id
     */
    public String token(int id) {
        if (id < 0 || id >= tokens.length || tokens[id] == null) {
            throw new IllegalArgumentException("no token has the id " + id);
        }
        return tokens[id];
    }

    /**
     * The token strings of a text's encoding, to look at how it is cut.
     *
     * @param text any text
     * @return the strings of {@code encode(text)}, in byte-table characters
     */
    public List<String> tokenStrings(String text) {
        return Arrays.stream(encode(text)).mapToObj(this::token).toList();
    }

    /**
     * The size of the id range: one more than the largest id (the vocabulary size when ids have no gaps).
     *
     * @return the number of ids an output layer needs
     */
    public int size() {
        return tokens.length;
    }

    /**
     * The vocabulary.
     *
     * @return token string to id, unmodifiable
     */
    public Map<String, Integer> vocabulary() {
        return vocabulary;
    }

    /**
     * The merge rules.
     *
     * @return "a b" in rank order, unmodifiable
     */
    public List<String> merges() {
        return merges;
    }

    /**
     * Writes this encoder as a Hugging Face {@code tokenizer.json} (see
     * {@link #writeTokenizerJson(Map, List, Path)}).
     *
     * @param file the file to write (replaced if it exists)
     * @return {@code file}
     * @throws IOException if it cannot be written
     */
    public Path writeTokenizerJson(Path file) throws IOException {
        return writeTokenizerJson(vocabulary, merges, file);
    }

    /**
     * Writes a Hugging Face {@code tokenizer.json} for a byte-level BPE vocabulary, as GPT-2's is
     * built: a "ByteLevel" pre-tokenizer and decoder (no prefix space, GPT-2's regex) and a "BPE"
     * model with the vocabulary and the merges. No normalizer and no post-processor, so its ids are
     * those of {@link #encode} (Hugging Face's tokenizers library, or DJL's
     * {@code HuggingFaceTokenizer}, reads it).
     *
     * @param vocabulary token string to id
     * @param merges     merge rules "a b" in rank order
     * @param file       the file to write (replaced if it exists)
     * @return {@code file}
     * @throws IOException if it cannot be written
     */
    public static Path writeTokenizerJson(Map<String, Integer> vocabulary, List<String> merges, Path file) throws IOException {
        ObjectNode byteLevel = JSON.createObjectNode();
        byteLevel.put("type", "ByteLevel");
        byteLevel.put("add_prefix_space", false);
        byteLevel.put("trim_offsets", true);
        byteLevel.put("use_regex", true);
        ObjectNode vocab = JSON.createObjectNode();
        vocabulary.entrySet().stream().sorted(Map.Entry.comparingByValue()) // by id: a stable, readable file
                .forEach(e -> vocab.put(e.getKey(), e.getValue().intValue()));
        ArrayNode mergeArray = JSON.createArrayNode();
        merges.forEach(mergeArray::add);
        ObjectNode model = JSON.createObjectNode();
        model.put("type", "BPE");
        model.set("vocab", vocab);
        model.set("merges", mergeArray);
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.set("pre_tokenizer", byteLevel);
        root.set("decoder", byteLevel.deepCopy());
        root.set("model", model);
        Files.writeString(file, JSON.writeValueAsString(root), StandardCharsets.UTF_8);
        return file;
    }
}
