package dev.gradbook.autograd.examples;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("ScalarNeuronDemo: the first program a student runs")
class ScalarNeuronDemoTest {

    @Test
    @DisplayName("training drives the loss below 10% of where it started")
    void lossFalls() {
        List<Double> history = ScalarNeuronDemo.train(ScalarNeuronDemo.SEED, ScalarNeuronDemo.STEPS,
                ScalarNeuronDemo.LEARNING_RATE);

        assertEquals(ScalarNeuronDemo.STEPS + 1, history.size());
        double first = history.get(0);
        double last = history.get(history.size() - 1);
        assertTrue(last < 0.1 * first, () -> "loss went from " + first + " to " + last);
    }

    @Test
    @DisplayName("a fixed seed gives the same run every time")
    void deterministic() {
        assertEquals(ScalarNeuronDemo.train(3, 20, 0.2), ScalarNeuronDemo.train(3, 20, 0.2));
    }

    @Test
    @DisplayName("main prints the loss as it falls and ends with the final loss")
    void printsProgress() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            ScalarNeuronDemo.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\\R");

        assertTrue(lines[1].startsWith("step   0  loss "), lines[1]);
        assertTrue(lines[lines.length - 1].matches("final loss \\d\\.\\d{4} \\(started at \\d\\.\\d{4}\\)"),
                lines[lines.length - 1]);
    }
}
