package dev.gradbook.layers.hardening;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.Sequential;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 12 §3: a process killed in the middle of {@code saveWeights} must leave either no file or
 * a whole one, and its temporary file must not stay behind for good. Twenty child JVMs save in a
 * loop and are killed ({@link Process#destroyForcibly()}, SIGKILL on Linux: no shutdown hook, no
 * finally block runs) at random moments.
 */
@DisplayName("saveWeights killed at random moments: the target is whole or absent, litter is cleaned up")
class KilledSaveTest {

    static final int KILLS = 20;

    /** Starts {@link SaveLoopChild} on the surefire class path, with this JVM's own java. */
    static Process startChild(Path target, long firstVersion, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), SaveLoopChild.class.getName(),
                target.toString(), Long.toString(firstVersion))
                // A file, not a pipe: killing a process closes its pipes, and lines still in them are lost.
                .redirectOutput(log.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** The version the file holds: every weight equal to it; fails if the file is not one whole version. */
    private static long versionIn(Path target) throws IOException {
        Sequential model = SaveLoopChild.model();
        model.loadWeights(target); // refuses a truncated or malformed file
        double first = model.getWeights().get(0).toDoubleArray()[0];
        for (Tensor w : model.getWeights()) {
            for (double value : w.toDoubleArray()) {
                assertEquals(first, value, 0.0, "a saved file holds one version, never a mix");
            }
        }
        return (long) first;
    }

    private static List<Path> temporaries(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    @Test
    @Timeout(120)
    @DisplayName("20 kills: every time the file is absent or one complete saved version; one more save leaves no temp file")
    void killDuringSave(@TempDir Path dir, @TempDir Path logs) throws Exception {
        Path target = dir.resolve("w.safetensors");
        SplittableRandom random = new SplittableRandom(20261203L);
        OptionalLong inFile = OptionalLong.empty();
        int leftTemp = 0;
        int absent = 0;
        long totalSaves = 0;
        long started = System.nanoTime();
        for (int kill = 0; kill < KILLS; kill++) {
            long base = (kill + 1) * 1_000_000L; // child k saves versions base, base + 1, ...
            Path log = Files.createTempFile(logs, "child", ".log");
            Process child = startChild(target, base, log);
            while (!Files.readString(log).startsWith("ready\n")) {
                assertTrue(child.isAlive(), "the child died before it was ready: " + Files.readString(log));
                Thread.sleep(5);
            }
            Thread.sleep(random.nextInt(5, 250));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the killed child ends");
            // What the child reported before it died: "saved V" after each save that returned.
            long lastSaved = -1;
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith("saved ")) {
                    lastSaved = Long.parseLong(line.substring("saved ".length()));
                    totalSaves++;
                }
            }

            if (!Files.exists(target)) {
                assertTrue(inFile.isEmpty() && lastSaved < 0, "the file vanished after it had been saved");
                absent++;
            } else {
                long version = versionIn(target);
                Set<Long> allowed = lastSaved < 0
                        // nothing reported: the previous file, or the first save just renamed into place
                        ? (inFile.isPresent() ? Set.of(inFile.getAsLong(), base) : Set.of(base))
                        // the last reported save, or the next one if it was renamed before "saved" was printed
                        : Set.of(lastSaved, lastSaved + 1);
                assertTrue(allowed.contains(version), "kill " + kill + ": the file holds version " + version
                        + " but only " + allowed + " are possible");
                inFile = OptionalLong.of(version);
            }
            long pid = child.pid();
            List<Path> litter = temporaries(dir);
            for (Path p : litter) {
                if (!p.getFileName().toString().startsWith(".w.safetensors." + pid + ".")) {
                    fail("a temp file of an earlier child survived the next child's save: " + p);
                }
            }
            leftTemp += litter.isEmpty() ? 0 : 1;
        }

        // One more save, here: it removes whatever the last dead child left.
        Sequential last = SaveLoopChild.model();
        SaveLoopChild.fill(last, 7);
        last.saveWeights(target);
        assertEquals(List.of(), temporaries(dir), "no stale temp file remains after a save");
        assertEquals(7, versionIn(target));

        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("killed saves: %d kills, %d left a temp file before cleanup, %d found no file yet,"
                + " %d saves completed in all, %.1f s%n", KILLS, leftTemp, absent, totalSaves, seconds);
        assertTrue(leftTemp > 0, "no kill landed inside a save, so the clean-up was never exercised;"
                + " the saves are too fast for the kill delays");
    }
}
