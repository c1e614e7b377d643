package dev.gradbook.cli;

import dev.gradbook.exercises.export.Export;
import dev.gradbook.exercises.export.Install;
import dev.gradbook.exercises.grading.Course;
import dev.gradbook.exercises.grading.Grade;
import dev.gradbook.exercises.grading.Grader;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * The course's commands ({@code dev.gradbook.exercises}): {@code gradbook grade} for students and
 * teachers, {@code gradbook exercises export} and {@code gradbook exercises install} for getting a starter
 * to students. Each is a few option fields and a call to the exercises module's plain Java.
 */
final class CourseCommands {

    private CourseCommands() {
    }

    /** gradbook's own checkout: the launcher passes {@code -Dgradbook.home}; else the working directory. */
    static Path home() {
        return Path.of(System.getProperty("gradbook.home", "."));
    }

    /** A task id of the course; any other word is a wrong command line that lists the tasks. */
    static final class TaskId implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                return Course.standard().task(value).id();
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code gradbook grade [TASK...]}. */
    @Command(name = "grade",
            header = "Grade course tasks: a scoreboard, grades.json and JUnit XML.",
            description = {"Runs the graders of the tasks named (every task when none) against the code on the class"
                    + " path: here, gradbook's reference solutions; in an exported starter, the student's code"
                    + " (the starter has its own ./gradbook grade).",
                "Exit status 1 when a graded task is not done."})
    static final class GradeCommand implements Callable<Integer> {
        @ParentCommand
        private Gradbook gradbook;

        @Parameters(paramLabel = "TASK", arity = "0..*", description = "Task ids such as ex1.2; none means all.")
        List<String> tasks = new ArrayList<>();

        @Option(names = "--seed", paramLabel = "N", description = "The seed of the random inputs (default: a fresh one,"
                + " printed on the scoreboard).")
        Long seed;

        @Option(names = "--timeout", paramLabel = "SECONDS", converter = Converters.PositiveInt.class,
                description = "The time limit of one test (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds = (int) Grader.DEFAULT_TIMEOUT.toSeconds();

        @Option(names = "--out", paramLabel = "DIR", description = "Where grades.json and the JUnit XML go"
                + " (default: ${DEFAULT-VALUE}).")
        Path out = Path.of("grades");

        @picocli.CommandLine.Spec
        private picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            for (String task : tasks) { // checked here: picocli reports a refused positional as "unmatched"
                try {
                    Course.standard().task(task);
                } catch (IllegalArgumentException e) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
                }
            }
            return Grade.run(new Grade.Request(tasks, seed, Duration.ofSeconds(timeoutSeconds), out), gradbook.out());
        }
    }

    /** {@code gradbook exercises export DIR}. */
    @Command(name = "exercises",
            header = "The graded course: export the student starter, install the jars it needs.",
            description = "Tools for the graded course: 'exercises export DIR' (teachers) and 'exercises install' (students, once).",
            subcommands = {ExportCommand.class, InstallCommand.class})
    static final class ExercisesCommand implements Callable<Integer> {
        @picocli.CommandLine.Spec
        private picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getOut());
            return 0;
        }
    }

    /** {@code gradbook exercises export DIR}. */
    @Command(name = "export",
            header = "Write the student starter: the course with every solution replaced by a Todo.",
            description = {"Writes one project for the whole course to DIR (new or empty): the exercises' sources with"
                    + " each '// BEGIN SOLUTION exN.M' region replaced by throw Todo.task(\"exN.M\"), the graders,"
                    + " a pom.xml, a README for students and their ./gradbook grade script.",
                "Fails, naming file and line, on a nested, unterminated or unknown region, or a task without one."})
    static final class ExportCommand implements Callable<Integer> {
        @ParentCommand
        private ExercisesCommand exercises;

        @Parameters(paramLabel = "DIR", description = "Where the starter goes (a new or empty directory).")
        Path target;

        @Option(names = "--from", paramLabel = "DIR", description = "The exercises module to export (default:"
                + " exercises/ in gradbook's checkout).")
        Path from;

        @Option(names = "--solved", paramLabel = "TASK", split = ",", converter = TaskId.class,
                description = "Keep these tasks' reference solutions in the starter (e.g. a course that starts at"
                        + " chapter 3: --solved ex1.1,ex1.2,...).")
        Set<String> solved = new TreeSet<>();

        @picocli.CommandLine.Spec
        private picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Path module = from != null ? from : home().resolve("exercises");
            Export.Result result = Export.export(module, target, Course.standard(), solved);
            spec.commandLine().getOut().printf("Exported the starter to %s: %d files, %d solution regions replaced"
                    + " by Todos.%nStudents: see %s%n", target, result.files().size(), result.regions(),
                    target.resolve("README.md"));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** {@code gradbook exercises install}. */
    @Command(name = "install",
            header = "Put the gradbook jars a course starter needs into the local Maven repository.",
            description = "Copies gradbook's parent pom and the autograd, naive-backend and layers jars (built by ./gradbook)"
                    + " to the local Maven repository, where an exported starter's pom.xml finds them. The solutions"
                    + " are not installed.")
    static final class InstallCommand implements Callable<Integer> {
        @Option(names = "--repository", paramLabel = "DIR", description = "The Maven repository to install into"
                + " (default: -Dmaven.repo.local, else ~/.m2/repository).")
        Path repository;

        @picocli.CommandLine.Spec
        private picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Path into = repository != null ? repository : Install.defaultRepository();
            List<Path> written = Install.install(home(), into);
            spec.commandLine().getOut().printf("Installed %d files into %s; an exported starter now builds.%n",
                    written.size(), into);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
