package dev.gradbook.autograd;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("DotGraph: Graphviz text for any graph")
class DotGraphTest {

    @Nested
    @DisplayName("building a graph")
    class Building {

        @Test
        @DisplayName("an empty graph is still a valid digraph")
        void empty() {
            assertEquals("digraph \"g\" {\n}\n", new DotGraph("g").toString());
        }

        @Test
        @DisplayName("nodes, edges and attributes come out in the order they were added")
        void smallGraph() {
            String dot = new DotGraph("demo")
                    .graphAttribute("rankdir", "LR")
                    .node("a", "A", "box")
                    .node("b", "B", "circle")
                    .edge("a", "b")
                    .toString();

            assertEquals("""
                    digraph "demo" {
                      "rankdir"="LR";
                      "a" [label="A", shape="box"];
                      "b" [label="B", shape="circle"];
                      "a" -> "b";
                    }
                    """, dot);
        }

        @Test
        @DisplayName("a record node joins its fields with | inside braces")
        void record() {
            String dot = new DotGraph("g").recordNode("n", "x", "value 1.0000", "grad 0.0000").toString();

            assertTrue(dot.contains("\"n\" [label=\"{ x | value 1.0000 | grad 0.0000 }\", shape=\"record\"];"), dot);
        }

        @Test
        @DisplayName("an id used twice is refused, since Graphviz would silently merge the nodes")
        void duplicateId() {
            DotGraph graph = new DotGraph("g").node("a", "A", "box");

            var error = assertThrows(IllegalArgumentException.class, () -> graph.node("a", "again", "box"));
            assertTrue(error.getMessage().contains("'a'"), error.getMessage());
        }

        @Test
        @DisplayName("null arguments and a record with no fields are refused")
        void badArguments() {
            DotGraph graph = new DotGraph("g");

            assertThrows(NullPointerException.class, () -> new DotGraph(null));
            assertThrows(NullPointerException.class, () -> graph.node("a", null, "box"));
            assertThrows(NullPointerException.class, () -> graph.edge(null, "b"));
            assertThrows(IllegalArgumentException.class, () -> graph.recordNode("r"));
        }
    }

    @Nested
    @DisplayName("escaping: any text is shown exactly as typed")
    class Escaping {

        @Test
        @DisplayName("quotes and backslashes are escaped in labels")
        void quotesAndBackslashes() {
            String dot = new DotGraph("g").node("a", "say \"hi\" \\o/", "box").toString();

            assertTrue(dot.contains("label=\"say \\\"hi\\\" \\\\o/\""), dot);
        }

        @Test
        @DisplayName("a newline becomes DOT's \\n line break, and a carriage return is dropped")
        void newlines() {
            String dot = new DotGraph("g").node("a", "line one\r\nline two", "box").toString();

            assertTrue(dot.contains("label=\"line one\\nline two\""), dot);
            assertEquals(3, dot.split("\n").length, "header, the node, the closing brace: the label adds no line");
        }

        @Test
        @DisplayName("ids and the graph name are escaped too")
        void idsAndName() {
            String dot = new DotGraph("my \"graph\"").node("a\"b", "x", "box").edge("a\"b", "c\\d").toString();

            assertTrue(dot.startsWith("digraph \"my \\\"graph\\\"\" {"), dot);
            assertTrue(dot.contains("\"a\\\"b\" -> \"c\\\\d\";"), dot);
        }

        @Test
        @DisplayName("in a record, | { } < > in a field are text, not structure")
        void recordSpecials() {
            String dot = new DotGraph("g").recordNode("r", "a|b", "{c}", "<d>", "e\\f").toString();

            assertTrue(dot.contains("label=\"{ a\\|b | \\{c\\} | \\<d\\> | e\\\\f }\""), dot);
        }

        @Test
        @DisplayName("a quote in a record field is escaped once, for the quoted string")
        void recordQuote() {
            String dot = new DotGraph("g").recordNode("r", "say \"hi\"").toString();

            assertTrue(dot.contains("label=\"{ say \\\"hi\\\" }\""), dot);
        }
    }
}
