package dev.gradbook.textbook;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Runs a chapter's java listings, in order, in one JShell, as a reader typing them would.
 *
 * <p>Each chapter gets a fresh JShell whose code runs in a separate JVM ({@link ListingVm}) with
 * gradbook's class path and the Vector API module, so every backend is there. Before the first listing a hidden setup makes the run reproducible:
 *
 * <pre>
 * dev.gradbook.autograd.Backends.setDefault("naive");   // front matter "backend:", default naive
 * java.util.Locale.setDefault(java.util.Locale.ROOT);   // 0.5, never 0,5, whatever the machine
 * long SEED = 42;                                        // front matter "seed:", default 42
 * </pre>
 *
 * <p>A listing is split into snippets the way JShell itself splits typed input
 * ({@link SourceCodeAnalysis#analyzeCompletion}), so a listing may hold several statements,
 * methods and classes. Its snippets run one after the other until one fails to compile or
 * throws; what the listing printed to {@code System.out} is collected on its own.
 */
public final class ListingRunner {

    /** The backend listings run on unless a chapter's front matter names another. */
    public static final String DEFAULT_BACKEND = "naive";
    /** The value of {@code SEED} unless a chapter's front matter gives another. */
    public static final long DEFAULT_SEED = 42;
    /** How long one listing may run before it is stopped. */
    public static final Duration DEFAULT_LISTING_TIMEOUT = Duration.ofMinutes(5);

    private static final String SYNC_METHOD = "gradbookSync$";
    private static final int MAX_STACK_FRAMES = 12;

    private final String classPath;
    private final Duration listingTimeout;

    /**
     * A runner whose JShells see {@code classPath}.
     *
     * @param classPath      the class path of the JShell's compiler and JVM (gradbook and its
     *                       backends), in the platform's path syntax
     * @param listingTimeout how long one listing may run; positive
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the class path is empty or the timeout not positive
     */
    public ListingRunner(String classPath, Duration listingTimeout) {
        Objects.requireNonNull(classPath, "ListingRunner: classPath is null");
        Objects.requireNonNull(listingTimeout, "ListingRunner: listingTimeout is null");
        if (classPath == null || classPath.isBlank()) {
            throw new IllegalArgumentException("ListingRunner: the class path is empty; the listings need gradbook on it");
        }
        if (listingTimeout == null || listingTimeout.isNegative() || listingTimeout.isZero()) {
            throw new IllegalArgumentException("ListingRunner: the listing timeout must be positive, not " + listingTimeout);
        }
        this.classPath = classPath;
        this.listingTimeout = listingTimeout;
    }

    /**
     * A runner with this JVM's class path: under Maven's surefire that is the test class path
     * (which surefire hides behind a one-jar manifest and names in {@code surefire.test.class.path}),
     * elsewhere {@code java.class.path}.
     *
     * @return a runner with the default timeout
     */
    public static ListingRunner forThisJvm() {
        return forThisJvm(DEFAULT_LISTING_TIMEOUT);
    }

    /**
     * A runner with this JVM's class path, as {@link #forThisJvm()}, and another time limit.
     *
     * @param listingTimeout how long one listing may run
     * @throws NullPointerException if {@code listingTimeout} is null
     * @return the runner
     */
    public static ListingRunner forThisJvm(Duration listingTimeout) {
        Objects.requireNonNull(listingTimeout, "ListingRunner.forThisJvm: listingTimeout is null");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ListingRunner(classPath, listingTimeout);
    }

    /**
     * Runs every listing of a chapter, in order, in one new JShell.
     *
     * @param chapter the chapter
     * @throws NullPointerException if {@code chapter} is null
     * @return one result per listing, in the chapter's order
     */
    public List<ListingResult> run(Chapter chapter) {
        Objects.requireNonNull(chapter, "ListingRunner.run: chapter is null");
        String backend = chapter.frontMatter("backend", DEFAULT_BACKEND);
        long seed = seedOf(chapter);
        CapturedStream out = new CapturedStream();
        CapturedStream err = new CapturedStream();
        List<ListingResult> results = new ArrayList<>();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "listing-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        ListingVm vm = new ListingVm(classPath);
        try (JShell shell = JShell.builder()
                .executionEngine(vm, Map.of())
                .out(new PrintStream(out, true, StandardCharsets.UTF_8))
                .err(new PrintStream(err, true, StandardCharsets.UTF_8))
                .remoteVMOptions("--add-modules", "jdk.incubator.vector", "-Xss4m",
                        "-Dgradbook.backend=" + backend, "-Dfile.encoding=UTF-8",
                        "-Duser.language=en", "-Duser.country=US", "-Djava.awt.headless=true")
                .compilerOptions("--add-modules", "jdk.incubator.vector")
                .build()) {
            shell.addToClasspath(classPath);
            String setupProblem = setUp(shell, backend, seed);
            Session session = new Session(shell, vm, out, err, watchdog);
            for (Listing listing : chapter.listings()) {
                if (!listing.runs()) {
                    String why = listing.info().quotedFile() != null ? "quoted from " + listing.info().quotedFile()
                            : listing.info().noRunReason();
                    results.add(new ListingResult(listing, ListingResult.Outcome.SKIPPED, "", null, why, ""));
                } else if (setupProblem != null) {
                    results.add(new ListingResult(listing, ListingResult.Outcome.REJECTED, "", null,
                            "the chapter's hidden setup failed, so no listing ran: " + setupProblem, ""));
                } else {
                    results.add(session.run(listing));
                }
            }
        } finally {
            watchdog.shutdownNow();
        }
        return results;
    }

    private static long seedOf(Chapter chapter) {
        String seed = chapter.frontMatter("seed", Long.toString(DEFAULT_SEED));
        try {
            return Long.parseLong(seed.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(chapter.name() + ": front matter 'seed: " + seed
                    + "' is not a whole number; write e.g. 'seed: 42'", e);
        }
    }

    /** Runs the hidden setup; returns what went wrong, or null. */
    private static String setUp(JShell shell, String backend, long seed) {
        List<String> setup = List.of(
                "dev.gradbook.autograd.Backends.setDefault(\"" + backend.replace("\"", "") + "\");",
                "java.util.Locale.setDefault(java.util.Locale.ROOT);",
                "long SEED = " + seed + "L;",
                // Flushes both streams and then writes a marker, so the runner knows it has all of a
                // listing's output: the remote JVM's output reaches us over a socket, in order.
                "void " + SYNC_METHOD + "(String marker) { System.err.flush(); System.out.print(marker);"
                        + " System.out.flush(); }");
        for (String snippet : setup) {
            for (SnippetEvent event : shell.eval(snippet)) {
                if (event.causeSnippet() != null) {
                    continue;
                }
                if (event.exception() != null) {
                    return snippet + " threw " + describe(event.exception());
                }
                if (event.status() != Snippet.Status.VALID) {
                    return snippet + " did not compile: " + diagnostics(shell, event.snippet());
                }
            }
        }
        return null;
    }

    /** One chapter's JShell and its captured streams. */
    private final class Session {
        private final JShell shell;
        private final ListingVm vm;
        private final CapturedStream out;
        private final CapturedStream err;
        private final ScheduledExecutorService watchdog;
        private int syncs;

        Session(JShell shell, ListingVm vm, CapturedStream out, CapturedStream err, ScheduledExecutorService watchdog) {
            this.shell = shell;
            this.vm = vm;
            this.out = out;
            this.err = err;
            this.watchdog = watchdog;
        }

        ListingResult run(Listing listing) {
            AtomicBoolean timedOut = new AtomicBoolean();
            ScheduledFuture<?> stopper = watchdog.schedule(() -> {
                timedOut.set(true);
                vm.kill();
            }, listingTimeout.toMillis(), TimeUnit.MILLISECONDS);
            ListingResult.Outcome outcome = ListingResult.Outcome.COMPLETED;
            String thrownClass = null;
            String detail = "";
            String exceptionLine = "";
            try {
                SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
                String code = listing.code();
                String rest = code;
                while (true) {
                    SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
                    if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                        break;
                    }
                    boolean complete = info.completeness().isComplete();
                    String source = complete ? info.source() : rest;
                    String where = "snippet at line " + (listing.line() + 1 + lineOf(code, code.length() - rest.length()
                            + leadingWhitespace(rest)));
                    SnippetEvent event = ownEvent(shell.eval(source));
                    if (timedOut.get()) {
                        outcome = ListingResult.Outcome.TIMED_OUT;
                        detail = where + " was still running after " + listingTimeout.toSeconds()
                                + " s; its JVM was stopped, so no listing after it can run";
                        break;
                    }
                    if (event == null) {
                        break;
                    }
                    if (event.status() == Snippet.Status.REJECTED || !event.status().isDefined()) {
                        outcome = ListingResult.Outcome.REJECTED;
                        detail = where + " does not compile:\n" + indent(source.strip()) + "\n"
                                + diagnostics(shell, event.snippet());
                        break;
                    }
                    if (event.exception() != null) {
                        outcome = ListingResult.Outcome.THREW;
                        thrownClass = thrownClassOf(event.exception());
                        exceptionLine = exceptionLine(thrownClass, event.exception().getMessage());
                        detail = where + " threw:\n" + stackTrace(event.exception());
                        break;
                    }
                    if (!complete) {
                        break;
                    }
                    rest = info.remaining();
                }
            } catch (IllegalStateException e) {
                // JShell is closed: the JVM was stopped, the listing ended it (System.exit), or it died.
                return new ListingResult(listing, timedOut.get() ? ListingResult.Outcome.TIMED_OUT
                        : ListingResult.Outcome.REJECTED, "", null, "the JVM that runs the chapter's listings is gone ("
                        + e.getMessage() + "); a listing before this one may have ended it", err.takeAll());
            } finally {
                stopper.cancel(false);
            }
            String printed = outcome == ListingResult.Outcome.TIMED_OUT ? out.takeAll() : awaitOutput();
            return new ListingResult(listing, outcome, printed + exceptionLine, thrownClass, detail, err.takeAll());
        }

        /** Everything the listing printed, up to a marker written after it. */
        private String awaitOutput() {
            String marker = "\u0000gradbook-end-of-listing-" + (++syncs) + "\u0000";
            shell.eval(SYNC_METHOD + "(\"" + marker.replace("\u0000", "\\u0000") + "\");");
            return out.takeUntil(marker, Duration.ofSeconds(30));
        }
    }

    /** The event about the snippet just evaluated (not about others it replaced or updated). */
    private static SnippetEvent ownEvent(List<SnippetEvent> events) {
        return events.stream().filter(event -> event.causeSnippet() == null).findFirst().orElse(null);
    }

    private static String thrownClassOf(JShellException exception) {
        return exception instanceof EvalException eval ? eval.getExceptionClassName() : exception.getClass().getName();
    }

    private static String describe(JShellException exception) {
        return exceptionLine(thrownClassOf(exception), exception.getMessage()).strip();
    }

    /** The line JShell shows for an exception: {@code Exception java.lang.ArithmeticException: / by zero}. */
    private static String exceptionLine(String className, String message) {
        return "Exception " + className + (message == null ? "" : ": " + message) + "\n";
    }

    private static String stackTrace(JShellException exception) {
        StringBuilder trace = new StringBuilder();
        Throwable current = exception;
        String prefix = "";
        while (current != null) {
            String name = current instanceof JShellException shellException ? thrownClassOf(shellException)
                    : current.getClass().getName();
            trace.append(prefix).append(name).append(current.getMessage() == null ? "" : ": " + current.getMessage())
                    .append('\n');
            StackTraceElement[] frames = current.getStackTrace();
            for (int k = 0; k < Math.min(frames.length, MAX_STACK_FRAMES); k++) {
                trace.append("\tat ").append(frames[k]).append('\n');
            }
            if (frames.length > MAX_STACK_FRAMES) {
                trace.append("\t... ").append(frames.length - MAX_STACK_FRAMES).append(" more\n");
            }
            current = current.getCause();
            prefix = "Caused by: ";
        }
        return trace.toString();
    }

    private static String diagnostics(JShell shell, Snippet snippet) {
        String errors = shell.diagnostics(snippet)
                .filter(Diag::isError)
                .map(diag -> "error: " + diag.getMessage(Locale.ROOT))
                .collect(Collectors.joining("\n"));
        String unresolved = snippet instanceof DeclarationSnippet declaration
                ? shell.unresolvedDependencies(declaration).collect(Collectors.joining(", ")) : "";
        if (!unresolved.isEmpty()) {
            errors += (errors.isEmpty() ? "" : "\n") + "error: it refers to something not defined: " + unresolved;
        }
        return errors.isEmpty() ? "error: (JShell gave no diagnostic)" : errors;
    }

    private static int lineOf(String text, int offset) {
        int lines = 0;
        for (int k = 0; k < offset && k < text.length(); k++) {
            if (text.charAt(k) == '\n') {
                lines++;
            }
        }
        return lines;
    }

    private static int leadingWhitespace(String text) {
        int k = 0;
        while (k < text.length() && Character.isWhitespace(text.charAt(k))) {
            k++;
        }
        return k;
    }

    private static String indent(String text) {
        return "    " + text.replace("\n", "\n    ");
    }

    /** Collects a stream's bytes; one reader takes them in pieces, each up to a marker. */
    private static final class CapturedStream extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] data, int offset, int length) {
            bytes.write(data, offset, length);
            notifyAll();
        }

        /** Waits for {@code marker}; returns the text before it and forgets both. */
        synchronized String takeUntil(String marker, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                String text = bytes.toString(StandardCharsets.UTF_8);
                int at = text.indexOf(marker);
                if (at >= 0) {
                    String rest = text.substring(at + marker.length());
                    bytes.reset();
                    bytes.writeBytes(rest.getBytes(StandardCharsets.UTF_8));
                    return text.substring(0, at);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    bytes.reset();
                    return text + "\n[gradbook: the listing's output did not arrive completely within "
                            + timeout.toSeconds() + " s]\n";
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return text;
                }
            }
        }

        synchronized String takeAll() {
            String text = bytes.toString(StandardCharsets.UTF_8);
            bytes.reset();
            return text;
        }
    }
}
