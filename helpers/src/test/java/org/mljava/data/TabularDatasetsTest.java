package org.mljava.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The classic tables, loaded from the offline copies setup.sh put in the cache: shapes and counts as in the originals. */
@NeedsDataCache
class TabularDatasetsTest {

    @Test
    void iris() {
        TabularDataset iris = Datasets.iris();
        assertEquals(150, iris.rows());
        assertEquals(4, iris.x()[0].length);
        assertArrayEquals(new String[] {"setosa", "versicolor", "virginica"}, iris.classNames());
        assertArrayEquals(new String[] {"sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"}, iris.featureNames());
        assertArrayEquals(new int[] {50, 50, 50}, iris.classCounts());
        assertArrayEquals(new double[] {5.1, 3.5, 1.4, 0.2}, iris.x()[0]);
        assertNull(iris.target());
        Table t = iris.toTable();
        assertEquals(150, t.rowCount());
        assertEquals(5, t.columnCount());
        assertEquals("setosa", t.stringColumn("class").get(0));
        assertEquals(5.1, iris.column(0)[0]);
    }

    @Test
    void wine() {
        TabularDataset wine = Datasets.wine();
        assertEquals(178, wine.rows());
        assertEquals(13, wine.columns());
        assertArrayEquals(new int[] {59, 71, 48}, wine.classCounts());
        assertEquals(14.23, wine.x()[0][0]);
        assertEquals(1065, wine.x()[0][12]);
    }

    @Test
    void breastCancer() {
        TabularDataset bc = Datasets.breastCancer();
        assertEquals(569, bc.rows());
        assertEquals(30, bc.columns());
        assertArrayEquals(new String[] {"malignant", "benign"}, bc.classNames());
        assertArrayEquals(new int[] {212, 357}, bc.classCounts());
        assertEquals(0, bc.y()[0]); // the first sample is malignant in the source
        assertEquals("mean radius", bc.featureNames()[0]);
        assertEquals("worst fractal dimension", bc.featureNames()[29]);
    }

    @Test
    void digits() {
        TabularDataset d = Datasets.digits();
        assertEquals(1797, d.rows());
        assertEquals(64, d.columns());
        assertEquals(10, d.classNames().length);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double[] row : d.x()) {
            for (double v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        assertEquals(0, min);
        assertEquals(16, max);
        int total = 0;
        for (int c : d.classCounts()) {
            assertTrue(c >= 170 && c <= 190, "each digit about 180 times");
            total += c;
        }
        assertEquals(1797, total);
    }

    @Test
    void bostonHousing() {
        TabularDataset b = Datasets.bostonHousing();
        assertEquals(506, b.rows());
        assertEquals(13, b.columns());
        assertNull(b.y());
        assertEquals(506, b.target().length);
        assertEquals(24.0, b.target()[0]);
        assertEquals(0.00632, b.x()[0][0]);
        Table t = b.toTable();
        assertEquals(14, t.columnCount());
        assertEquals("target", t.column(13).name());
    }

    @Test
    void subsetsAndTables() {
        TabularDataset iris = Datasets.iris();
        TabularDataset petals = iris.features("petal length (cm)", "petal width (cm)");
        assertEquals(2, petals.columns());
        assertEquals(1.4, petals.x()[0][0]);
        TabularDataset firstTen = iris.head(10);
        assertEquals(10, firstTen.rows());
        assertEquals(iris.select(new int[] {0, 1}).x()[1][0], iris.x()[1][0]);
    }
}
