package org.mljava.data.formats;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.SoftReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.mljava.data.cache.DataStore;
import org.mljava.data.cache.Stamps;
import org.mljava.data.DataException;
import org.mljava.data.Email;
import org.mljava.data.Speech;
import org.mljava.data.Split;
import org.mljava.data.TaggedSentence;
import org.mljava.data.TextDataset;

/**
 * Readers for the text data sets: IMDb (reviews.json), books (a folder of parts), the Brown corpus,
 * the State of the Union addresses and the SpamAssassin mail corpus (folders of messages). Beside
 * them, the readers of the canonical online files (Stanford's tarball, Project Gutenberg's text,
 * NLTK's zip, the .tar.bz2 mail files) and the writers of the folder and JSON layouts, which
 * {@code org.mljava.data.Conversions} combines to turn those into the one format each loader reads.
 */
public final class TextLoaders {

    private TextLoaders() {
    }

    /** A tar entry with content: a regular file, not a directory or a (hard or symbolic) link. */
    public static boolean isRegularFile(TarArchiveEntry e) {
        return e.isFile() && !e.isSymbolicLink() && !e.isLink();
    }

    /** A deterministic shuffle (SplitMix64 + Fisher-Yates): the same permutation on every JVM, forever. */
    public static void shuffle(int[] a, long seed) {
        long state = seed;
        for (int i = a.length - 1; i > 0; i--) {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z = z ^ (z >>> 31);
            int j = (int) Long.remainderUnsigned(z, i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    // ---- IMDb ---------------------------------------------------------------------------------

    /** All reviews with their label (0 negative, 1 positive) and, when known, the original split. */
    public record Reviews(List<String> texts, int[] labels, Split[] originalSplit) {
    }

    private static SoftReference<Map<String, Reviews>> imdbMemo = new SoftReference<>(null);

    /** The reviews of a reviews.json file, kept (softly) for the next call while the file is unchanged. */
    public static synchronized Reviews imdb(Path file) throws IOException {
        Map<String, Reviews> memo = imdbMemo.get();
        String key = memoKey(file);
        if (memo != null && memo.containsKey(key)) {
            return memo.get(key);
        }
        Reviews reviews = imdbJson(file);
        memo = new HashMap<>();
        memo.put(key, reviews);
        imdbMemo = new SoftReference<>(memo);
        return reviews;
    }

    /** A memo key that changes when the file or folder is replaced (a conversion made again, a new download). */
    static String memoKey(Path path) throws IOException {
        return path.toAbsolutePath() + "@" + Stamps.fingerprint(path);
    }

    /** JSON reading for the data files (Jackson; the parser of the IMDb file streams). */
    public static final ObjectMapper JSON = new ObjectMapper();

    /**
     * reviews.json: a JSON array of {"t": text, "s": 0|1}, read with Jackson's streaming parser (one
     * pass over the bytes, no tree): about a second for the 63 MB in a fresh JVM. The npm copy has
     * no train/test split; a file converted from Stanford's tarball gives each review its original
     * one, "split": "train"|"test" (all reviews or none).
     */
    public static Reviews imdbJson(Path file) throws IOException {
        List<String> texts = new ArrayList<>(50000);
        int[] labels = new int[50000];
        Split[] splits = null;
        int count = 0;
        try (JsonParser p = JSON.getFactory().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new DataException(file + ": expected a JSON array of reviews");
            }
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.START_OBJECT) {
                String text = null;
                long label = -1;
                Split split = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonToken value = p.nextToken();
                    if (key.equals("t") && value == JsonToken.VALUE_STRING) {
                        text = p.getText();
                    } else if (key.equals("s") && value.isNumeric()) {
                        label = (long) p.getDoubleValue();
                    } else if (key.equals("split") && value == JsonToken.VALUE_STRING) {
                        split = splitNamed(p.getText(), file + ": review " + count);
                    } else {
                        p.skipChildren();
                    }
                }
                if (text == null || (label != 0 && label != 1)) {
                    throw new DataException(file + ": review " + count + " lacks a text \"t\" or a 0/1 label \"s\"");
                }
                if (count == 0 && split != null) {
                    splits = new Split[labels.length];
                }
                if ((split == null) != (splits == null)) {
                    throw new DataException(file + ": review " + count + (split == null ? " lacks" : " has")
                            + " a \"split\", the first review " + (split == null ? "has one" : "has none"));
                }
                texts.add(text);
                if (count == labels.length) {
                    labels = java.util.Arrays.copyOf(labels, count * 2);
                    splits = splits == null ? null : java.util.Arrays.copyOf(splits, count * 2);
                }
                if (splits != null) {
                    splits[count] = split;
                }
                labels[count++] = (int) label;
            }
            if (token != JsonToken.END_ARRAY) {
                throw new DataException(file + ": expected a review object or ']' at byte " + p.currentLocation().getByteOffset());
            }
        } catch (JsonProcessingException e) {
            throw new DataException(file + ": not valid JSON: " + e.getOriginalMessage() + " at byte " + e.getLocation().getByteOffset());
        }
        return new Reviews(texts, java.util.Arrays.copyOf(labels, count), splits == null ? null : java.util.Arrays.copyOf(splits, count));
    }

