package dev.gradbook.bench.hardening;

import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.Sequential;
import dev.gradbook.layers.examples.SeedLesson;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 §5: a training run interrupted with Ctrl-C leaves its last completed checkpoint
 * loadable. A child JVM ({@link InterruptedFitChild}) trains with checkpoints after every epoch;
 * once it has written at least one, the test sends it <b>SIGINT</b> — what Ctrl-C sends — with
 * {@code kill -INT <pid>}, at a random moment, so that some interrupts land in the middle of a
 * save. (Java's {@code Process.destroy()} would send SIGTERM instead; both make the JVM run its
 * shutdown hooks and exit without finishing the save in progress.)
 */
@DisplayName("Ctrl-C during fit: the last completed checkpoint loads into a fresh model")
class InterruptedFitTest {

    static final int INTERRUPTS = 3;

    private static List<Path> matching(Path dir, String regex) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches(regex)).sorted().toList();
        }
    }

    private static Sequential freshModel() {
        DType previous = Tensor.defaultDType();
        Tensor.setDefaultDType(DType.F32);
        try {
            return SeedLesson.seedModel(7);
        } finally {
            Tensor.setDefaultDType(previous);
        }
    }

    @Test
    @Timeout(300)
    @DisplayName("3 interrupts at random moments after the first checkpoint: every checkpoint loads, latest is the last one")
    void interruptedFit(@TempDir Path work) throws Exception {
        assertTrue(Files.isExecutable(Path.of("/bin/kill")) || Files.isExecutable(Path.of("/usr/bin/kill")),
                "this test sends SIGINT with the kill command of a Unix system");
        SplittableRandom random = new SplittableRandom(130);
        int leftTemp = 0;
        StringBuilder summary = new StringBuilder();
        for (int round = 0; round < INTERRUPTS; round++) {
            Path dir = Files.createDirectory(work.resolve("run-" + round));
            Path log = work.resolve("run-" + round + ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector",
                    "-cp", System.getProperty("java.class.path"), InterruptedFitChild.class.getName(), dir.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            while (!Files.readString(log).contains("epoch 1\n")) {
                assertTrue(child.isAlive(), "the child died before its first checkpoint: " + Files.readString(log));
                Thread.sleep(10);
            }
            Thread.sleep(random.nextInt(0, 800));
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor(), "kill -INT " + child.pid());
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the interrupted child exits");
            assertEquals(130, child.exitValue(), "a JVM ended by SIGINT exits with 128 + 2: " + Files.readString(log));

            List<String> reported = Files.readAllLines(log).stream().filter(l -> l.startsWith("epoch ")).toList();
            int lastReported = Integer.parseInt(reported.get(reported.size() - 1).substring("epoch ".length()));
            List<Path> epochs = matching(dir, "epoch-\\d+\\.safetensors");
            int lastSaved = Integer.parseInt(epochs.get(epochs.size() - 1).getFileName().toString().replaceAll("\\D", ""));
            assertTrue(lastSaved == lastReported || lastSaved == lastReported + 1, "epoch files up to " + lastSaved
                    + " but the child reported epoch " + lastReported);
            assertEquals(lastSaved, epochs.size(), "one file per completed epoch, none missing: " + epochs);
            for (Path checkpoint : epochs) {
                freshModel().loadWeights(checkpoint); // throws if it is not a whole, fitting file
            }
            Path latest = dir.resolve("latest.safetensors");
            Sequential restored = freshModel();
            restored.loadWeights(latest);
            // latest is written right after epoch-N: it holds epoch N, or N - 1 if the interrupt fell between the two.
            Path newest = epochs.get(epochs.size() - 1);
            Path before = epochs.size() > 1 ? epochs.get(epochs.size() - 2) : newest;
            assertTrue(Files.mismatch(latest, newest) == -1 || Files.mismatch(latest, before) == -1,
                    "latest.safetensors holds the last or the last-but-one completed epoch");
            List<Path> temps = matching(dir, ".*\\.tmp");
            leftTemp += temps.isEmpty() ? 0 : 1;
            // One more save to latest removes the temp file the dead process left for it.
            restored.saveWeights(latest);
            assertEquals(List.of(), matching(dir, "\\.latest\\.safetensors\\..*\\.tmp"));
            summary.append(String.format(" [round %d: interrupted after epoch %d reported, %d checkpoints, temp files left: %s]",
                    round, lastReported, epochs.size(), temps.stream().map(p -> p.getFileName().toString()
                            .replaceAll("\\.\\d+\\.[0-9a-f]{16}\\.tmp$", ".<pid>.<random>.tmp")).toList()));
        }
        System.out.println("interrupted fit: " + INTERRUPTS + " SIGINTs, " + leftTemp + " left a temp file;" + summary);
    }
}
