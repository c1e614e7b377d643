package dev.gradbook.layers.plot;

import dev.gradbook.layers.plot.ModelDiagram.Layer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("ModelDiagram: the network as columns of fully connected nodes, in SVG")
class ModelDiagramTest {

    private static final String SVG = "http://www.w3.org/2000/svg";

    /** The seed tutorial's MLP: 784 → 512 relu → 512 relu → 10 softmax. */
    static final List<Layer> SEED_MLP = List.of(
            Layer.input(784),
            new Layer("dense", 512, "relu"),
            new Layer("dense_1", 512, "relu"),
            new Layer("dense_2", 10, "softmax"));

    @TempDir
    Path dir;

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
    }

    /** The {@code <g>} elements whose class list contains {@code cssClass}, in document order. */
    static List<Element> groups(Document doc, String cssClass) {
        List<Element> found = new ArrayList<>();
        NodeList all = doc.getElementsByTagNameNS(SVG, "g");
        for (int i = 0; i < all.getLength(); i++) {
            Element g = (Element) all.item(i);
            if (List.of(g.getAttribute("class").split(" ")).contains(cssClass)) {
                found.add(g);
            }
        }
        return found;
    }

    static int count(Element parent, String tag) {
        return parent.getElementsByTagNameNS(SVG, tag).getLength();
    }

    static List<String> texts(Element parent) {
        List<String> texts = new ArrayList<>();
        NodeList nodes = parent.getElementsByTagNameNS(SVG, "text");
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }

    @Nested
    @DisplayName("the seed MLP")
    class SeedMlp {

        @Test
        @DisplayName("is well-formed XML with an <svg> root in the SVG namespace")
        void wellFormed() throws Exception {
            Document doc = parse(ModelDiagram.toSvg(SEED_MLP));
            assertEquals("svg", doc.getDocumentElement().getLocalName());
            assertEquals(SVG, doc.getDocumentElement().getNamespaceURI());
        }

        @Test
        @DisplayName("draws at most 12 nodes per column: 12, 12, 12, 10")
        void cappedColumns() throws Exception {
            List<Element> layers = groups(parse(ModelDiagram.toSvg(SEED_MLP)), "layer");
            assertEquals(List.of(12, 12, 12, 10), layers.stream().map(g -> count(g, "circle")).toList());
            assertEquals(List.of("784", "512", "512", "10"), layers.stream().map(g -> g.getAttribute("data-units")).toList());
        }

        @Test
        @DisplayName("connects every drawn node to every drawn node of the next column: 144 + 144 + 120 lines")
        void fullyConnected() throws Exception {
            Document doc = parse(ModelDiagram.toSvg(SEED_MLP));
            List<Element> edges = groups(doc, "edges");
            assertEquals(List.of(12 * 12, 12 * 12, 12 * 10), edges.stream().map(g -> count(g, "line")).toList());
            assertEquals(408, doc.getElementsByTagNameNS(SVG, "line").getLength(), "no other lines");
            assertEquals("dense_1", edges.get(2).getAttribute("data-from"));
            assertEquals("dense_2", edges.get(2).getAttribute("data-to"));
        }

        @Test
        @DisplayName("marks each capped column with \"⋮ N units\", and only those")
        void ellipsisMarkers() throws Exception {
            List<Element> layers = groups(parse(ModelDiagram.toSvg(SEED_MLP)), "layer");
            List<List<String>> markers = layers.stream()
                    .map(g -> groups(g.getOwnerDocument(), "ellipsis").stream()
                            .filter(e -> e.getParentNode() == g).flatMap(e -> texts(e).stream()).toList())
                    .toList();
            assertEquals(List.of(List.of("⋮ 784 units"), List.of("⋮ 512 units"), List.of("⋮ 512 units"), List.of()),
                    markers);
        }

        @Test
        @DisplayName("captions each column with the layer's name, size and activation")
        void captions() throws Exception {
            List<Element> layers = groups(parse(ModelDiagram.toSvg(SEED_MLP)), "layer");
            List<String> input = texts(layers.get(0));
            assertTrue(input.containsAll(List.of("input", "784 units")), input.toString());
            assertTrue(texts(layers.get(1)).containsAll(List.of("dense", "512 units", "relu")));
            assertTrue(texts(layers.get(3)).containsAll(List.of("dense_2", "10 units", "softmax")));
        }

        @Test
        @DisplayName("has an accessible <title> describing the whole model")
        void title() throws Exception {
            Document doc = parse(ModelDiagram.toSvg(SEED_MLP));
            assertEquals("Model diagram: input (784) → dense (512, relu) → dense_1 (512, relu) → dense_2 (10, softmax)",
                    doc.getElementsByTagNameNS(SVG, "title").item(0).getTextContent());
        }
    }

    @Nested
    @DisplayName("layout")
    class Layout {

        @Test
        @DisplayName("a small network is drawn in full, without markers")
        void smallInFull() throws Exception {
            Document doc = parse(ModelDiagram.toSvg(List.of(Layer.input(3), new Layer("hidden", 4, "tanh"),
                    new Layer("out", 2, "sigmoid"))));
            assertEquals(List.of(3, 4, 2), groups(doc, "layer").stream().map(g -> count(g, "circle")).toList());
            assertEquals(List.of(12, 8), groups(doc, "edges").stream().map(g -> count(g, "line")).toList());
            assertEquals(List.of(), groups(doc, "ellipsis"));
        }

        @Test
        @DisplayName("a capped column puts the marker between its top and bottom halves")
        void markerInTheGap() throws Exception {
            Document doc = parse(ModelDiagram.toSvg(List.of(Layer.input(784), new Layer("out", 10, "softmax")), 5));
            Element input = groups(doc, "layer").get(0);
            NodeList circles = input.getElementsByTagNameNS(SVG, "circle");
            assertEquals(5, circles.getLength());
            double[] ys = new double[5];
            for (int i = 0; i < 5; i++) {
                ys[i] = Double.parseDouble(((Element) circles.item(i)).getAttribute("cy"));
            }
            double markerY = Double.parseDouble(((Element) groups(doc, "ellipsis").get(0)
                    .getElementsByTagNameNS(SVG, "text").item(0)).getAttribute("y"));
            assertTrue(ys[2] < markerY && markerY < ys[3], "3 nodes above the marker, 2 below");
            assertEquals(List.of(5 * 5), groups(doc, "edges").stream().map(g -> count(g, "line")).toList());
        }

        @Test
        @DisplayName("a single column has nodes but no edges")
        void singleColumn() throws Exception {
            Document doc = parse(ModelDiagram.toSvg(List.of(Layer.input(3))));
            assertEquals(3, doc.getElementsByTagNameNS(SVG, "circle").getLength());
            assertEquals(0, doc.getElementsByTagNameNS(SVG, "line").getLength());
        }

        @Test
        @DisplayName("coordinates use '.' even where the default locale writes decimal commas")
        void localeIndependent() throws Exception {
            Locale saved = Locale.getDefault();
            try {
                Locale.setDefault(Locale.GERMANY);
                String svg = ModelDiagram.toSvg(List.of(Layer.input(3), new Layer("a", 2, "")));
                Element line = (Element) parse(svg).getElementsByTagNameNS(SVG, "line").item(0);
                for (String attribute : List.of("x1", "y1", "x2", "y2")) {
                    Double.parseDouble(line.getAttribute(attribute));
                }
                assertTrue(!svg.contains(",5\""), "no decimal commas");
            } finally {
                Locale.setDefault(saved);
            }
        }
    }

    @Nested
    @DisplayName("text is escaped, so any name makes valid XML")
    class Escaping {

        @Test
        @DisplayName("&, <, >, quotes and apostrophes survive as text and attribute values")
        void specialCharacters() throws Exception {
            String name = "<b>Tom & \"Jerry's\"</b>";
            Document doc = parse(ModelDiagram.toSvg(List.of(Layer.input(2), new Layer(name, 3, "a<b")))); 
            Element layer = groups(doc, "layer").get(1);
            assertEquals(name, layer.getAttribute("data-name"));
            assertTrue(texts(layer).containsAll(List.of(name, "a<b")));
        }

        @Test
        @DisplayName("characters XML cannot hold become U+FFFD instead of breaking the document")
        void controlCharacters() throws Exception {
            Document doc = parse(ModelDiagram.toSvg(List.of(new Layer("in\u0001put\uD800", 2, ""))));
            assertTrue(texts(groups(doc, "layer").get(0)).contains("in\uFFFDput\uFFFD"));
        }
    }

    @Nested
    @DisplayName("writing and errors")
    class WritingAndErrors {

        @Test
        @DisplayName("write(Path) stores exactly toSvg's text as UTF-8")
        void writesUtf8() throws Exception {
            Path file = dir.resolve("mlp.svg");
            ModelDiagram.write(file, SEED_MLP);
            assertArrayEquals(ModelDiagram.toSvg(SEED_MLP).getBytes(StandardCharsets.UTF_8), Files.readAllBytes(file));
            try (var listing = Files.list(dir)) {
                assertEquals(1, listing.count(), "no temporary file left");
            }
        }

        @Test
        @DisplayName("no layers, a null layer, a layer without units, or maxNodes below 2")
        void badInput() {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelDiagram.toSvg(List.of()))
                    .getMessage().contains("no layers to draw"));
            List<Layer> withNull = new ArrayList<>();
            withNull.add(Layer.input(2));
            withNull.add(null);
            assertEquals("ModelDiagram.toSvg: layers[1] is null",
                    assertThrows(NullPointerException.class, () -> ModelDiagram.toSvg(withNull)).getMessage());
            assertEquals("model diagram: layer \"dense\" has 0 units; a layer needs at least 1",
                    assertThrows(IllegalArgumentException.class, () -> new Layer("dense", 0, "relu")).getMessage());
            assertThrows(NullPointerException.class, () -> new Layer(null, 3, "relu"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelDiagram.toSvg(SEED_MLP, 1))
                    .getMessage().contains("at least 2"));
        }

        @Test
        @DisplayName("a null activation reads as none")
        void nullActivation() {
            assertEquals("", new Layer("x", 1, null).activation());
        }
    }
}
