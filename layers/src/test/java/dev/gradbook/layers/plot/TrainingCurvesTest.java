package dev.gradbook.layers.plot;

import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("TrainingCurves: loss and accuracy per epoch as a PNG")
class TrainingCurvesTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    /** A believable five-epoch run of the seed MLP, validation loss turning up at the end. */
    static Map<String, List<Double>> history() {
        Map<String, List<Double>> history = new LinkedHashMap<>();
        history.put("loss", List.of(0.62, 0.31, 0.22, 0.17, 0.13));
        history.put("accuracy", List.of(0.82, 0.91, 0.935, 0.95, 0.962));
        history.put("val_loss", List.of(0.35, 0.26, 0.21, 0.20, 0.22));
        history.put("val_accuracy", List.of(0.90, 0.925, 0.94, 0.945, 0.943));
        return history;
    }

    private static String title(JFreeChart chart) {
        return chart.getTitle().getText();
    }

    private static List<String> seriesNames(JFreeChart chart) {
        XYDataset dataset = chart.getXYPlot().getDataset();
        return java.util.stream.IntStream.range(0, dataset.getSeriesCount())
                .mapToObj(i -> dataset.getSeriesKey(i).toString()).toList();
    }

    @Nested
    @DisplayName("the PNG file")
    class PngFile {

        @Test
        @DisplayName("starts with the PNG signature and decodes to the default 1000×400 image")
        void defaultSize() throws IOException {
            Path file = dir.resolve("curves.png");
            TrainingCurves.writePng(file, history());
            byte[] bytes = Files.readAllBytes(file);
            assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8));
            BufferedImage image = ImageIO.read(file.toFile());
            assertEquals(TrainingCurves.DEFAULT_WIDTH, image.getWidth());
            assertEquals(TrainingCurves.DEFAULT_HEIGHT, image.getHeight());
        }

        @Test
        @DisplayName("has the requested size, and replacing it leaves no temporary file")
        void customSizeAndReplace() throws IOException {
            Path file = dir.resolve("curves.png");
            TrainingCurves.writePng(file, history());
            TrainingCurves.writePng(file, history(), 640, 300);
            BufferedImage image = ImageIO.read(file.toFile());
            assertEquals(640, image.getWidth());
            assertEquals(300, image.getHeight());
            try (var listing = Files.list(dir)) {
                assertEquals(List.of("curves.png"), listing.map(p -> p.getFileName().toString()).toList());
            }
        }

        @Test
        @DisplayName("is drawn without a display (the tests run with java.awt.headless=true)")
        void headless() {
            assertTrue(GraphicsEnvironment.isHeadless());
        }

        @Test
        @DisplayName("shows both curves: pixels of the training blue and the validation orange are there")
        void bothCurvesDrawn() {
            BufferedImage image = TrainingCurves.render(history(), 800, 400);
            int blue = 0;
            int orange = 0;
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    int rgb = image.getRGB(x, y) & 0xffffff;
                    blue += rgb == 0x1f77b4 ? 1 : 0;
                    orange += rgb == 0xff7f0e ? 1 : 0;
                }
            }
            assertTrue(blue > 100, "training pixels: " + blue);
            assertTrue(orange > 100, "validation pixels: " + orange);
        }

        @Test
        @DisplayName("a directory that does not exist: IOException, nothing written")
        void missingDirectory() {
            assertThrows(IOException.class, () -> TrainingCurves.writePng(dir.resolve("no/such/dir/c.png"), history()));
        }
    }

    @Nested
    @DisplayName("the panels")
    class Panels {

        @Test
        @DisplayName("one per metric, loss first, each with training and validation series")
        void lossThenAccuracy() {
            Map<String, List<Double>> history = new LinkedHashMap<>();
            history.put("accuracy", List.of(0.8, 0.9));
            history.put("val_accuracy", List.of(0.85, 0.88));
            history.put("val_loss", List.of(0.4, 0.35));
            history.put("loss", List.of(0.5, 0.3));
            List<JFreeChart> charts = TrainingCurves.charts(history);
            assertEquals(List.of("Loss", "Accuracy"), charts.stream().map(TrainingCurvesTest::title).toList());
            for (JFreeChart chart : charts) {
                assertEquals(List.of("training", "validation"), seriesNames(chart));
                assertEquals("epoch", chart.getXYPlot().getDomainAxis().getLabel());
            }
            assertEquals("accuracy", charts.get(1).getXYPlot().getRangeAxis().getLabel());
        }

        @Test
        @DisplayName("epochs are numbered from 1 on the x axis")
        void epochsFromOne() {
            XYDataset loss = TrainingCurves.charts(history()).get(0).getXYPlot().getDataset();
            assertEquals(1.0, loss.getXValue(0, 0));
            assertEquals(5.0, loss.getXValue(0, 4));
            assertEquals(0.13, loss.getYValue(0, 4));
        }

        @Test
        @DisplayName("a run without validation data draws only the training curve, a loss-only run one panel")
        void trainingOnly() {
            List<JFreeChart> charts = TrainingCurves.charts(Map.of("loss", List.of(1.0, 0.5, 0.25)));
            assertEquals(1, charts.size());
            assertEquals(List.of("training"), seriesNames(charts.get(0)));
        }

        @Test
        @DisplayName("a single epoch and a diverged (NaN, infinite) run still draw")
        void awkwardValues() throws IOException {
            TrainingCurves.writePng(dir.resolve("one.png"), Map.of("loss", List.of(0.7)));
            TrainingCurves.writePng(dir.resolve("nan.png"),
                    Map.of("loss", List.of(0.7, 3.0, Double.POSITIVE_INFINITY, Double.NaN)));
            assertEquals(TrainingCurves.DEFAULT_WIDTH, ImageIO.read(dir.resolve("nan.png").toFile()).getWidth());
        }
    }

    @Nested
    @DisplayName("bad input fails with a message that says what to pass instead")
    class Errors {

        private String failure(Map<String, List<Double>> history) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TrainingCurves.writePng(dir.resolve("bad.png"), history));
            assertTrue(Files.notExists(dir.resolve("bad.png")));
            return e.getMessage();
        }

        @Test
        @DisplayName("an empty or null history")
        void empty() {
            assertTrue(failure(Map.of()).contains("the history is empty"));
            NullPointerException e = assertThrows(NullPointerException.class,
                    () -> TrainingCurves.writePng(dir.resolve("bad.png"), null));
            assertEquals("TrainingCurves.writePng: history is null", e.getMessage());
            assertTrue(Files.notExists(dir.resolve("bad.png")));
        }

        @Test
        @DisplayName("series of different lengths")
        void mismatched() {
            Map<String, List<Double>> history = new LinkedHashMap<>();
            history.put("loss", List.of(0.5, 0.4, 0.3, 0.2, 0.1));
            history.put("val_loss", List.of(0.6, 0.5, 0.45));
            assertEquals("training curves: \"val_loss\" has 3 values but \"loss\" has 5; every series needs"
                    + " exactly one value per epoch", failure(history));
        }

        @Test
        @DisplayName("an empty series, a missing value")
        void holes() {
            assertTrue(failure(Map.of("loss", List.of())).contains("\"loss\" has no values"));
            assertTrue(failure(Map.of("loss", Arrays.asList(0.5, null))).contains("for epoch 2"));
        }

        @Test
        @DisplayName("an image too small to hold the axes")
        void tooSmall() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TrainingCurves.render(history(), 50, 400));
            assertTrue(e.getMessage().contains("at least 100"), e.getMessage());
        }
    }
}
