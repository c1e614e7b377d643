package dev.gradbook.textbook.site;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium, as the browser test drives it: one process per screenshot, with a throwaway
 * profile, a time limit, and its output kept for the failure message.
 */
final class Chromium {

    /** The names Debian and other distributions give the browser's command. */
    static final List<String> NAMES = List.of("chromium", "chromium-browser");
    private static final long TIMEOUT_SECONDS = 90;

    private final Path executable;
    private final Path scratch;

    private Chromium(Path executable, Path scratch) {
        this.executable = executable;
        this.scratch = scratch;
    }

    /**
     * The browser on the {@code PATH}, if there is one.
     *
     * @param scratch a folder for the profiles and logs of its runs
     */
    static Optional<Chromium> onPath(Path scratch) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String folder : path.split(File.pathSeparator)) {
            for (String name : NAMES) {
                Path candidate = Path.of(folder.isEmpty() ? "." : folder, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(new Chromium(candidate, scratch));
                }
            }
        }
        return Optional.empty();
    }

    Path executable() {
        return executable;
    }

    /**
     * Opens a page from {@code file://} and takes a screenshot of its window.
     *
     * @param page   an HTML file
     * @param png    where the screenshot goes
     * @param width  the window's width in pixels
     * @param height the window's height in pixels
     * @return the screenshot
     * @throws AssertionError if the browser fails, takes longer than the time limit, or writes no image
     */
    BufferedImage screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        Path run = Files.createTempDirectory(scratch, "chromium-");
        Path log = run.resolve("chromium.log");
        Process process = new ProcessBuilder(List.of(executable.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-dev-shm-usage",
                // Shoot only once layout, paint and compositing have settled: without these, one
                // screenshot here showed a tile of the page still unpainted.
                "--run-all-compositor-stages-before-draw", "--virtual-time-budget=5000",
                "--user-data-dir=" + run.resolve("profile"),  // a fresh profile: no state from other runs
                "--window-size=" + width + "," + height,
                "--screenshot=" + png.toAbsolutePath(),
                page.toAbsolutePath().toUri().toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(executable + " did not finish a screenshot of " + page + " within " + TIMEOUT_SECONDS
                    + " s; its output:\n" + tail(log));
        }
        if (process.exitValue() != 0 || !Files.isRegularFile(png)) {
            throw new AssertionError(executable + " exited with " + process.exitValue() + " and "
                    + (Files.isRegularFile(png) ? "" : "no ") + "screenshot " + png + "; its output:\n" + tail(log));
        }
        BufferedImage image = ImageIO.read(png.toFile());
        if (image == null) {
            throw new AssertionError(png + " is not an image ImageIO can read");
        }
        return image;
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
