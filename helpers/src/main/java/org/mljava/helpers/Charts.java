package org.mljava.helpers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts the chapters share, as XChart objects (the kernel renders them inline as PNG; a
 * notebook can still restyle them) or as images. Every chart has a title, axis labels and a legend.
 */
public final class Charts {

    public static final int WIDTH = 640;
    public static final int HEIGHT = 420;

    /** A fixed palette so class k has the same colour in every chart of the collection. */
    public static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
        new Color(188, 189, 34), new Color(23, 190, 207)
    };

    private Charts() {
    }

    /** An empty XY chart with the collection's style. */
    public static XYChart xy(String title, String xLabel, String yLabel) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        // legend inside the plot: outside on the right it squeezes the x axis until tick labels collide
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setLegendBackgroundColor(new Color(255, 255, 255, 210));
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setSeriesColors(PALETTE);
        chart.getStyler().setMarkerSize(6);
        return chart;
    }

    /** Line chart of one or more series over x = 1, 2, ... (e.g. loss per epoch). */
    public static XYChart line(String title, String xLabel, String yLabel, Map<String, double[]> series) {
        XYChart chart = xy(title, xLabel, yLabel);
        int longest = 0;
        for (var entry : series.entrySet()) {
            double[] y = entry.getValue();
            double[] x = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                x[i] = i + 1;
            }
            chart.addSeries(entry.getKey(), x, y).setMarker(SeriesMarkers.NONE);
            longest = Math.max(longest, y.length);
        }
        if (longest > 1) {
            // XChart labels every point of an evenly spaced x axis; half a step of margin on
            // each side makes it choose round ticks instead ("1112131415" otherwise)
            chart.getStyler().setXAxisMin(0.5).setXAxisMax(longest + 0.5);
            chart.getStyler().setXAxisDecimalPattern("#");
        }
        return chart;
    }

    /** Line chart of one or more series over a shared x. */
    public static XYChart line(String title, String xLabel, String yLabel, double[] x, Map<String, double[]> series) {
        XYChart chart = xy(title, xLabel, yLabel);
        for (var entry : series.entrySet()) {
            chart.addSeries(entry.getKey(), x, entry.getValue()).setMarker(SeriesMarkers.NONE);
        }
        if (x.length > 2 && evenlySpaced(x)) {
            double half = (x[1] - x[0]) / 2;
            chart.getStyler().setXAxisMin(Math.min(x[0], x[x.length - 1]) - Math.abs(half))
                    .setXAxisMax(Math.max(x[0], x[x.length - 1]) + Math.abs(half));
        }
        return chart;
    }

    /** XChart puts a label on every point of an evenly spaced axis; a margin makes it pick round ticks. */
    private static boolean evenlySpaced(double[] x) {
        double step = x[1] - x[0];
        for (int i = 2; i < x.length; i++) {
            if (Math.abs((x[i] - x[i - 1]) - step) > 1e-9 * Math.max(1, Math.abs(step))) {
                return false;
            }
        }
        return step != 0;
    }

    /** Convenience for one series: {@code Charts.line("Loss", "epoch", "loss", "train", losses)}. */
    public static XYChart line(String title, String xLabel, String yLabel, String name, double[] y) {
        Map<String, double[]> one = new LinkedHashMap<>();
        one.put(name, y);
        return line(title, xLabel, yLabel, one);
    }

    /** Scatter plot of 2-D points coloured by class. {@code points[i] = {x, y}}, {@code labels[i]} in 0..k-1. */
    public static XYChart scatterByClass(String title, String xLabel, String yLabel, double[][] points, int[] labels, String[] classNames) {
        XYChart chart = xy(title, xLabel, yLabel);
        addClassSeries(chart, points, labels, classNames);
        return chart;
    }

    private static void addClassSeries(XYChart chart, double[][] points, int[] labels, String[] classNames) {
        if (points.length != labels.length) {
            throw new IllegalArgumentException(points.length + " points but " + labels.length + " labels");
        }
        for (int k = 0; k < classNames.length; k++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < points.length; i++) {
                if (labels[i] == k) {
                    xs.add(points[i][0]);
                    ys.add(points[i][1]);
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries(classNames[k], xs, ys);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarkerColor(PALETTE[k % PALETTE.length]);
            s.setMarker(k % 2 == 0 ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
        }
    }

    /**
     * Decision regions of a 2-D classifier: the plane is coloured by the class the classifier
     * predicts on a grid, and the data points are drawn on top.
     */
    public static XYChart decisionRegions(String title, String xLabel, String yLabel, double[][] points, int[] labels,
                                          String[] classNames, ToIntFunction<double[]> classifier) {
        return decisionRegions(title, xLabel, yLabel, points, labels, classNames, classifier, null);
    }

    /**
     * Decision regions with some points ringed, e.g. the test set: all {@code points} are drawn by class,
     * and the ones at the positions {@code ringed} (may be null) get a black circle around them, as the
     * book marks its test examples.
     */
    public static XYChart decisionRegions(String title, String xLabel, String yLabel, double[][] points, int[] labels,
                                          String[] classNames, ToIntFunction<double[]> classifier, int[] ringed) {
        int grid = 90;
        double[] xr = range(points, 0);
        double[] yr = range(points, 1);
        XYChart chart = xy(title, xLabel, yLabel);
        chart.getStyler().setXAxisMin(xr[0]).setXAxisMax(xr[1]).setYAxisMin(yr[0]).setYAxisMax(yr[1]);
        List<List<Double>> gx = new ArrayList<>();
        List<List<Double>> gy = new ArrayList<>();
        for (int k = 0; k < classNames.length; k++) {
            gx.add(new ArrayList<>());
            gy.add(new ArrayList<>());
        }
        for (int i = 0; i <= grid; i++) {
            for (int j = 0; j <= grid; j++) {
                double x = xr[0] + (xr[1] - xr[0]) * i / grid;
                double y = yr[0] + (yr[1] - yr[0]) * j / grid;
                int k = classifier.applyAsInt(new double[] {x, y});
                if (k >= 0 && k < classNames.length) {
                    gx.get(k).add(x);
                    gy.get(k).add(y);
                }
            }
        }
        int cell = Math.max(4, (WIDTH - 160) / grid + 2);
        for (int k = 0; k < classNames.length; k++) {
            if (gx.get(k).isEmpty()) {
                continue;
            }
            Color c = PALETTE[k % PALETTE.length];
            XYSeries region = chart.addSeries("region: " + classNames[k], gx.get(k), gy.get(k));
            region.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            region.setMarker(SeriesMarkers.SQUARE);
            region.setMarkerColor(tint(c, 0.18)); // opaque: overlapping translucent tiles would show stripes
            region.setShowInLegend(false);
        }
        chart.getStyler().setMarkerSize(cell);
        addClassSeries(chart, points, labels, classNames);
        for (XYSeries s : chart.getSeriesMap().values()) {
            if (!s.getName().startsWith("region: ")) {
                s.setMarkerColor(s.getMarkerColor().darker());
            }
        }
        // data markers smaller than the region tiles: XChart has one marker size per chart, so
        // points are drawn as a second layer with a fixed-size custom marker
        for (XYSeries s : chart.getSeriesMap().values()) {
            if (!s.getName().startsWith("region: ")) {
                s.setMarker(new FixedSizeMarker(s.getMarker() == SeriesMarkers.DIAMOND, 8));
            }
        }
        if (ringed != null && ringed.length > 0) {
            List<Double> rx = new ArrayList<>();
            List<Double> ry = new ArrayList<>();
            for (int i : ringed) {
                rx.add(points[i][0]);
                ry.add(points[i][1]);
            }
            XYSeries rings = chart.addSeries("test set", rx, ry);
            rings.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            rings.setMarker(new RingMarker(14));
            rings.setMarkerColor(Color.BLACK);
        }
        return chart;
    }

    /**
     * Adds the level line {@code f(x, y) = level} to a chart, e.g. an SVM's margins (levels -1 and +1) or the
     * boundary (level 0) of a score function. The curve is traced by marching squares on a 120 x 120 grid over
     * the chart's current axis ranges (or the given ranges if the axes are not fixed yet).
     */
    public static XYSeries addLevelLine(XYChart chart, String name, ToDoubleFunction<double[]> f, double level,
                                        double[] xRange, double[] yRange, boolean dashed) {
        int n = 120;
        double[][] v = new double[n + 1][n + 1];
        for (int i = 0; i <= n; i++) {
            for (int j = 0; j <= n; j++) {
                v[i][j] = f.applyAsDouble(new double[] {gridValue(xRange, i, n), gridValue(yRange, j, n)}) - level;
            }
        }
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                // the corners of one grid square, counter-clockwise, and where the curve crosses its edges
                double[][] corners = {{i, j}, {i + 1, j}, {i + 1, j + 1}, {i, j + 1}};
                List<double[]> crossings = new ArrayList<>();
                for (int e = 0; e < 4; e++) {
                    double[] a = corners[e];
                    double[] b = corners[(e + 1) % 4];
                    double va = v[(int) a[0]][(int) a[1]];
                    double vb = v[(int) b[0]][(int) b[1]];
                    if ((va < 0) != (vb < 0)) {
                        double t = va / (va - vb);
                        crossings.add(new double[] {gridValue(xRange, a[0] + t * (b[0] - a[0]), n),
                            gridValue(yRange, a[1] + t * (b[1] - a[1]), n)});
                    }
                }
                for (int c = 0; c + 1 < crossings.size(); c += 2) {
                    xs.add(crossings.get(c)[0]);
                    ys.add(crossings.get(c)[1]);
                    xs.add(crossings.get(c + 1)[0]);
                    ys.add(crossings.get(c + 1)[1]);
                    xs.add(Double.NaN); // a gap: XChart does not join points across NaN
                    ys.add(Double.NaN);
                }
            }
        }
        if (xs.isEmpty()) {
            throw new IllegalArgumentException("the function never crosses " + level + " in the given ranges");
        }
        XYSeries series = chart.addSeries(name, xs, ys);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(Color.BLACK);
        series.setLineWidth(1.6f);
        if (dashed) {
            series.setLineStyle(new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2.5f, 2.5f}, 0f));
        }
        return series;
    }

    private static double gridValue(double[] range, double step, int steps) {
        return range[0] + (range[1] - range[0]) * step / steps;
    }

    /** The x and y ranges that {@link #decisionRegions} draws for these points: use them with {@link #addLevelLine}. */
    public static double[][] plotRanges(double[][] points) {
        return new double[][] {range(points, 0), range(points, 1)};
    }

    /** An unfilled circle at a fixed pixel size (to ring chosen points without hiding their colour). */
    private static final class RingMarker extends org.knowm.xchart.style.markers.Marker {
        private final int size;

        RingMarker(int size) {
            this.size = size;
        }

        @Override
        public void paint(Graphics2D g, double x, double y, int markerSize) {
            g.setStroke(new BasicStroke(1.4f));
            double h = size / 2.0;
            g.draw(new java.awt.geom.Ellipse2D.Double(x - h, y - h, size, size));
        }
    }

    /** The colour mixed with white: {@code amount} 0 gives white, 1 the colour itself. */
    static Color tint(Color c, double amount) {
        return new Color((int) Math.round(255 - (255 - c.getRed()) * amount), (int) Math.round(255 - (255 - c.getGreen()) * amount),
                (int) Math.round(255 - (255 - c.getBlue()) * amount));
    }

    /** A marker drawn at a fixed pixel size whatever the chart's marker size. */
    private static final class FixedSizeMarker extends org.knowm.xchart.style.markers.Marker {
        private final boolean diamond;
        private final int size;

        FixedSizeMarker(boolean diamond, int size) {
            this.diamond = diamond;
            this.size = size;
        }

        @Override
        public void paint(Graphics2D g, double x, double y, int markerSize) {
            g.setStroke(new BasicStroke(1f));
            double h = size / 2.0;
            java.awt.geom.Path2D path = new java.awt.geom.Path2D.Double();
            if (diamond) {
                path.moveTo(x, y - h);
                path.lineTo(x + h, y);
                path.lineTo(x, y + h);
                path.lineTo(x - h, y);
                path.closePath();
                g.fill(path);
            } else {
                g.fill(new java.awt.geom.Ellipse2D.Double(x - h, y - h, size, size));
            }
        }
    }

    private static double[] range(double[][] points, int column) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] p : points) {
            min = Math.min(min, p[column]);
            max = Math.max(max, p[column]);
        }
        double pad = (max - min) * 0.08 + 1e-9;
        return new double[] {min - pad, max + pad};
    }

    /**
     * Several charts side by side in one picture, e.g. a loss curve next to an accuracy curve.
     * Each keeps its own title, axes and legend.
     */
    public static BufferedImage sideBySide(org.knowm.xchart.internal.chartpart.Chart<?, ?>... charts) {
        int width = 0;
        int height = 0;
        for (var chart : charts) {
            width += chart.getWidth();
            height = Math.max(height, chart.getHeight());
        }
        BufferedImage out = new BufferedImage(Math.max(1, width), Math.max(1, height), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        int x = 0;
        for (var chart : charts) {
            Graphics2D part = (Graphics2D) g.create(x, 0, chart.getWidth(), chart.getHeight());
            part.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            chart.paint(part, chart.getWidth(), chart.getHeight());
            part.dispose();
            x += chart.getWidth();
        }
        g.dispose();
        return out;
    }

    /** Bar chart of named values. */
    public static CategoryChart bar(String title, String xLabel, String yLabel, String[] categories, double[] values) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setSeriesColors(PALETTE);
        List<String> xs = List.of(categories);
        List<Double> ys = new ArrayList<>();
        for (double v : values) {
            ys.add(v);
        }
        chart.addSeries(yLabel, xs, ys);
        return chart;
    }

    /** Grouped bar chart: for each category one bar per series (e.g. two models' scores per metric). */
    public static CategoryChart bars(String title, String xLabel, String yLabel, String[] categories, Map<String, double[]> series) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setSeriesColors(PALETTE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        for (var entry : series.entrySet()) {
            double[] values = entry.getValue();
            if (values.length != categories.length) {
                throw new IllegalArgumentException(entry.getKey() + " has " + values.length + " values for " + categories.length + " categories");
            }
            List<Double> ys = new ArrayList<>();
            for (double v : values) {
                ys.add(v);
            }
            chart.addSeries(entry.getKey(), List.of(categories), ys);
        }
        return chart;
    }

    /** Histogram of values in {@code bins} equal-width bins. */
    public static CategoryChart histogram(String title, String xLabel, double[] values, int bins) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double width = (max - min) / bins + 1e-12;
        double[] counts = new double[bins];
        for (double v : values) {
            counts[Math.min(bins - 1, (int) ((v - min) / width))]++;
        }
        String[] names = new String[bins];
        for (int b = 0; b < bins; b++) {
            names[b] = String.format("%.3g", min + (b + 0.5) * width);
        }
        CategoryChart chart = bar(title, xLabel, "count", names, counts);
        chart.getStyler().setXAxisLabelRotation(45);
        return chart;
    }

    /** Heat map of a matrix, e.g. a confusion matrix or attention weights; row 0 is drawn at the top. */
    public static HeatMapChart heatmap(String title, double[][] values, String[] rowLabels, String[] columnLabels) {
        return heatmap(title, null, null, values, rowLabels, columnLabels);
    }

    /**
     * Heat map with axis titles (for example "query token" and "key token" for attention weights). Cell values are
     * written in the cells when there are at most 150 of them: whole numbers as they are, others to two decimals.
     */
    public static HeatMapChart heatmap(String title, String xLabel, String yLabel, double[][] values, String[] rowLabels,
                                       String[] columnLabels) {
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT).title(title).build();
        if (xLabel != null) {
            chart.setXAxisTitle(xLabel);
        }
        if (yLabel != null) {
            chart.setYAxisTitle(yLabel);
        }
        boolean whole = java.util.Arrays.stream(values).flatMapToDouble(java.util.Arrays::stream).allMatch(v -> v == Math.rint(v));
        chart.getStyler().setHeatMapValueDecimalPattern(whole ? "#" : "0.00");
        chart.getStyler().setShowValue(values.length * values[0].length <= 150);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setRangeColors(new Color[] {new Color(247, 251, 255), new Color(107, 174, 214), new Color(8, 48, 107)});
        List<Number[]> cells = new ArrayList<>();
        int rows = values.length;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < values[r].length; c++) {
                cells.add(new Number[] {c, rows - 1 - r, values[r][c]});
            }
        }
        List<String> ys = new ArrayList<>();
        for (int r = rows - 1; r >= 0; r--) {
            ys.add(rowLabels[r]);
        }
        chart.addSeries(title, List.of(columnLabels), ys, cells);
        return chart;
    }

    /**
     * A grid of grey-scale images (e.g. digits), pixel values in [0, 1] or [0, 255], each
     * {@code width x height}, row-major, with an optional caption under each.
     */
    public static BufferedImage imageGrid(List<double[]> images, int width, int height, int columns, List<String> captions) {
        return grid(images, width, height, columns, captions, img -> {
            double max = 0;
            for (double v : img) {
                max = Math.max(max, v);
            }
            double norm = max > 1.0 ? 255.0 : 1.0;
            return v -> {
                int grey = 255 - (int) Math.round(255 * Math.min(1, Math.max(0, v / norm)));
                return new Color(grey, grey, grey);
            };
        });
    }

    /**
     * Images whose values have a sign, such as a network's weights or a principal component: zero is white,
     * positive values shade to red and negative values to blue, scaled per image by its largest absolute value
     * (so the strongest weight of each image is full colour). Row-major, {@code width * height} values each.
     */
    public static BufferedImage signedImageGrid(List<double[]> images, int width, int height, int columns, List<String> captions) {
        return grid(images, width, height, columns, captions, img -> {
            double largest = 0;
            for (double v : img) {
                largest = Math.max(largest, Math.abs(v));
            }
            double scale = largest > 0 ? largest : 1;
            return v -> {
                double t = Math.max(-1, Math.min(1, v / scale));
                int fade = 255 - (int) Math.round(255 * Math.abs(t)); // 255 at zero, 0 at the extreme
                return t >= 0 ? new Color(255, fade, fade) : new Color(fade, fade, 255);
            };
        });
    }

    /** Draws the cells of an image grid; {@code palette} picks, per image, the colour of each value. */
    private static BufferedImage grid(List<double[]> images, int width, int height, int columns, List<String> captions,
            java.util.function.Function<double[], java.util.function.DoubleFunction<Color>> palette) {
        int scale = Math.max(1, 64 / Math.max(width, height));
        int cellW = width * scale + 8;
        int captionH = captions == null ? 0 : 16;
        int cellH = height * scale + 8 + captionH;
        int rows = (images.size() + columns - 1) / columns;
        BufferedImage out = new BufferedImage(columns * cellW, Math.max(1, rows) * cellH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int n = 0; n < images.size(); n++) {
            double[] img = images.get(n);
            if (img.length != width * height) {
                throw new IllegalArgumentException("image " + n + " has " + img.length + " values, not " + width + " x " + height);
            }
            java.util.function.DoubleFunction<Color> colour = palette.apply(img);
            int ox = (n % columns) * cellW + 4;
            int oy = (n / columns) * cellH + 4;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    g.setColor(colour.apply(img[y * width + x]));
                    g.fillRect(ox + x * scale, oy + y * scale, scale, scale);
                }
            }
            if (captions != null && n < captions.size()) {
                g.setColor(Color.DARK_GRAY);
                g.drawString(captions.get(n), ox, oy + height * scale + 13);
            }
        }
        g.dispose();
        return out;
    }
}
