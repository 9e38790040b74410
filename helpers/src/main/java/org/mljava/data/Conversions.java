package org.mljava.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.mljava.data.cache.DataStore;
import org.mljava.data.cache.Digests;
import org.mljava.data.cache.DirectoryHash;
import org.mljava.data.cache.Manifest;
import org.mljava.data.cache.Stamps;
import org.mljava.data.formats.TabularParsers;
import org.mljava.data.formats.TextLoaders;

/**
 * One format per data set. When a data set's primary files (the packaged copies the manifest lists
 * under {@code files}) cannot be had, its canonical online files (UCI's iris.data, Stanford's IMDb
 * tarball, ...) are fetched instead and converted, once, into files with the primary files' names
 * and format; the loaders read only that format. The converters are registered here, one per data
 * set; the readers and writers they join live with the formats ({@link TabularParsers},
 * {@link TextLoaders}).
 *
 * <p>Converted files are kept apart from the verified copies, in {@code <root>/data/<id>/converted/},
 * with {@value #STAMP} listing the SHA-256 of each online file they were made from. They are not
 * checked against the primary files' SHA-256, because they come from another source: the same data
 * in the same layout, not the same bytes (UCI's iris has two transcription errors that
 * scikit-learn corrected; Stanford's IMDb tarball has the original train/test split, the npm copy
 * has none). A conversion is redone when an input's SHA-256 or {@link #VERSION} changes, or when a
 * converted file changed after it was written. It is written into a temporary folder that is renamed
 * into place only when complete, so an interrupted conversion is never used.
 */
final class Conversions {

    private Conversions() {
    }

    /** Bump when a converter's output changes: conversions made before are then made again. */
    static final int VERSION = 1;

    /** The file inside a converted folder that records what it was converted from. */
    static final String STAMP = "converted-from.sha256";

    /** Writes a data set's primary files into {@code out}, read from its online files. */
    interface Converter {
        void convert(DataStore.Resolved online, Path out) throws IOException;
    }

    /** The converter of every data set that has both primary and online files (ConversionsTest checks the manifest against it). */
    static final Map<String, Converter> CONVERTERS = Map.ofEntries(
            Map.entry("iris", (in, out) -> TabularParsers.writeSklearnCsv(
                    TabularParsers.uciIris(in.file("iris.data"), Datasets.IRIS_FEATURES, Datasets.IRIS_CLASSES), out.resolve("iris.csv"))),
            Map.entry("wine", (in, out) -> TabularParsers.writeSklearnCsv(
                    TabularParsers.uciWine(in.file("wine.data"), Datasets.WINE_FEATURES, Datasets.WINE_CLASSES), out.resolve("wine_data.csv"))),
            Map.entry("breast-cancer", (in, out) -> TabularParsers.writeSklearnCsv(
                    TabularParsers.uciWdbc(in.file("wdbc.data"), Datasets.WDBC_FEATURES, Datasets.WDBC_CLASSES), out.resolve("breast_cancer.csv"))),
            Map.entry("digits", (in, out) -> TabularParsers.writeNumbersThenLabel(
                    TabularParsers.numbersThenLabel(in.file("optdigits.tes"), "digits", Datasets.DIGITS_FEATURES, Datasets.DIGITS_CLASSES),
                    out.resolve("digits.csv.gz"))),
            Map.entry("boston-housing", (in, out) -> TabularParsers.writeRegressionCsv(
                    TabularParsers.cmuBoston(in.file("boston"), Datasets.BOSTON_FEATURES), "MEDV", out.resolve("data.csv"))),
            Map.entry("imdb", (in, out) -> TextLoaders.writeImdbJson(
                    TextLoaders.imdbTarball(in.file("aclImdb_v1.tar.gz")), out.resolve("reviews.json"))),
            Map.entry("moby-dick", (in, out) -> TextLoaders.writeBookFolder(
                    TextLoaders.mobyDickParts(TextLoaders.gutenbergBody(in.file("pg2701.txt"))), out.resolve("chapters"))),
            Map.entry("brown", (in, out) -> TextLoaders.extractBrownZip(in.file("brown.zip"), out.resolve("texts"))),
            Map.entry("spam-assassin", (in, out) -> {
                for (String group : TextLoaders.SPAM_GROUPS) {
                    TextLoaders.extractSpamTarball(in.file(TextLoaders.SPAM_TARBALLS.get(group)), out.resolve(group));
                }
            }));

    /**
     * {@code resolved} in the primary files' format: as it is when it holds the primary files (or the
     * entry has only online files), else the online files converted into {@code store}'s converted folder.
     */
    static DataStore.Resolved inPrimaryFormat(DataStore store, DataStore.Resolved resolved) {
        Manifest.Entry entry = resolved.entry();
        if (!resolved.online() || entry.files().isEmpty()) {
            return resolved;
        }
        return new DataStore.Resolved(entry, true, primaryFiles(resolved, store.convertedFolder(entry), store.log()));
    }