    private static Split splitNamed(String name, String where) {
        return switch (name) {
            case "train" -> Split.TRAIN;
            case "test" -> Split.TEST;
            default -> throw new DataException(where + ": split \"" + name + "\" is neither \"train\" nor \"test\"");
        };
    }

    /** Writes reviews in reviews.json's layout ({@link #imdbJson} reads it), with each review's "split" when they have one. */
    public static void writeImdbJson(Reviews reviews, Path file) throws IOException {
        try (JsonGenerator g = JSON.getFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            g.writeStartArray();
            for (int i = 0; i < reviews.texts().size(); i++) {
                g.writeStartObject();
                g.writeStringField("t", reviews.texts().get(i));
                g.writeNumberField("s", reviews.labels()[i]);
                if (reviews.originalSplit() != null) {
                    g.writeStringField("split", reviews.originalSplit()[i] == Split.TRAIN ? "train" : "test");
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
    }

    /** Stanford's aclImdb_v1.tar.gz: aclImdb/{train,test}/{pos,neg}/<id>_<rating>.txt (the unlabelled part is skipped). */
    public static Reviews imdbTarball(Path file) throws IOException {
        List<String> texts = new ArrayList<>(50000);
        List<Integer> labels = new ArrayList<>(50000);
        List<Split> splits = new ArrayList<>(50000);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(file), 1 << 16))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String[] parts = e.getName().split("/");
                if (!isRegularFile(e) || parts.length != 4 || !parts[3].endsWith(".txt")) {
                    continue;
                }
                Split split = switch (parts[1]) {
                    case "train" -> Split.TRAIN;
                    case "test" -> Split.TEST;
                    default -> null;
                };
                int label = switch (parts[2]) {
                    case "pos" -> 1;
                    case "neg" -> 0;
                    default -> -1;
                };
                if (split == null || label < 0) {
                    continue;
                }
                texts.add(new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                labels.add(label);
                splits.add(split);
            }
        }
        return new Reviews(texts, labels.stream().mapToInt(Integer::intValue).toArray(), splits.toArray(Split[]::new));
    }

    /**
     * The split of all reviews: the original one when the source has it, else a seeded stratified
     * half/half split. Either way each part is shuffled (seeded) so that any prefix is a fair sample.
     */
    public static TextDataset imdbSplit(Reviews all, Split split, long seed) {
        List<Integer> pos = new ArrayList<>();
        List<Integer> neg = new ArrayList<>();
        List<Integer> chosen = new ArrayList<>();
        if (all.originalSplit() != null) {
            for (int i = 0; i < all.labels().length; i++) {
                if (all.originalSplit()[i] == split) {
                    chosen.add(i);
                }
            }
        } else {
            for (int i = 0; i < all.labels().length; i++) {
                (all.labels()[i] == 1 ? pos : neg).add(i);
            }
            int[] p = pos.stream().mapToInt(Integer::intValue).toArray();
            int[] n = neg.stream().mapToInt(Integer::intValue).toArray();
            shuffle(p, seed);
            shuffle(n, seed + 1);
            int halfP = p.length / 2;
            int halfN = n.length / 2;
            for (int k = split == Split.TRAIN ? 0 : halfP; k < (split == Split.TRAIN ? halfP : p.length); k++) {
                chosen.add(p[k]);
            }
            for (int k = split == Split.TRAIN ? 0 : halfN; k < (split == Split.TRAIN ? halfN : n.length); k++) {
                chosen.add(n[k]);
            }
        }
        int[] idx = chosen.stream().mapToInt(Integer::intValue).toArray();
        java.util.Arrays.sort(idx);
        shuffle(idx, seed + (split == Split.TRAIN ? 2 : 3));
        List<String> texts = new ArrayList<>(idx.length);
        int[] labels = new int[idx.length];
        for (int k = 0; k < idx.length; k++) {
            texts.add(all.texts().get(idx[k]));
            labels[k] = all.labels()[idx[k]];
        }
        return new TextDataset("imdb", split, texts, labels, new String[] {"negative", "positive"});
    }

