package dev.gradbook.exercises.mutation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the reference solutions are: the lines between {@code // BEGIN SOLUTION exN.M} and
 * {@code // END SOLUTION} in the course's sources, the code a student writes.
 *
 * <p>PIT mutates whole classes, and the solution classes also hold code the student is given
 * (constructors, accessors, argument checks); a mutant there says nothing about the graders of a
 * task. The report keeps the mutants whose line lies inside a region and files each under the
 * region's task. The markers' grammar is checked by the starter export ({@code Regions}); this
 * class only needs to find them.
 */
final class SolutionRegions {

    private static final Pattern BEGIN = Pattern.compile("// BEGIN SOLUTION (\\S+)");
    private static final String END = "// END SOLUTION";
    private static final String COURSE_ROOT = "dev/gradbook/exercises/";

    /**
     * One region.
     *
     * @param file   the source file, relative to the source root
     * @param taskId the task it solves
     * @param begin  the line of its {@code BEGIN} marker
     * @param end    the line of its {@code END} marker
     */
    record Region(String file, String taskId, int begin, int end) {
        boolean contains(int line) {
            return line > begin && line < end;
        }
    }

    private final Map<String, List<String>> linesByFile;
    private final Map<String, List<Region>> regionsByFile;

    private SolutionRegions(Map<String, List<String>> linesByFile, Map<String, List<Region>> regionsByFile) {
        this.linesByFile = linesByFile;
        this.regionsByFile = regionsByFile;
    }

    /**
     * Finds every region in the {@code .java} files under {@code sourceRoot}.
     *
     * @throws IllegalArgumentException when the directory does not exist, or a region is never closed
     */
    static SolutionRegions scan(Path sourceRoot) throws IOException {
        if (!Files.isDirectory(sourceRoot)) {
            throw new IllegalArgumentException("mutation report: the source root " + sourceRoot
                    + " is not a directory; pass --sources DIR (the exercises' src/main/java)");
        }
        Map<String, List<String>> lines = new TreeMap<>();
        Map<String, List<Region>> regions = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path path : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String file = sourceRoot.relativize(path).toString().replace('\\', '/');
                List<String> text = Files.readAllLines(path);
                List<Region> found = regionsIn(file, text);
                if (!found.isEmpty()) {
                    lines.put(file, text);
                    regions.put(file, found);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new SolutionRegions(lines, regions);
    }

    private static List<Region> regionsIn(String file, List<String> text) {
        List<Region> found = new ArrayList<>();
        String open = null;
        int openedAt = 0;
        for (int i = 0; i < text.size(); i++) {
            String marker = text.get(i).strip();
            Matcher begin = BEGIN.matcher(marker);
            if (begin.matches()) {
                open = begin.group(1);
                openedAt = i + 1;
            } else if (marker.equals(END) && open != null) {
                found.add(new Region(file, open, openedAt, i + 1));
                open = null;
            }
        }
        if (open != null) {
            throw new IllegalArgumentException("mutation report: " + file + ":" + openedAt + " opens region " + open
                    + " and never closes it; add '" + END + "'");
        }
        return found;
    }

    /** The region that holds this line of this file, if any. */
    Optional<Region> regionOf(String file, int line) {
        return regionsByFile.getOrDefault(file, List.of()).stream().filter(r -> r.contains(line)).findFirst();
    }

    /** The line's code without its indentation, or {@code ""} when the file has no regions. */
    String code(String file, int line) {
        List<String> text = linesByFile.get(file);
        return text == null || line < 1 || line > text.size() ? "" : text.get(line - 1).strip();
    }

    /** The tasks that have at least one region, in the order the files first name them. */
    Set<String> taskIds() {
        Set<String> ids = new LinkedHashSet<>();
        regionsByFile.values().forEach(list -> list.forEach(region -> ids.add(region.taskId())));
        return ids;
    }

    /** The files that hold a region for this task. */
    List<String> filesOf(String taskId) {
        return regionsByFile.entrySet().stream()
                .filter(entry -> entry.getValue().stream().anyMatch(region -> region.taskId().equals(taskId)))
                .map(Map.Entry::getKey).toList();
    }

    /** {@code scalar/Value.java} for {@code dev/gradbook/exercises/scalar/Value.java}. */
    static String shortName(String file) {
        return file.startsWith(COURSE_ROOT) ? file.substring(COURSE_ROOT.length()) : file;
    }
}
