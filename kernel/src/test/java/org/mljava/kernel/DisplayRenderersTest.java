package org.mljava.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class DisplayRenderersTest {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

    private static Renderer rendererWithLibraries() {
        Renderer renderer = new Renderer();
        DisplayRenderers renderers = new DisplayRenderers(renderer);
        renderers.refresh(name -> {
            try {
                return Class.forName(name);
            } catch (ClassNotFoundException e) {
                return null;
            }
        });
        return renderer;
    }

    private static void assertPng(Object base64) {
        byte[] bytes = Base64.getDecoder().decode((String) base64);
        for (int i = 0; i < PNG_MAGIC.length; i++) {
            assertEquals(PNG_MAGIC[i], bytes[i]);
        }
    }

    @Test
    void rendersXChartAsPng() {
        XYChart chart = new XYChartBuilder().width(200).height(150).title("t").build();
        chart.addSeries("s", new double[] {1, 2}, new double[] {3, 4});
        DisplayData data = rendererWithLibraries().render(chart);
        assertPng(data.getData(MIMEType.IMAGE_PNG));
    }

    @Test
    void rendersTablesawTableAsHtmlAndTextWithShape() {
        Table table = Table.create("iris", DoubleColumn.create("x", 1.5, 2.5), StringColumn.create("class", "a<b", "c"));
        DisplayData data = rendererWithLibraries().render(table);
        String html = (String) data.getData(MIMEType.TEXT_HTML);
        String text = (String) data.getData(MIMEType.TEXT_PLAIN);
        assertTrue(html.contains("iris: 2 rows x 2 columns"), html);
        assertTrue(html.contains("<th>class</th>") && html.contains("a&lt;b"), html);
        assertTrue(text.startsWith("iris: 2 rows x 2 columns"), text);
    }

    @Test
    void previewsOnlyTheFirstRowsOfLongTables() {
        double[] values = new double[25];
        Table table = Table.create("long", DoubleColumn.create("v", values));
        String text = (String) rendererWithLibraries().render(table).getData(MIMEType.TEXT_PLAIN);
        assertTrue(text.contains("... 15 more rows"), text);
    }

    @Test
    void rendersBufferedImageAsPng() {
        DisplayData data = rendererWithLibraries().render(new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB));
        assertPng(data.getData(MIMEType.IMAGE_PNG));
    }

    @Test
    void leavesOtherObjectsToTheDefaultRenderer() {
        DisplayData data = rendererWithLibraries().render(Map.of("a", 1));
        assertEquals("{a=1}", data.getData(MIMEType.TEXT_PLAIN));
    }
}
