package org.mljava.kernel;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import javax.imageio.ImageIO;

import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;

/**
 * Renders charts, tables and images inline. XChart and Tablesaw arrive later, through %maven, in
 * the notebook's own class loader, so their renderers are registered by class name as soon as the
 * class becomes visible, and they call the libraries reflectively (the kernel does not depend on
 * them).
 */
public final class DisplayRenderers {

    /** Rows shown when a table is displayed. */
    public static final int TABLE_PREVIEW_ROWS = 10;

    static final String XCHART_CHART = "org.knowm.xchart.internal.chartpart.Chart";
    static final String TABLESAW_TABLE = "tech.tablesaw.api.Table";

    private final Renderer renderer;
    private final Set<String> registered = new HashSet<>();

    public DisplayRenderers(Renderer renderer) {
        this.renderer = renderer;
        renderer.createRegistration(BufferedImage.class)
                .preferring(MIMEType.IMAGE_PNG)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((image, context) -> {
                    context.renderIfRequested(MIMEType.IMAGE_PNG, () -> base64Png(image));
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> "BufferedImage " + image.getWidth() + "x" + image.getHeight());
                });
    }

    /** Looks for library classes that became visible and registers their renderers once. */
    public void refresh(Function<String, Class<?>> findClass) {
        registerIfVisible(XCHART_CHART, findClass, this::registerXChart);
        registerIfVisible(TABLESAW_TABLE, findClass, this::registerTablesaw);
    }

    private void registerIfVisible(String className, Function<String, Class<?>> findClass, java.util.function.Consumer<Class<?>> register) {
        if (registered.contains(className)) {
            return;
        }
        Class<?> type = findClass.apply(className);
        if (type != null) {
            register.accept(type);
            registered.add(className);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void registerXChart(Class<?> chartType) {
        Method toPng;
        Object pngFormat;
        try {
            ClassLoader loader = chartType.getClassLoader();
            Class<?> encoder = Class.forName("org.knowm.xchart.BitmapEncoder", true, loader);
            Class<? extends Enum> format = (Class<? extends Enum>) Class.forName("org.knowm.xchart.BitmapEncoder$BitmapFormat", true, loader);
            pngFormat = Enum.valueOf(format, "PNG");
            toPng = encoder.getMethod("getBitmapBytes", chartType, format);
        } catch (ReflectiveOperationException e) {
            System.err.println("XChart charts will not render inline: " + e);
            return;
        }
        Method method = toPng;
        Object format = pngFormat;
        renderer.createRegistration((Class) chartType)
                .preferring(MIMEType.IMAGE_PNG)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((chart, context) -> {
                    context.renderIfRequested(MIMEType.IMAGE_PNG, () -> {
                        try {
                            return Base64.getEncoder().encodeToString((byte[]) method.invoke(null, chart, format));
                        } catch (ReflectiveOperationException e) {
                            throw new IllegalStateException("Could not draw the chart: " + e.getCause(), e);
                        }
                    });
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> chart.getClass().getSimpleName());
                });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void registerTablesaw(Class<?> tableType) {
        renderer.createRegistration((Class) tableType)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((table, context) -> {
                    TablePreview preview = TablePreview.of(table, TABLE_PREVIEW_ROWS);
                    context.renderIfRequested(MIMEType.TEXT_HTML, preview::html);
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, preview::text);
                });
    }

    static String base64Png(BufferedImage image) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first rows of a Tablesaw table, read reflectively, as HTML and as text. */
    record TablePreview(String name, int rows, List<String> columns, List<List<String>> cells) {

        static TablePreview of(Object table, int maxRows) {
            try {
                Class<?> type = table.getClass();
                String name = (String) type.getMethod("name").invoke(table);
                int rows = (Integer) type.getMethod("rowCount").invoke(table);
                List<String> columns = (List<String>) type.getMethod("columnNames").invoke(table);
                Method getString = type.getMethod("getString", int.class, int.class);
                List<List<String>> cells = new java.util.ArrayList<>();
                for (int r = 0; r < Math.min(rows, maxRows); r++) {
                    List<String> row = new java.util.ArrayList<>();
                    for (int c = 0; c < columns.size(); c++) {
                        row.add((String) getString.invoke(table, r, c));
                    }
                    cells.add(row);
                }
                return new TablePreview(name == null ? "" : name, rows, List.copyOf(columns), cells);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Could not read the table: " + e, e);
            }
        }

        String shape() {
            return (name.isEmpty() ? "table" : name) + ": " + rows + " rows x " + columns.size() + " columns";
        }

        String html() {
            StringBuilder html = new StringBuilder("<div><p><b>").append(escape(shape())).append("</b></p>");
            html.append("<table><thead><tr>");
            for (String column : columns) {
                html.append("<th>").append(escape(column)).append("</th>");
            }
            html.append("</tr></thead><tbody>");
            for (List<String> row : cells) {
                html.append("<tr>");
                for (String cell : row) {
                    html.append("<td>").append(escape(cell)).append("</td>");
                }
                html.append("</tr>");
            }
            html.append("</tbody></table>");
            if (rows > cells.size()) {
                html.append("<p>... ").append(rows - cells.size()).append(" more rows</p>");
            }
            return html.append("</div>").toString();
        }

        String text() {
            int[] widths = new int[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                widths[c] = columns.get(c).length();
                for (List<String> row : cells) {
                    widths[c] = Math.max(widths[c], row.get(c).length());
                }
            }
            StringBuilder text = new StringBuilder(shape()).append('\n');
            appendRow(text, columns, widths);
            for (List<String> row : cells) {
                appendRow(text, row, widths);
            }
            if (rows > cells.size()) {
                text.append("... ").append(rows - cells.size()).append(" more rows\n");
            }
            return text.toString();
        }

        private static void appendRow(StringBuilder text, List<String> values, int[] widths) {
            for (int c = 0; c < values.size(); c++) {
                text.append(c == 0 ? "" : "  ").append(String.format("%" + widths[c] + "s", values.get(c)));
            }
            text.append('\n');
        }

        private static String escape(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }
    }
}
