package dev.gradbook.exercises.export;

import dev.gradbook.autograd.NullChecks;
import dev.gradbook.exercises.grading.Course;
import dev.gradbook.exercises.grading.Task;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code ./gradbook exercises export DIR}: writes the student starter, one project for the whole
 * course.
 *
 * <p>The starter is the exercises module's main sources with every solution region replaced (see
 * {@link Regions}) and its main resources as they are (the services file that registers the
 * student's backend), minus this package (the teacher's tools), plus a {@code pom.xml} that asks for
 * gradbook's jars from the local Maven repository ({@link Install} puts them there), a
 * {@code gradbook} script whose {@code grade} command compiles and grades, a README for students
 * and a {@code .gitignore}. Graders, the task list and the grading harness are copied unchanged,
 * so a student can read every test that grades them.
 *
 * <p>The export checks everything before it writes anything, and the same sources always give
 * the same bytes (files in sorted order, no dates).
 */
public final class Export {

    /** The teacher's tools, left out of the starter. */
    private static final String TOOLS = "dev/gradbook/exercises/export/";

    private Export() {
    }

    /**
     * What an export wrote.
     *
     * @param files   the files written, relative to the starter's root, sorted
     * @param regions the number of regions replaced
     */
    public record Result(List<String> files, int regions) {
        /**
         * Checks the file list.
         *
         * @throws NullPointerException if {@code files} or one of its elements is null
         */
        public Result {
            NullChecks.requireNoNullElements(files, "Export.Result", "files");
        }
    }

    /**
     * Exports the starter of {@code course} from the exercises module at {@code module} to {@code target}.
     *
     * @param module the exercises module's directory (with {@code src/main/java})
     * @param target a directory that does not exist yet or is empty
     * @throws ExportException       when a region is malformed or a task has no region
     * @throws IllegalArgumentException when {@code target} holds files or {@code module} has no sources
     * @throws UncheckedIOException  when reading or writing fails
     */
    public static Result export(Path module, Path target, Course course) {
        return export(module, target, course, Set.of());
    }

    /**
     * Exports a starter in which the tasks in {@code solved} keep their reference solution: for a
     * course that begins later in the book, or to check the grader on a partly solved starter.
     *
     * @throws NullPointerException if an argument or one of the solved ids is null
     * @throws IllegalArgumentException also when {@code solved} names a task the course lacks
     */
    public static Result export(Path module, Path target, Course course, Set<String> solved) {
        Objects.requireNonNull(module, "Export.export: module is null");
        Objects.requireNonNull(target, "Export.export: target is null");
        Objects.requireNonNull(course, "Export.export: course is null");
        NullChecks.requireNoNullElements(solved, "Export.export", "solved");
        solved.forEach(course::task);
        Starter starter = starterFiles(module, course, solved);
        Map<String, byte[]> files = starter.files();
        try {
            if (Files.isDirectory(target)) {
                try (Stream<Path> entries = Files.list(target)) {
                    if (entries.findAny().isPresent()) {
                        throw new IllegalArgumentException("export: " + target + " is not empty; export into a new or"
                                + " empty directory, so that no file of an older export survives");
                    }
                }
            }
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path path = target.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.write(path, file.getValue());
            }
            Path script = target.resolve("gradbook");
            try {
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException e) {
                script.toFile().setExecutable(true); // not a POSIX file system (Windows)
            }
        } catch (IOException e) {
            throw new UncheckedIOException("export: cannot write " + target + ": " + e.getMessage(), e);
        }
        return new Result(List.copyOf(files.keySet()), starter.regions());
    }

    /** Every file of the starter by its path, and how many regions were replaced. */
    record Starter(Map<String, byte[]> files, int regions) {
    }

    /** Every file of the starter, checked; nothing is written. */
    static Starter starterFiles(Path module, Course course, Set<String> solved) {
        Path sources = module.resolve("src/main/java");
        if (!Files.isDirectory(sources)) {
            throw new IllegalArgumentException("export: " + sources + " does not exist; give the exercises module's"
                    + " directory (gradbook's exercises/)");
        }
        Map<String, byte[]> files = new TreeMap<>();
        Set<String> tasksWithRegions = new LinkedHashSet<>();
        int regions = 0;
        for (Path file : sorted(sources)) {
            String relative = sources.relativize(file).toString().replace('\\', '/');
            if (relative.startsWith(TOOLS)) {
                continue;
            }
            String text = read(file);
            Regions.Starter starter = Regions.starter("src/main/java/" + relative, text, course, solved);
            tasksWithRegions.addAll(starter.taskIds());
            regions += starter.taskIds().size();
            files.put("src/main/java/" + relative, starter.text().getBytes(StandardCharsets.UTF_8));
        }
        Path resources = module.resolve("src/main/resources");
        if (Files.isDirectory(resources)) {
            // Copied as they are: the services file that registers the student's backend, say.
            for (Path file : sorted(resources)) {
                String relative = resources.relativize(file).toString().replace('\\', '/');
                if (!relative.startsWith(TOOLS)) {
                    files.put("src/main/resources/" + relative, bytes(file));
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (Task task : course.tasks()) {
            if (!tasksWithRegions.contains(task.id())) {
                missing.add(task.id() + " (" + task.title() + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new ExportException("no '// BEGIN SOLUTION' region under " + sources + " for task" + (missing.size() == 1
                    ? " " : "s ") + String.join(", ", missing) + "; every task of the course needs its solution here");
        }
        Properties versions = versions();
        files.put("pom.xml", template("starter-pom.xml")
                .replace("@GRADBOOK_VERSION@", versions.getProperty("gradbook.version"))
                .replace("@JUNIT_VERSION@", versions.getProperty("junit.version")).getBytes(StandardCharsets.UTF_8));
        files.put("README.md", template("starter-README.md").getBytes(StandardCharsets.UTF_8));
        files.put("gradbook", template("starter-gradbook.sh").getBytes(StandardCharsets.UTF_8));
        files.put(".gitignore", "target/\ngrades/\n".getBytes(StandardCharsets.UTF_8));
        return new Starter(files, regions);
    }


    private static List<Path> sorted(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("export: cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("export: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("export: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The versions this build of gradbook was made with (Maven fills them in). */
    static Properties versions() {
        Properties versions = new Properties();
        try (InputStream in = Export.class.getResourceAsStream("versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("export: versions.properties is missing from the class path; rebuild"
                        + " gradbook (mvn package)");
            }
            versions.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return versions;
    }

    private static String template(String name) {
        try (InputStream in = Export.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("export: the template " + name + " is missing; rebuild gradbook");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