    // ---- books --------------------------------------------------------------------------------

    /** One chapter (or front matter part) of a book. */
    public record Part(String file, String text) {
    }

    /** stdlib's Moby-Dick folder: the .txt parts in the order file_list.json gives. */
    public static List<Part> bookFolder(Path dir) throws IOException {
        JsonNode order = JSON.readTree(dir.resolve("file_list.json").toFile());
        if (!order.isArray()) {
            throw new DataException(dir.resolve("file_list.json") + ": expected a JSON array of file names");
        }
        List<Part> parts = new ArrayList<>();
        for (JsonNode node : order) {
            String name = node.asText();
            String text = Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
            parts.add(new Part(name, text.strip()));
        }
        return parts;
    }

    /** Writes a book's parts as a folder that {@link #bookFolder} reads: one text file per part and file_list.json with their order. */
    public static void writeBookFolder(List<Part> parts, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Part part : parts) {
            Files.writeString(dir.resolve(part.file()), part.text() + "\n", StandardCharsets.UTF_8);
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("file_list.json").toFile(), parts.stream().map(Part::file).toList());
    }

    /** A heading line of Moby-Dick: the front-matter sections, the chapters (group 1: the number) and the epilogue. */
    private static final Pattern MOBY_DICK_HEADING = Pattern.compile("(?m)^(?:ETYMOLOGY\\.|EXTRACTS|CHAPTER (\\d+)\\.|Epilogue$).*$");

    /**
     * Moby-Dick's text (Project Gutenberg's, without the licence: {@link #gutenbergBody}) cut into
     * the parts of stdlib's copy: contents.txt (all before the first section: title and table of
     * contents), etymology.txt, extracts.txt, chapter_1.txt ... chapter_135.txt, epilogue.txt. A
     * heading appears twice, in the table of contents and above its text: its last line starts the part.
     */
    public static List<Part> mobyDickParts(String body) {
        Map<String, Integer> starts = new HashMap<>();
        Matcher m = MOBY_DICK_HEADING.matcher(body);
        while (m.find()) {
            String heading = m.group();
            String name = m.group(1) != null ? "chapter_" + Integer.parseInt(m.group(1))
                    : heading.startsWith("ETYMOLOGY") ? "etymology" : heading.startsWith("EXTRACTS") ? "extracts" : "epilogue";
            starts.put(name, m.start());
        }
        List<Map.Entry<String, Integer>> sections = starts.entrySet().stream().sorted(Map.Entry.comparingByValue()).toList();
        List<Part> parts = new ArrayList<>();
        int first = sections.isEmpty() ? body.length() : sections.getFirst().getValue();
        if (!body.substring(0, first).isBlank()) {
            parts.add(new Part("contents.txt", body.substring(0, first).strip()));
        }
        for (int k = 0; k < sections.size(); k++) {
            int end = k + 1 < sections.size() ? sections.get(k + 1).getValue() : body.length();
            parts.add(new Part(sections.get(k).getKey() + ".txt", body.substring(sections.get(k).getValue(), end).strip()));
        }
        return parts;
    }

    /** A Project Gutenberg plain-text file without its licence header and footer. */
    public static String gutenbergBody(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).replace("\r\n", "\n");
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        int start = text.indexOf("*** START OF");
        if (start >= 0) {
            start = text.indexOf('\n', start) + 1;
        } else {
            start = 0;
        }
        int end = text.indexOf("*** END OF");
        if (end < 0) {
            end = text.length();
        }
        return text.substring(start, end).strip();
    }

    // ---- State of the Union ---------------------------------------------------------------------

    /**
     * stdlib's folder of {year, name, party, text} JSON files ("1790_george_washington_n.json"),
     * sorted by year; in a year with two speeches (1953, 1961) the outgoing president's comes first
     * (the one whose first speech is older).
     */
    public static List<Speech> stateOfTheUnion(Path dir) throws IOException {
        List<Speech> speeches = new ArrayList<>();
        try (var list = Files.list(dir)) {
            for (Path f : list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                JsonNode o = JSON.readTree(f.toFile());
                if (!o.path("year").isNumber() || !o.path("name").isTextual() || !o.path("party").isTextual() || !o.path("text").isTextual()) {
                    throw new DataException(f + ": expected {year, name, party, text}");
                }
                speeches.add(new Speech(o.get("year").intValue(), o.get("name").asText(), o.get("party").asText(), o.get("text").asText()));
            }
        }
        Map<String, Integer> firstYear = new HashMap<>();
        for (Speech s : speeches) {
            firstYear.merge(s.president(), s.year(), Math::min);
        }
        speeches.sort(java.util.Comparator.comparingInt(Speech::year)
                .thenComparingInt(s -> firstYear.get(s.president())).thenComparing(Speech::president));
        return speeches;
    }

    // ---- SpamAssassin ---------------------------------------------------------------------------

    /** The corpus groups, in the stdlib package's order, and whether each is spam. */
    public static final List<String> SPAM_GROUPS = List.of("easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2");

    /** The canonical .tar.bz2 file of each group (the public corpus at spamassassin.apache.org). */
    public static final Map<String, String> SPAM_TARBALLS = Map.of(
            "easy-ham-1", "20030228_easy_ham.tar.bz2",
            "easy-ham-2", "20030228_easy_ham_2.tar.bz2",
            "hard-ham-1", "20030228_hard_ham.tar.bz2",
            "spam-1", "20030228_spam.tar.bz2",
            "spam-2", "20030228_spam_2.tar.bz2");

    /** A message file: "00001.7c53336b37003a9286aba55d2945844c" (the package adds ".txt"). */
    private static final java.util.regex.Pattern MESSAGE_FILE = java.util.regex.Pattern.compile("[0-9]{5}\\.[0-9a-f]{32}");

    private static SoftReference<Map<String, List<Email>>> spamMemo = new SoftReference<>(null);

    /** All messages, group by group (in {@link #SPAM_GROUPS} order), each group sorted by file name. */
    public static synchronized List<Email> spamAssassin(DataStore.Resolved files) throws IOException {
        Map<String, List<Email>> memo = spamMemo.get();
        StringBuilder keys = new StringBuilder();
        for (String group : SPAM_GROUPS) { // the group folders: a conversion made again renames new ones into place
            keys.append(memoKey(files.file(group))).append('\n');
        }
        String key = keys.toString();
        if (memo != null && memo.containsKey(key)) {
            return memo.get(key);
        }
        List<Email> all = new ArrayList<>(6046);
        for (String group : SPAM_GROUPS) {
            all.addAll(spamFolder(files.file(group), group));
        }
        memo = new HashMap<>();
        memo.put(key, List.copyOf(all));
        spamMemo = new SoftReference<>(memo);
        return memo.get(key);
    }

    /** One group's folder of raw messages ("<number>.<md5>.txt"), sorted by file name. */
    public static List<Email> spamFolder(Path dir, String group) throws IOException {
        List<Email> out = new ArrayList<>();
        try (var list = Files.list(dir)) {
            for (Path f : list.sorted().toList()) {
                String name = f.getFileName().toString();
                String id = name.endsWith(".txt") ? name.substring(0, name.length() - 4) : name;
                if (MESSAGE_FILE.matcher(id).matches()) {
                    out.add(new Email(group, id, group.startsWith("spam"), decodeMail(Files.readAllBytes(f))));
                }
            }
        }
        return out;
    }

    /**
     * Unpacks one group's canonical tarball into the folder that {@link #spamFolder} reads: each
     * "<folder>/<number>.<md5>" message becomes "<number>.<md5>.txt", its bytes unchanged; the
     * tarball's "cmds" file (a shell script) is left out.
     */
    public static void extractSpamTarball(Path file, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (InputStream in = new org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream(
                new java.io.BufferedInputStream(Files.newInputStream(file)), true);
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String id = e.getName().substring(e.getName().lastIndexOf('/') + 1);
                if (isRegularFile(e) && MESSAGE_FILE.matcher(id).matches()) {
                    Files.copy(tar, dir.resolve(id + ".txt")); // a second message of the same name fails here
                }
            }
        }
    }

    /** A raw message's bytes as text: UTF-8 where they are valid UTF-8, else ISO-8859-1 (lossless). */
    public static String decodeMail(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** The whole corpus as labelled texts (0 = ham, 1 = spam), in corpus order. */
    public static TextDataset spamDataset(List<Email> all) {
        return new TextDataset("spam-assassin", null, all.stream().map(Email::text).toList(),
                all.stream().mapToInt(Email::label).toArray(), new String[] {"ham", "spam"});
    }

    /**
     * A seeded split stratified by corpus group: the messages of group g are shuffled (seed + g)
     * and the first {@code round(trainFraction * n_g)} go to TRAIN, the rest to TEST; each part
     * is then shuffled (seed + 5 for TRAIN, seed + 6 for TEST), so any prefix is a fair sample.
     */
    public static TextDataset spamSplit(List<Email> all, Split split, double trainFraction, long seed) {
        List<Integer> chosen = new ArrayList<>();
        for (int g = 0; g < SPAM_GROUPS.size(); g++) {
            String group = SPAM_GROUPS.get(g);
            int[] members = java.util.stream.IntStream.range(0, all.size()).filter(i -> all.get(i).group().equals(group)).toArray();
            shuffle(members, seed + g);
            int train = (int) Math.round(trainFraction * members.length);
            for (int k = split == Split.TRAIN ? 0 : train; k < (split == Split.TRAIN ? train : members.length); k++) {
                chosen.add(members[k]);
            }
        }
        int[] idx = chosen.stream().mapToInt(Integer::intValue).toArray();
        java.util.Arrays.sort(idx);
        shuffle(idx, seed + SPAM_GROUPS.size() + (split == Split.TRAIN ? 0 : 1));
        List<String> texts = new ArrayList<>(idx.length);
        int[] labels = new int[idx.length];
        for (int k = 0; k < idx.length; k++) {
            texts.add(all.get(idx[k]).text());
            labels[k] = all.get(idx[k]).label();
        }
        return new TextDataset("spam-assassin", split, texts, labels, new String[] {"ham", "spam"});
    }

    // ---- Brown corpus -------------------------------------------------------------------------

    /** The sentences of Brown's folder: the files ca01 ... cr09 in name order, each with its genre from cats.txt. */
    public static List<TaggedSentence> brown(Path dir, int maxSentences) throws IOException {
        Map<String, String> categories = new HashMap<>();
        List<TaggedSentence> out = new ArrayList<>();
        readCategories(Files.readString(dir.resolve("cats.txt")), categories);
        try (var list = Files.list(dir)) {
            for (Path f : list.filter(p -> p.getFileName().toString().matches("c[a-r][0-9]{2}")).sorted().toList()) {
                String name = f.getFileName().toString();
                parseBrown(name, categories.get(name), Files.readString(f, StandardCharsets.UTF_8), out, maxSentences);
                if (out.size() >= maxSentences) {
                    break;
                }
            }
        }
        return out;
    }

    /** Unpacks NLTK's brown.zip into the folder that {@link #brown} reads: brown/cats.txt and brown/ca01 ... brown/cr09, bytes unchanged. */
    public static void extractBrownZip(Path file, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (!e.isDirectory() && e.getName().matches("brown/(c[a-r][0-9]{2}|cats\\.txt)")) {
                    try (InputStream in = zip.getInputStream(e)) {
                        Files.copy(in, dir.resolve(e.getName().substring("brown/".length())));
                    }
                }
            }
        }
        if (!Files.isRegularFile(dir.resolve("cats.txt"))) {
            throw new DataException(file + ": no brown/cats.txt (the genre of each file)");
        }
    }

    private static void readCategories(String text, Map<String, String> categories) {
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2) {
                categories.put(parts[0], parts[1]);
            }
        }
    }

    /** One sentence per non-blank line; tokens "word/tag" separated by spaces (the tag follows the last '/'). */
    static void parseBrown(String file, String category, String text, List<TaggedSentence> out, int max) {
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] tokens = trimmed.split("\\s+");
            List<String> words = new ArrayList<>(tokens.length);
            List<String> tags = new ArrayList<>(tokens.length);
            for (String token : tokens) {
                int slash = token.lastIndexOf('/');
                if (slash <= 0 || slash == token.length() - 1) {
                    continue;
                }
                words.add(token.substring(0, slash));
                tags.add(token.substring(slash + 1));
            }
            if (!words.isEmpty()) {
                out.add(new TaggedSentence(file, category, words, tags));
                if (out.size() >= max) {
                    return;
                }
            }
        }
    }
}
