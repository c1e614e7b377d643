package dev.gradbook.backends.simd;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The F32/F64 twins of the fast backends, and the tool that keeps each pair from drifting apart.
 *
 * <p><b>Why twins.</b> Java generics cannot abstract over primitive types: there is no
 * {@code Vector<T>} that becomes {@code DoubleVector} or {@code FloatVector} without boxing, and
 * EJML's {@code DMatrixRMaj} and {@code FMatrixRMaj} share no type with a {@code double[]} or
 * {@code float[]} inside. So a fast kernel is written once per element type. To keep the two from
 * drifting, only one of them is written by hand — the F64 file, the <em>source</em> — and the F32
 * file, the <em>twin</em>, is generated from it by a substitution table ({@link #PAIRS}): for the
 * Vector API kernels {@code Double → Float}, {@code double → float}, {@code F64 → F32}, the
 * literals {@code 0.0 → 0f} and {@code 1.0 → 1f}, and a {@code (float)} cast where a
 * {@code double} result of {@code Math} or of an op's scalar definition is stored. EJML does the
 * same with its {@code GenerateCode32}.
 *
 * <p><b>Where the types really differ</b> (F32 sums long lines block by block into a
 * {@code double} total, F32 widens to {@code double} before {@code Math.exp}, ...), both files hold
 * a <em>twin region</em> of the same name, in the same order:
 * <pre>
 *     // twin region line-sum: why the twins differ here
 *     ...
 *     // end twin region line-sum
 * </pre>
 * A region's body belongs to its file and is written by hand in each; everything outside the
 * regions must be the source through the table, line for line. Code only one twin needs sits in
 * a region whose body is empty in the other file. The region's first line says why it exists.
 *
 * <p><b>Use</b>, from the repository root (the JDK runs this one source file directly, no build
 * needed):
 * <pre>
 *     java backends/simd/src/test/java/dev/gradbook/backends/simd/Twins.java           regenerate every twin
 *     java backends/simd/src/test/java/dev/gradbook/backends/simd/Twins.java --check   report, change nothing
 * </pre>
 * Regenerating rewrites each F32 twin whole (keeping its region bodies) and puts the twin-source
 * header on each F64 file; a pair whose regions do not match is left alone and reported.
 * {@code TwinsTest} runs the check in every build, so an edit made to one twin only fails the
 * build with the first line that differs and this command. Exit status: 0 all twins agree (or were
 * regenerated), 1 a twin differs or a pair is malformed, 2 a usage error.
 */
public final class Twins {

    /** The command that regenerates the twins, as every message and file header quotes it. */
    static final String COMMAND = "java backends/simd/src/test/java/dev/gradbook/backends/simd/Twins.java";

    /** Where in a line a rule applies. */
    enum Scope {
        /** In code, comments and string literals alike: names and words such as "double". */
        EVERYWHERE,
        /** In code only; comments and strings keep their text (a comment may quote the F64 form). */
        CODE,
        /** A whole numeric literal in code: {@code 0.0}, but not the end of {@code 10.0} nor {@code 0.05}. */
        NUMBER
    }

    /** Replace {@code from} by {@code to} where {@code scope} allows; {@code why} is for the reader. */
    record Rule(String from, String to, Scope scope, String why) {
    }

    /** A source file, the twin generated from it (paths from the repository root), and the table. */
    record Pair(String source, String twin, List<Rule> rules) {
        String sourceName() {
            return Path.of(source).getFileName().toString();
        }

        String twinName() {
            return Path.of(twin).getFileName().toString();
        }

        @Override
        public String toString() {
            return twinName() + " from " + sourceName();
        }
    }

    /** How a Vector API kernel over {@code double} becomes the same kernel over {@code float}. */
    static final List<Rule> VECTOR_API = List.of(
            new Rule("double[] hyper", "double[] hyper", Scope.CODE,
                    "kept: the hyperparameters arrive as doubles in both twins (UpdateRule's contract)"),
            new Rule("Double", "Float", Scope.EVERYWHERE, "DoubleVector, VectorSpecies<Double>, DoubleKernels"),
            new Rule("double", "float", Scope.EVERYWHERE, "the element type"),
            new Rule("F64", "F32", Scope.EVERYWHERE, "class and dtype names"),
            new Rule("0.0", "0f", Scope.NUMBER, "float literals; without the f, 0.0 is a double"),
            new Rule("1.0", "1f", Scope.NUMBER, "float literals"),
            new Rule("op.apply(", "(float) op.apply(", Scope.CODE,
                    "an op's scalar definition computes in double: the F32 kernel rounds its result once"),
            new Rule("op.combine(", "(float) op.combine(", Scope.CODE, "the same, for a reduction step"),
            new Rule("op.identity()", "(float) op.identity()", Scope.CODE, "the same, for a reduction's start"),
            new Rule("Math.sqrt(", "(float) Math.sqrt(", Scope.CODE, "Math.sqrt exists for double only"));

    /** How the F64 EJML calls become the F32 ones: EJML names its two families D... and F.... */
    static final List<Rule> EJML = List.of(
            new Rule("DMatrixRMaj", "FMatrixRMaj", Scope.EVERYWHERE, "EJML's dense row-major matrix"),
            new Rule("_DDRM", "_FDRM", Scope.EVERYWHERE, "CommonOps_DDRM, CommonOps_MT_DDRM"),
            new Rule("double", "float", Scope.EVERYWHERE, "the element type"),
            new Rule("F64", "F32", Scope.EVERYWHERE, "class and dtype names"),
            new Rule("f64", "f32", Scope.EVERYWHERE, "Elementwise.f64, the storage's array"));

    private static final String SIMD = "backends/simd/src/main/java/dev/gradbook/backends/simd/";
    private static final String EJML_DIR = "backends/ejml/src/main/java/dev/gradbook/backends/ejml/";

    /** Every twin in the repository. */
    static final List<Pair> PAIRS = List.of(
            new Pair(SIMD + "MatmulF64.java", SIMD + "MatmulF32.java", VECTOR_API),
            new Pair(SIMD + "DoubleKernels.java", SIMD + "FloatKernels.java", VECTOR_API),
            new Pair(EJML_DIR + "MatrixProductF64.java", EJML_DIR + "MatrixProductF32.java", EJML));

    private static final Pattern REGION_START = Pattern.compile("^\\s*// twin region ([\\w-]+):(.*)$");
    private static final Pattern REGION_END = Pattern.compile("^\\s*// end twin region ([\\w-]+)\\s*$");

    private Twins() {
    }

    // ---------------------------------------------------------------------------------- command

    public static void main(String[] args) {
        System.exit(run(args, Path.of("").toAbsolutePath(), System.out, System.err));
    }

    /** The command: {@code [--check] [ROOT]}, ROOT found from {@code workingDir} when not given. */
    static int run(String[] args, Path workingDir, PrintStream out, PrintStream err) {
        boolean check = false;
        Path root = null;
        for (String arg : args) {
            if (arg.equals("--check")) {
                check = true;
            } else if (arg.equals("--help") || arg.equals("-h")) {
                out.println("usage: " + COMMAND + " [--check] [REPOSITORY_ROOT]");
                out.println("  regenerates each F32 twin from its F64 source; --check only reports the first difference");
                return 0;
            } else if (arg.startsWith("-") || root != null) {
                err.println("twins: unexpected argument '" + arg + "'; usage: " + COMMAND + " [--check] [REPOSITORY_ROOT]");
                return 2;
            } else {
                root = Path.of(arg);
            }
        }
        if (root == null) {
            Optional<Path> found = findRoot(workingDir);
            if (found.isEmpty()) {
                err.println("twins: " + workingDir + " is not inside a gradbook checkout; run from the repository root"
                        + " or pass it as an argument");
                return 2;
            }
            root = found.get();
        }
        int status = 0;
        for (Pair pair : PAIRS) {
            try {
                String source = read(root.resolve(pair.source()));
                Path twinPath = root.resolve(pair.twin());
                String twin = Files.exists(twinPath) ? read(twinPath) : "";
                Optional<String> difference = difference(pair, source, twin);
                if (difference.isEmpty()) {
                    out.println("twins: " + pair + ": up to date");
                } else if (check) {
                    err.println("twins: " + difference.get());
                    status = 1;
                } else {
                    String generated = generate(pair, source, twin); // refuses a malformed pair before any write
                    write(root.resolve(pair.source()), withSourceHeader(pair, source));
                    write(twinPath, generated);
                    out.println("twins: " + pair + ": regenerated");
                }
            } catch (IllegalArgumentException malformed) {
                err.println("twins: " + malformed.getMessage());
                status = 1;
            } catch (UncheckedIOException unreadable) {
                err.println(unreadable.getMessage());
                status = 1;
            }
        }
        return status;
    }

    /** The nearest directory at or above {@code start} that holds this tool. */
    static Optional<Path> findRoot(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(COMMAND.substring("java ".length())))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("twins: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("twins: cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------------------------- check and generate

    /**
     * The first way in which {@code twin} is not {@code source} through the pair's table, as a
     * message naming the file, line, expected and found text, and the fix; empty if the twins agree.
     * A malformed pair (unmatched regions, a region without a reason) also comes back as a message.
     */
    static Optional<String> difference(Pair pair, String source, String twin) {
        List<Line> expected;
        try {
            expected = generateLines(pair, source, twin);
        } catch (IllegalArgumentException malformed) {
            return Optional.of(malformed.getMessage());
        }
        String expectedSource = withSourceHeader(pair, source);
        if (!expectedSource.equals(source)) {
            return Optional.of(pair.sourceName() + " does not start with the twin-source header (\""
                    + sourceHeader(pair).get(0) + "\" ...). " + fix(pair));
        }
        List<String> found = lines(twin);
        for (int i = 0; i < Math.max(expected.size(), found.size()); i++) {
            if (i >= found.size()) {
                return Optional.of(pair.twinName() + " ends at line " + found.size() + ", but " + expected.get(i).origin
                        + " gives line " + (i + 1) + ":\n  expected: " + expected.get(i).text + "\n" + fix(pair));
            }
            if (i >= expected.size()) {
                return Optional.of(pair.twinName() + " line " + (i + 1) + " has no counterpart in " + pair.sourceName()
                        + ":\n  found:    " + found.get(i) + "\n" + fix(pair));
            }
            if (!expected.get(i).text.equals(found.get(i))) {
                return Optional.of(pair.twinName() + " line " + (i + 1) + " is not what " + expected.get(i).origin
                        + " gives through the twin table:\n  expected: " + expected.get(i).text
                        + "\n  found:    " + found.get(i) + "\n" + fix(pair));
            }
        }
        if (!twin.endsWith("\n")) {
            return Optional.of(pair.twinName() + " does not end with a newline. " + fix(pair));
        }
        return Optional.empty();
    }

    /** The twin the generator writes: {@code source} through the table, with {@code twin}'s own regions. */
    static String generate(Pair pair, String source, String twin) {
        List<String> text = new ArrayList<>();
        for (Line line : generateLines(pair, source, twin)) {
            text.add(line.text);
        }
        return joinLines(text);
    }

    /** {@code source} with the header that names its twin in place of whatever preceded {@code package}. */
    static String withSourceHeader(Pair pair, String source) {
        List<String> all = lines(source);
        int packageLine = packageLine(pair.sourceName(), all);
        List<String> result = new ArrayList<>(sourceHeader(pair));
        result.addAll(all.subList(packageLine, all.size()));
        return joinLines(result);
    }

    private static String fix(Pair pair) {
        return pair.twinName() + " is generated from " + pair.sourceName() + ": make the change in "
                + pair.sourceName() + ", then run\n  " + COMMAND + "\nfrom the repository root to regenerate "
                + pair.twinName() + " (code that only one twin needs goes inside a twin region of that file).";
    }

    /** One line of a generated twin, and where it comes from (for messages). */
    private record Line(String text, String origin) {
    }

    private static List<Line> generateLines(Pair pair, String source, String twin) {
        List<String> sourceLines = lines(source);
        List<String> twinLines = lines(twin);
        List<Region> sourceRegions = regions(pair.sourceName(), sourceLines);
        List<Region> twinRegions = regions(pair.twinName(), twinLines);
        matchRegions(pair, sourceRegions, twinRegions);

        List<Line> out = new ArrayList<>();
        for (String header : twinHeader(pair, !sourceRegions.isEmpty())) {
            out.add(new Line(header, "the generated header"));
        }
        boolean[] inBlockComment = {false};
        int nextRegion = 0;
        for (int i = packageLine(pair.sourceName(), sourceLines); i < sourceLines.size(); i++) {
            Region region = nextRegion < sourceRegions.size() && sourceRegions.get(nextRegion).start == i
                    ? sourceRegions.get(nextRegion) : null;
            if (region == null) {
                out.add(new Line(substitute(sourceLines.get(i), pair.rules(), inBlockComment),
                        pair.sourceName() + " line " + (i + 1)));
                continue;
            }
            // A region lies outside block comments (its markers are line comments), so the lexical
            // state after it is the state before it.
            if (nextRegion < twinRegions.size()) {
                Region own = twinRegions.get(nextRegion);
                for (int t = own.start; t <= own.end; t++) {
                    out.add(new Line(twinLines.get(t), pair.twinName() + "'s own region " + own.name));
                }
            } else { // a region new in the source: its body, substituted, is where the twin starts from
                boolean[] state = {false};
                for (int s = region.start; s <= region.end; s++) {
                    out.add(new Line(substitute(sourceLines.get(s), pair.rules(), state),
                            pair.sourceName() + " line " + (s + 1)));
                }
            }
            i = region.end;
            nextRegion++;
        }
        return out;
    }

    private static List<String> twinHeader(Pair pair, boolean hasRegions) {
        return List.of(
                "// Generated twin of " + pair.sourceName() + ": do not edit by hand"
                        + (hasRegions ? ", except inside the \"twin region\" blocks." : "."),
                "// Edit " + pair.sourceName() + ", then regenerate this file from the repository root with",
                "//     " + COMMAND,
                "// (TwinsTest fails while the two disagree; the substitution table is in Twins.java.)",
                "");
    }

    private static List<String> sourceHeader(Pair pair) {
        return List.of(
                "// Twin source: " + pair.twinName() + " is generated from this file by the substitution table in",
                "// Twins.java. After an edit here, regenerate it from the repository root with",
                "//     " + COMMAND,
                "");
    }

    private static int packageLine(String file, List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("package ")) {
                return i;
            }
        }
        throw new IllegalArgumentException(file + " has no package line; a twin file is a Java source file");
    }

    /** The lines of {@code text}, each without its terminating newline. */
    private static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return List.of(body.split("\n", -1));
    }

    private static String joinLines(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    // ---------------------------------------------------------------------------------- regions

    /** A twin region: its name and the lines (0-based, markers included) from {@code start} to {@code end}. */
    private record Region(String name, int start, int end) {
    }

    private static List<Region> regions(String file, List<String> lines) {
        List<Region> found = new ArrayList<>();
        String open = null;
        int openLine = -1;
        for (int i = 0; i < lines.size(); i++) {
            Matcher start = REGION_START.matcher(lines.get(i));
            Matcher end = REGION_END.matcher(lines.get(i));
            if (start.matches()) {
                if (open != null) {
                    throw new IllegalArgumentException(file + " line " + (i + 1) + ": twin region " + start.group(1)
                            + " opens inside region " + open + " (line " + (openLine + 1) + "); close that one first"
                            + " with \"// end twin region " + open + "\"");
                }
                if (start.group(2).isBlank()) {
                    throw new IllegalArgumentException(file + " line " + (i + 1) + ": twin region " + start.group(1)
                            + " does not say why the twins differ here; write the reason after the colon");
                }
                open = start.group(1);
                openLine = i;
            } else if (end.matches()) {
                if (!end.group(1).equals(open)) {
                    throw new IllegalArgumentException(file + " line " + (i + 1) + ": \"end twin region " + end.group(1)
                            + "\" closes " + (open == null ? "no open region" : "region " + open + " (line "
                            + (openLine + 1) + ")") + "; the end marker must repeat the name of the region it closes");
                }
                found.add(new Region(open, openLine, i));
                open = null;
            }
        }
        if (open != null) {
            throw new IllegalArgumentException(file + " line " + (openLine + 1) + ": twin region " + open
                    + " is never closed; add \"// end twin region " + open + "\" after its last line");
        }
        return found;
    }

    /** The twin's regions must be the source's, by name and in order (the twin may still lack new ones). */
    private static void matchRegions(Pair pair, List<Region> source, List<Region> twin) {
        for (int r = 0; r < twin.size(); r++) {
            String name = twin.get(r).name;
            if (r >= source.size() || !source.get(r).name.equals(name)) {
                throw new IllegalArgumentException(pair.twinName() + " line " + (twin.get(r).start + 1)
                        + ": twin region " + name + " has no partner at the same place in " + pair.sourceName()
                        + (r < source.size() ? " (its region number " + (r + 1) + " is " + source.get(r).name + ")" : "")
                        + "; both files need the same regions in the same order (an empty body where one twin"
                        + " needs nothing), and regenerating now would drop this region's body");
            }
        }
    }

    // ---------------------------------------------------------------------------------- substitution

    /**
     * One line through the table. {@code inBlockComment[0]} says whether the line starts inside a
     * {@code /* ... *}{@code /} comment and is updated to whether it ends inside one.
     */
    static String substitute(String line, List<Rule> rules, boolean[] inBlockComment) {
        StringBuilder out = new StringBuilder(line.length() + 16);
        int i = 0;
        int n = line.length();
        while (i < n) {
            if (inBlockComment[0]) {
                int close = line.indexOf("*/", i);
                int stop = close < 0 ? n : close + 2;
                out.append(apply(line, i, stop, rules, false));
                inBlockComment[0] = close < 0;
                i = stop;
                continue;
            }
            int j = i;
            while (j < n && !line.startsWith("//", j) && !line.startsWith("/*", j)
                    && line.charAt(j) != '"' && line.charAt(j) != '\'') {
                j++;
            }
            out.append(apply(line, i, j, rules, true));
            if (j == n) {
                break;
            }
            if (line.startsWith("//", j)) {
                out.append(apply(line, j, n, rules, false));
                break;
            }
            if (line.startsWith("/*", j)) {
                int close = line.indexOf("*/", j + 2);
                int stop = close < 0 ? n : close + 2;
                out.append(apply(line, j, stop, rules, false));
                inBlockComment[0] = close < 0;
                i = stop;
                continue;
            }
            int stop = endOfLiteral(line, j);
            out.append(apply(line, j, stop, rules, false));
            i = stop;
        }
        return out.toString();
    }

    /** The index after the string or char literal that starts at {@code from}. */
    private static int endOfLiteral(String line, int from) {
        char quote = line.charAt(from);
        for (int i = from + 1; i < line.length(); i++) {
            if (line.charAt(i) == '\\') {
                i++;
            } else if (line.charAt(i) == quote) {
                return i + 1;
            }
        }
        return line.length();
    }

    /** {@code line[from, to)} through the rules its scope allows: longest match first, one pass. */
    private static String apply(String line, int from, int to, List<Rule> rules, boolean code) {
        StringBuilder out = new StringBuilder(to - from + 8);
        int i = from;
        while (i < to) {
            Rule best = null;
            for (Rule rule : rules) {
                boolean allowed = rule.scope() == Scope.EVERYWHERE || code;
                if (allowed && i + rule.from().length() <= to && line.startsWith(rule.from(), i)
                        && (rule.scope() != Scope.NUMBER || wholeNumber(line, i, i + rule.from().length()))
                        && (best == null || rule.from().length() > best.from().length())) {
                    best = rule;
                }
            }
            if (best == null) {
                out.append(line.charAt(i));
                i++;
            } else {
                out.append(best.to());
                i += best.from().length();
            }
        }
        return out.toString();
    }

    private static boolean wholeNumber(String line, int from, int to) {
        return (from == 0 || !partOfNumber(line.charAt(from - 1)))
                && (to == line.length() || !partOfNumber(line.charAt(to)));
    }

    private static boolean partOfNumber(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.';
    }
}