    /**
     * The primary files of {@code online.entry()}, by name, converted from its online files into
     * {@code folder}: made now unless a conversion of the same inputs is already there.
     */
    static Map<String, Path> primaryFiles(DataStore.Resolved online, Path folder, PrintStream log) {
        Manifest.Entry entry = online.entry();
        Converter converter = CONVERTERS.get(entry.id());
        if (converter == null) {
            throw new IllegalStateException(entry.id() + " has online files but no converter into the format of its primary files"
                    + " (register one in Conversions.CONVERTERS)");
        }
        try {
            removeAbandoned(folder.getParent(), tempPrefix(folder));
            String stamp = stamp(online);
            if (!isCurrent(folder, stamp)) {
                if (log != null) {
                    log.println(entry.id() + ": converting " + String.join(", ", online.files().keySet()) + " into the layout of "
                            + String.join(", ", primaryNames(entry)) + " (once) in " + folder);
                }
                convert(converter, online, folder, stamp);
            }
        } catch (IOException | DataException e) {
            throw new DataException(entry.id() + ": converting " + String.join(", ", online.files().keySet()) + " failed: "
                    + (e instanceof DataException ? e.getMessage() : e.toString()), e);
        }
        Map<String, Path> files = new LinkedHashMap<>();
        for (String name : primaryNames(entry)) {
            files.put(name, folder.resolve(name));
        }
        return files;
    }

    private static java.util.List<String> primaryNames(Manifest.Entry entry) {
        return entry.files().stream().map(Manifest.FileEntry::name).toList();
    }

    /** What a conversion of these inputs records: the version, then "{@code <sha256>  <name>}" per online file (as sha256sum writes). */
    static String stamp(DataStore.Resolved online) throws IOException {
        StringBuilder sb = new StringBuilder("conversion " + VERSION + "\n");
        for (Map.Entry<String, Path> f : online.files().entrySet()) {
            sb.append(sha256(f.getValue())).append("  ").append(f.getKey()).append('\n');
        }
        return sb.toString();
    }

    /** A file's SHA-256: from its stamp while size and time are unchanged (a download leaves one), else hashed and stamped. */
    private static String sha256(Path file) throws IOException {
        String stamped = Stamps.trusted(file, "SHA-256");
        if (stamped != null) {
            return stamped;
        }
        String actual = Digests.sha256(file);
        Stamps.write(file, "SHA-256", actual);
        return actual;
    }

    /** Whether {@code folder} holds a conversion of these inputs that nobody changed since (its folder stamp still fits). */
    static boolean isCurrent(Path folder, String stamp) {
        try {
            return Files.isRegularFile(folder.resolve(STAMP)) && Files.readString(folder.resolve(STAMP), StandardCharsets.UTF_8).equals(stamp)
                    && Stamps.trusted(folder, "SHA-256") != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** A temp folder older than this was left by a conversion that was killed (conversions take seconds to minutes). */
    static final Duration ABANDONED_AFTER = Duration.ofHours(6);

    /** Converts into a temp folder beside {@code folder}, checks that every primary file is there, then renames it into place. */
    private static void convert(Converter converter, DataStore.Resolved online, Path folder, String stamp) throws IOException {
        Manifest.Entry entry = online.entry();
        Path temp = folder.resolveSibling(tempPrefix(folder) + UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.createDirectories(temp);
            converter.convert(online, temp);
            for (String name : primaryNames(entry)) {
                if (!Files.exists(temp.resolve(name))) {
                    throw new DataException(entry.id() + ": the converter wrote no " + name);
                }
            }
            Files.writeString(temp.resolve(STAMP), stamp, StandardCharsets.UTF_8);
            DirectoryHash.moveVerified(temp, folder, null, 0, entry.id() + "/" + folder.getFileName());
        } finally {
            DirectoryHash.deleteTree(temp);
        }
    }

    private static String tempPrefix(Path folder) {
        return "." + folder.getFileName() + ".part-";
    }

    /**
     * Deletes the temp folders that killed conversions left in {@code parent} (the last change
     * older than {@link #ABANDONED_AFTER}); a younger one may belong to a conversion running in
     * another kernel now.
     */
    static void removeAbandoned(Path parent, String tempPrefix) throws IOException {
        if (parent == null || !Files.isDirectory(parent)) {
            return;
        }
        FileTime cutoff = FileTime.from(Instant.now().minus(ABANDONED_AFTER));
        try (Stream<Path> siblings = Files.list(parent)) {
            for (Path sibling : siblings.filter(p -> p.getFileName().toString().startsWith(tempPrefix)).toList()) {
                if (Files.isDirectory(sibling) && Files.getLastModifiedTime(sibling).compareTo(cutoff) < 0) {
                    DirectoryHash.deleteTree(sibling);
                }
            }
        }
    }
}
