package dev.gradbook.backends.simd;

import dev.gradbook.backends.simd.Twins.Pair;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The F32 files of the fast backends are generated from their F64 twins ({@link Twins}); this test
 * is what makes "generated" true: it fails the build as soon as one twin is edited without the
 * other, naming the first line that differs and the command that regenerates the twin.
 */
@DisplayName("Each F32 twin is its F64 source through the twin table, so the two cannot drift")
class TwinsTest {

    /** The repository root: set by the simd pom for Maven; found from the working directory in an IDE. */
    private static final Path ROOT = Optional.ofNullable(System.getProperty("gradbook.root")).map(Path::of)
            .or(() -> Twins.findRoot(Path.of(""))).orElseThrow(() -> new IllegalStateException(
                    "TwinsTest: no -Dgradbook.root and the working directory is not inside a gradbook checkout"))
            .toAbsolutePath().normalize();

    private static final Pair MATMUL = pair("MatmulF32.java");
    private static final Pair KERNELS = pair("FloatKernels.java");

    static Stream<Pair> pairs() {
        return Twins.PAIRS.stream();
    }

    private static Pair pair(String twinName) {
        return Twins.PAIRS.stream().filter(p -> p.twinName().equals(twinName)).findFirst().orElseThrow();
    }

    private static String source(Pair pair) {
        return Twins.read(ROOT.resolve(pair.source()));
    }

    private static String twin(Pair pair) {
        return Twins.read(ROOT.resolve(pair.twin()));
    }

    /** {@code text} with its one occurrence of {@code from} replaced; fails if there is not exactly one. */
    private static String edit(String text, String from, String to) {
        int at = text.indexOf(from);
        assertTrue(at >= 0 && text.indexOf(from, at + 1) < 0, "the test's edit needs exactly one '" + from + "'");
        return text.substring(0, at) + to + text.substring(at + from.length());
    }

