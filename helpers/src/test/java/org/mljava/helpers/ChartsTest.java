package org.mljava.helpers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

class ChartsTest {

    private static void drawable(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) throws Exception {
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        assertTrue(png.length > 1000, "a real picture, " + png.length + " bytes");
    }

    @Test
    void lineChartKeepsSeriesOrderAndLabels() throws Exception {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("train", new double[] {3, 2, 1});
        series.put("validation", new double[] {3, 2.5, 2});
        XYChart chart = Charts.line("Loss", "epoch", "loss", series);
        assertEquals(List.of("train", "validation"), List.copyOf(chart.getSeriesMap().keySet()));
        assertEquals("epoch", chart.getXAxisTitle());
        drawable(chart);
    }

    @Test
    void decisionRegionsColourThePlaneByPrediction() throws Exception {
        double[][] points = {{0, 0}, {1, 1}, {0, 1}, {1, 0}};
        int[] labels = {0, 1, 1, 0};
        XYChart chart = Charts.decisionRegions("XOR-ish", "x1", "x2", points, labels, new String[] {"a", "b"}, p -> p[0] > 0.5 ? 1 : 0);
        assertTrue(chart.getSeriesMap().containsKey("region: a"));
        assertTrue(chart.getSeriesMap().containsKey("region: b"));
        assertTrue(chart.getSeriesMap().containsKey("a") && chart.getSeriesMap().containsKey("b"));
        drawable(chart);
    }

    @Test
    void decisionRegionsRingTheChosenPoints() throws Exception {
        double[][] points = {{0, 0}, {1, 1}, {0, 1}, {1, 0}};
        int[] labels = {0, 1, 1, 0};
        XYChart chart = Charts.decisionRegions("test set ringed", "x1", "x2", points, labels, new String[] {"a", "b"},
                p -> p[0] > 0.5 ? 1 : 0, new int[] {1, 3});
        var rings = chart.getSeriesMap().get("test set");
        assertEquals(2, rings.getXData().length);
        assertEquals(1.0, rings.getXData()[0]);
        assertEquals(0.0, rings.getYData()[1]);
        drawable(chart);
    }

    @Test
    void levelLineFollowsTheCurve() throws Exception {
        // f(x, y) = x^2 + y^2: the level 1 is the unit circle
        XYChart chart = Charts.xy("circle", "x", "y");
        var series = Charts.addLevelLine(chart, "x² + y² = 1", p -> p[0] * p[0] + p[1] * p[1], 1.0,
                new double[] {-2, 2}, new double[] {-2, 2}, true);
        double[] xs = series.getXData();
        double[] ys = series.getYData();
        int points = 0;
        for (int i = 0; i < xs.length; i++) {
            if (!Double.isNaN(xs[i])) {
                assertEquals(1.0, Math.hypot(xs[i], ys[i]), 2e-3, "on the circle");
                points++;
            }
        }
        assertTrue(points > 100, points + " points");
        drawable(chart);
        assertThrows(IllegalArgumentException.class,
                () -> Charts.addLevelLine(Charts.xy("none", "x", "y"), "never", p -> 5.0, 0, new double[] {0, 1}, new double[] {0, 1}, false));
    }

    @Test
    void heatmapWritesShortValuesAndAxisTitles() throws Exception {
        var fractions = Charts.heatmap("attention", "key token", "query token", new double[][] {{0.123456, 0.876544}, {1, 0}},
                new String[] {"a", "b"}, new String[] {"a", "b"});
        assertEquals("0.00", fractions.getStyler().getHeatMapValueDecimalPattern());
        assertEquals("key token", fractions.getXAxisTitle());
        assertEquals("query token", fractions.getYAxisTitle());
        drawable(fractions);
        var counts = Charts.heatmap("confusion", new double[][] {{71, 1}, {2, 40}}, new String[] {"B", "M"}, new String[] {"B", "M"});
        assertEquals("#", counts.getStyler().getHeatMapValueDecimalPattern());
    }

    @Test
    void scatterRejectsMismatchedLabels() {
        assertThrows(IllegalArgumentException.class,
                () -> Charts.scatterByClass("t", "x", "y", new double[][] {{0, 0}}, new int[] {0, 1}, new String[] {"a"}));
    }

    @Test
    void heatmapAndHistogramDraw() throws Exception {
        drawable(Charts.heatmap("Confusion", new double[][] {{5, 1}, {0, 7}}, new String[] {"t0", "t1"}, new String[] {"p0", "p1"}));
        drawable(Charts.histogram("Values", "v", new double[] {1, 2, 2, 3, 3, 3}, 3));
    }

    @Test
    void sideBySidePutsChartsInOneRow() {
        XYChart a = Charts.line("a", "x", "y", "s", new double[] {1, 2});
        XYChart b = Charts.line("b", "x", "y", "s", new double[] {2, 1});
        BufferedImage both = Charts.sideBySide(a, b);
        assertEquals(a.getWidth() + b.getWidth(), both.getWidth());
        assertEquals(Math.max(a.getHeight(), b.getHeight()), both.getHeight());
    }

    @Test
    void groupedBarsCheckTheirShape() throws Exception {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("keywords", new double[] {0.2, 0.27});
        series.put("MiniLM", new double[] {0.9, 0.95});
        drawable(Charts.bars("Search", "metric", "score", new String[] {"hit@1", "MRR"}, series));
        assertThrows(IllegalArgumentException.class,
                () -> Charts.bars("x", "x", "y", new String[] {"a"}, Map.of("s", new double[] {1, 2})));
    }

    @Test
    void tintMixesWithWhite() {
        assertEquals(java.awt.Color.WHITE, Charts.tint(java.awt.Color.RED, 0));
        assertEquals(java.awt.Color.RED, Charts.tint(java.awt.Color.RED, 1));
    }

    @Test
    void imageGridLaysOutImagesInRowsAndColumns() {
        double[] blank = new double[4 * 4];
        BufferedImage grid = Charts.imageGrid(List.of(blank, blank, blank), 4, 4, 2, List.of("a", "b", "c"));
        int scale = 64 / 4;
        assertEquals(2 * (4 * scale + 8), grid.getWidth());
        assertEquals(2 * (4 * scale + 8 + 16), grid.getHeight());
    }

    @Test
    void signedImageGridShowsZeroWhitePositiveRedNegativeBlue() {
        double[] weights = {2.0, 0.0, -1.0, -2.0};
        BufferedImage grid = Charts.signedImageGrid(List.of(weights), 2, 2, 1, null);
        int scale = 64 / 2;
        java.awt.Color positive = new java.awt.Color(grid.getRGB(4 + scale / 2, 4 + scale / 2));
        java.awt.Color zero = new java.awt.Color(grid.getRGB(4 + scale + scale / 2, 4 + scale / 2));
        java.awt.Color halfNegative = new java.awt.Color(grid.getRGB(4 + scale / 2, 4 + scale + scale / 2));
        java.awt.Color negative = new java.awt.Color(grid.getRGB(4 + scale + scale / 2, 4 + scale + scale / 2));
        assertEquals(new java.awt.Color(255, 0, 0), positive);
        assertEquals(java.awt.Color.WHITE, zero);
        assertEquals(new java.awt.Color(127, 127, 255), halfNegative);
        assertEquals(new java.awt.Color(0, 0, 255), negative);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Charts.signedImageGrid(List.of(new double[3]), 2, 2, 1, null));
    }
}