    /** The 1-based number of the line holding {@code fragment}. */
    private static int lineOf(String text, String fragment) {
        int at = text.indexOf(fragment);
        assertTrue(at >= 0, "no '" + fragment + "' in the text");
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    /** The whole line holding {@code fragment}, as the check quotes it. */
    private static String lineText(String text, String fragment) {
        return text.split("\n")[lineOf(text, fragment) - 1];
    }

    private static String differenceOf(Pair pair, String source, String twin) {
        return Twins.difference(pair, source, twin)
                .orElseThrow(() -> new AssertionError("the twins should differ, but the check found nothing"));
    }

    @Nested
    @DisplayName("the twins in the tree")
    class InTheTree {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.gradbook.backends.simd.TwinsTest#pairs")
        @DisplayName("the twin is its source through the table, line for line, outside its twin regions")
        void twinMatchesSource(Pair pair) {
            Optional<String> difference = Twins.difference(pair, source(pair), twin(pair));
            assertTrue(difference.isEmpty(), difference::orElseThrow);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.gradbook.backends.simd.TwinsTest#pairs")
        @DisplayName("regenerating the twin gives the file as it is, header included")
        void regeneratingChangesNothing(Pair pair) {
            assertTrue(Twins.generate(pair, source(pair), twin(pair)).equals(twin(pair)), () -> "regenerating "
                    + pair.twinName() + " would change it: " + Twins.difference(pair, source(pair), twin(pair)).orElse("?"));
            assertTrue(twin(pair).startsWith("// Generated twin of " + pair.sourceName() + ": do not edit by hand"));
            assertTrue(source(pair).startsWith("// Twin source: " + pair.twinName() + " is generated from this file"));
        }

        @Test
        @DisplayName("every F32 file of the simd and ejml backends is the twin of some F64 source")
        void everyF32FileIsATwin() throws IOException {
            List<String> twins = Twins.PAIRS.stream().map(Pair::twin).toList();
            List<String> unpaired = new ArrayList<>();
            for (String module : List.of("backends/simd", "backends/ejml")) {
                try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                    files.map(f -> ROOT.relativize(f).toString().replace('\\', '/'))
                            .filter(f -> f.endsWith("F32.java") || f.contains("/Float"))
                            .filter(f -> !twins.contains(f))
                            .forEach(unpaired::add);
                }
            }
            assertTrue(unpaired.isEmpty(), () -> "files named for F32 but generated from nothing: " + unpaired
                    + "; add each with its F64 source to Twins.PAIRS");
        }
    }

    @Nested
    @DisplayName("an edit to one twin only is caught, with its line and the fix")
    class OneSidedEdits {

        @Test
        @DisplayName("an edit to the F32 twin alone: its line, the expected and the found text, the command")
        void twinEditedAlone() {
            String edited = edit(twin(MATMUL), "c71 = ar.fma(b1, c71);", "c71 = ar.fma(b0, c71);");
            int twinLine = lineOf(edited, "c71 = ar.fma(b0, c71);");
            int sourceLine = lineOf(source(MATMUL), "c71 = ar.fma(b1, c71);");

            String message = differenceOf(MATMUL, source(MATMUL), edited);

            assertAll(
                    () -> assertTrue(message.startsWith("MatmulF32.java line " + twinLine
                            + " is not what MatmulF64.java line " + sourceLine + " gives"), message),
                    () -> assertTrue(message.contains("\n  expected: " + lineText(twin(MATMUL), "c71 = ar.fma(b1, c71);")
                            + "\n  found:    " + lineText(edited, "c71 = ar.fma(b0, c71);") + "\n"), message),
                    () -> assertTrue(message.contains("make the change in MatmulF64.java"), message),
                    () -> assertTrue(message.contains("run\n  " + Twins.COMMAND + "\n"), message));
        }

        @Test
        @DisplayName("an edit to the F64 source alone: the twin's stale line, and what it should now say")
        void sourceEditedAlone() {
            String edited = edit(source(MATMUL), "double aip = a[al.at(i, p)];", "double aip = a[al.at(p, i)];");

            String message = differenceOf(MATMUL, edited, twin(MATMUL));

            int twinLine = lineOf(twin(MATMUL), "float aip = a[al.at(i, p)];");
            assertAll(
                    () -> assertTrue(message.startsWith("MatmulF32.java line " + twinLine + " is not what MatmulF64.java line "
                            + lineOf(edited, "double aip") + " gives"), message),
                    () -> assertTrue(message.contains("\n  expected: "
                            + lineText(twin(MATMUL), "float aip").replace("(i, p)", "(p, i)")
                            + "\n  found:    " + lineText(twin(MATMUL), "float aip") + "\n"), message),
                    () -> assertTrue(message.contains(Twins.COMMAND), message));
        }

        @Test
        @DisplayName("a line added to the source only shifts the twin: the first line out of step is reported")
        void lineAddedToSource() {
            String marker = "    private MatmulF64() {\n";
            String edited = edit(source(MATMUL), marker, "    // a new comment\n" + marker);

            String message = differenceOf(MATMUL, edited, twin(MATMUL));

            assertTrue(message.startsWith("MatmulF32.java line " + lineOf(twin(MATMUL), "    private MatmulF32() {")), message);
            assertTrue(message.contains("\n  expected:     // a new comment\n"), message);
        }

        @Test
        @DisplayName("a twin cut short, or one with lines left over, is reported where the two part")
        void twinOfTheWrongLength() {
            String twin = twin(MATMUL);
            String shortened = twin.substring(0, twin.lastIndexOf("\n}"));
            String lengthened = twin + "// stray\n";

            assertTrue(differenceOf(MATMUL, source(MATMUL), shortened).contains("MatmulF32.java ends at line"));
            assertTrue(differenceOf(MATMUL, source(MATMUL), lengthened).contains("has no counterpart in MatmulF64.java"));
        }

        @Test
        @DisplayName("a missing twin-source header on the F64 file is reported too")
        void sourceHeaderRemoved() {
            String source = source(MATMUL);
            String headless = source.substring(source.indexOf("package "));

            assertTrue(differenceOf(MATMUL, headless, twin(MATMUL))
                    .startsWith("MatmulF64.java does not start with the twin-source header"));
        }

        @Test
        @DisplayName("the generator carries an edit of the source into the twin, and then the check passes")
        void generatorRepairs() {
            String edited = edit(source(MATMUL), "double aip = a[al.at(i, p)];", "double aip = a[al.at(p, i)];");

            String regenerated = Twins.generate(MATMUL, edited, twin(MATMUL));

            assertTrue(regenerated.contains("float aip = a[al.at(p, i)];"));
            assertEquals(Optional.empty(), Twins.difference(MATMUL, edited, regenerated));
        }
    }

    @Nested
    @DisplayName("twin regions: each file's own code, named, paired and explained")
    class Regions {

        @Test
        @DisplayName("an edit inside an F32 twin region is the twin's own: the check passes, the generator keeps it")
        void editInsideARegionIsAllowed() {
            String edited = edit(twin(KERNELS), "SUM_BLOCK = 1024;", "SUM_BLOCK = 2048;");

            assertEquals(Optional.empty(), Twins.difference(KERNELS, source(KERNELS), edited));
            assertTrue(Twins.generate(KERNELS, source(KERNELS), edited).contains("SUM_BLOCK = 2048;"));
        }

        @Test
        @DisplayName("the same edit just outside the region is caught")
        void editOutsideARegionIsCaught() {
            String edited = edit(twin(KERNELS), "static final int REPEAT = 1024;", "static final int REPEAT = 2048;");

            assertTrue(differenceOf(KERNELS, source(KERNELS), edited)
                    .startsWith("FloatKernels.java line " + lineOf(edited, "REPEAT = 2048;")));
        }

        @Test
        @DisplayName("a region renamed in one file only: both names, and why regenerating would lose code")
        void renamedRegion() {
            String edited = twin(KERNELS).replace("twin region line-sum", "twin region block-sum");

            String message = differenceOf(KERNELS, source(KERNELS), edited);

            assertTrue(message.startsWith("FloatKernels.java line " + lineOf(edited, "// twin region block-sum")
                    + ": twin region block-sum has no partner"), message);
            assertTrue(message.contains("is line-sum"), message);
            assertTrue(message.contains("regenerating now would drop this region's body"), message);
        }

        @Test
        @DisplayName("a region that does not say why it exists is refused")
        void regionWithoutReason() {
            String source = source(KERNELS);
            int start = source.indexOf("// twin region map:");
            String edited = source.substring(0, start) + "// twin region map:" + source.substring(source.indexOf('\n', start));

            assertTrue(differenceOf(KERNELS, edited, twin(KERNELS)).contains("does not say why the twins differ here"));
        }

        @Test
        @DisplayName("an unclosed region, a mismatched end and a region inside a region are refused")
        void malformedRegions() {
            String source = source(KERNELS);
            String unclosed = edit(source, "    // end twin region map\n", "");
            String mismatched = edit(source, "// end twin region map", "// end twin region mop");
            String nested = edit(source, "    // end twin region map\n", "    // twin region inner: why\n");

            assertAll(
                    () -> assertTrue(differenceOf(KERNELS, unclosed, twin(KERNELS)).contains("opens inside region map")),
                    () -> assertTrue(differenceOf(KERNELS, mismatched, twin(KERNELS))
                            .contains("\"end twin region mop\" closes region map")),
                    () -> assertTrue(differenceOf(KERNELS, nested, twin(KERNELS)).contains("opens inside region map")),
                    () -> assertTrue(differenceOf(KERNELS, source.replace("    // end twin region hyperparameters\n", ""),
                            twin(KERNELS)).contains("twin region hyperparameters is never closed")));
        }

        @Test
        @DisplayName("a region new in the source starts the twin's copy from the source, substituted")
        void newRegionIsSeededFromTheSource() {
            String source = source(KERNELS);
            int classEnd = source.lastIndexOf("}");
            String edited = source.substring(0, classEnd) + "\n    // twin region extra: F32 will need its own\n"
                    + "    static double twice(double x) { return x + x; }\n    // end twin region extra\n"
                    + source.substring(classEnd);

            String generated = Twins.generate(KERNELS, edited, twin(KERNELS));

            assertFalse(Twins.difference(KERNELS, edited, twin(KERNELS)).isEmpty(), "the old twin lacks the region");
            assertTrue(generated.contains("\n    // twin region extra: F32 will need its own\n"
                    + "    static float twice(float x) { return x + x; }\n    // end twin region extra\n}\n"), generated);
            assertEquals(Optional.empty(), Twins.difference(KERNELS, edited, generated));
        }
    }

    @Nested
    @DisplayName("the substitution table")
    class Table {

        private String substitute(String line) {
            return Twins.substitute(line, Twins.VECTOR_API, new boolean[] {false});
        }

        @Test
        @DisplayName("names and words change in code, comments and strings alike")
        void wordsChangeEverywhere() {
            assertEquals("FloatVector v = FloatKernels.f(\"F32 floats\"); // a float sum",
                    substitute("DoubleVector v = DoubleKernels.f(\"F64 doubles\"); // a double sum"));
        }

        @Test
        @DisplayName("literals and casts change in code only: a comment may quote the F64 form")
        void literalsAndCastsChangeInCodeOnly() {
            assertEquals("y = (float) op.apply(0f); // op.apply(0.0) and -0.0 stay as written",
                    substitute("y = op.apply(0.0); // op.apply(0.0) and -0.0 stay as written"));
            assertEquals("s = \"1.0\" + 1f;", substitute("s = \"1.0\" + 1.0;"));
        }

        @Test
        @DisplayName("a literal changes only as a whole number")
        void wholeNumbersOnly() {
            assertEquals("a = 10.0 + 0.05 + 0f - 1f;", substitute("a = 10.0 + 0.05 + 0.0 - 1.0;"));
        }

        @Test
        @DisplayName("a block comment is prose up to its end, across lines")
        void blockCommentsAcrossLines() {
            boolean[] inComment = {false};
            assertEquals("x = 1f; /* 1.0 and op.apply(", Twins.substitute("x = 1.0; /* 1.0 and op.apply(", Twins.VECTOR_API, inComment));
            assertTrue(inComment[0]);
            assertEquals(" * still 1.0 */ y = 1f;", Twins.substitute(" * still 1.0 */ y = 1.0;", Twins.VECTOR_API, inComment));
            assertFalse(inComment[0]);
        }

        @Test
        @DisplayName("the longest rule wins, and what a rule wrote is not substituted again")
        void longestRuleOnePass() {
            assertEquals("update(double[] hyper, float[] w)", substitute("update(double[] hyper, double[] w)"));
            assertEquals("c = (float) op.combine(c, x);", substitute("c = op.combine(c, x);"));
        }

        @Test
        @DisplayName("EJML's table turns the D family into the F family")
        void ejmlTable() {
            assertEquals("CommonOps_MT_FDRM.mult(new FMatrixRMaj(1, 1), Elementwise.f32(s), (float[]) d);",
                    Twins.substitute("CommonOps_MT_DDRM.mult(new DMatrixRMaj(1, 1), Elementwise.f64(s), (double[]) d);",
                            Twins.EJML, new boolean[] {false}));
        }
    }

    @Nested
    @DisplayName("the command, run as the file header says")
    class Command {

        @TempDir
        Path copy;

        /** A copy of the repository's twin files, and of the tool, laid out as in the repository. */
        private void copyTwins() throws IOException {
            List<String> files = new ArrayList<>(List.of(Twins.COMMAND.substring("java ".length())));
            for (Pair pair : Twins.PAIRS) {
                files.add(pair.source());
                files.add(pair.twin());
            }
            for (String file : files) {
                Files.createDirectories(copy.resolve(file).getParent());
                Files.copy(ROOT.resolve(file), copy.resolve(file));
            }
        }

        private int run(Path workingDir, String... args) {
            return Twins.run(args, workingDir, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    errors);
        }

        private final ByteArrayOutputStream errorText = new ByteArrayOutputStream();
        private final PrintStream errors = new PrintStream(errorText, true, StandardCharsets.UTF_8);

        @Test
        @DisplayName("--check exits 1 on a drifted twin; regenerating repairs it; then --check exits 0")
        void checkThenRegenerate() throws IOException {
            copyTwins();
            Path twin = copy.resolve(MATMUL.twin());
            String original = Files.readString(twin);
            Files.writeString(twin, edit(original, "c71 = ar.fma(b1, c71);", "c71 = ar.fma(b0, c71);"));

            assertEquals(1, run(copy, "--check"));
            assertTrue(errorText.toString(StandardCharsets.UTF_8).contains("MatmulF32.java line"));
            assertNotEquals(original, Files.readString(twin), "--check changes nothing");

            assertEquals(0, run(copy));
            assertEquals(original, Files.readString(twin));
            assertEquals(0, run(copy, "--check"));
        }

        @Test
        @DisplayName("a pair with unmatched regions is reported (exit 1) and neither of its files is touched")
        void malformedPairIsLeftAlone() throws IOException {
            copyTwins();
            Path twin = copy.resolve(KERNELS.twin());
            String renamed = Files.readString(twin).replace("twin region line-sum", "twin region block-sum");
            Files.writeString(twin, renamed);
            Path sourcePath = copy.resolve(KERNELS.source());
            String source = Files.readString(sourcePath);
            Files.writeString(sourcePath, source.substring(source.indexOf("package "))); // a header it would add
            source = Files.readString(sourcePath);

            assertEquals(1, run(copy));
            assertTrue(errorText.toString(StandardCharsets.UTF_8).contains("twin region block-sum has no partner"));
            assertEquals(renamed, Files.readString(twin));
            assertEquals(source, Files.readString(sourcePath));
        }

        @Test
        @DisplayName("it finds the repository root from a folder inside it")
        void findsTheRoot() throws IOException {
            copyTwins();
            assertEquals(0, run(copy.resolve("backends/ejml"), "--check"));
        }

        @Test
        @DisplayName("an unknown option, or a folder outside any checkout, is a usage error (exit 2)")
        void usageErrors() {
            assertEquals(2, run(ROOT, "--fix"));
            assertEquals(2, run(copy, "--check"));
            assertTrue(errorText.toString(StandardCharsets.UTF_8).contains("is not inside a gradbook checkout"));
        }
    }
}
