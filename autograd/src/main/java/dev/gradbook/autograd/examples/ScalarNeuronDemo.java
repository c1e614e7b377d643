package dev.gradbook.autograd.examples;

import dev.gradbook.autograd.NullChecks;
import dev.gradbook.autograd.Scalar;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

/**
 * The first demo: a tiny neural network, built from nothing but {@link Scalar}s, learns XOR by
 * plain gradient descent.
 *
 * <p>XOR is the classic problem a single neuron cannot solve: the output should be +1 when
 * exactly one of the two inputs is +1, and -1 otherwise, and no single straight line separates
 * those points. One hidden layer of four {@code tanh} neurons is enough. The network is
 *
 * <pre>
 *   hidden_j = tanh(b_j + w_j1 * x1 + w_j2 * x2)        j = 1..4
 *   output   = tanh(c + v_1 * hidden_1 + ... + v_4 * hidden_4)
 *   loss     = mean over the 4 examples of (output - target)²
 * </pre>
 *
 * <p>and one training step is: wrap the current parameters in fresh Scalars, compute the loss
 * (which records the graph), call {@code loss.backward()} to get {@code d loss / d parameter} for
 * every parameter, and move each parameter a little against its gradient. Because a Scalar's
 * value never changes, the parameters live as plain {@code double}s between steps; new Scalars
 * each step also means every gradient starts at zero, so no {@code zeroGrad()} is needed.
 *
 * <p>Run it with {@code ./gradbook demo}, or with nothing but this module:
 * {@code java -cp autograd/target/classes dev.gradbook.autograd.examples.ScalarNeuronDemo}.
 */
public final class ScalarNeuronDemo {

    /** The seed of the random starting weights; fixed so every run prints the same numbers. */
    public static final long SEED = 7;
    /** How many gradient-descent steps {@link #main} takes. */
    public static final int STEPS = 200;
    /** How far each step moves against the gradient. */
    public static final double LEARNING_RATE = 0.2;

    private static final int HIDDEN = 4;
    private static final double[][] INPUTS = {{-1, -1}, {-1, 1}, {1, -1}, {1, 1}};
    private static final double[] TARGETS = {-1, 1, 1, -1};

    private ScalarNeuronDemo() {
    }

    /**
     * Trains the network from random starting weights and returns the loss history.
     *
     * @param seed         seeds the starting weights
     * @param steps        how many gradient-descent steps to take
     * @param learningRate the step size
     * @return {@code steps + 1} losses: the starting loss, then the loss after each step
     */
    public static List<Double> train(long seed, int steps, double learningRate) {
        double[] parameters = initialParameters(new Random(seed));
        List<Double> history = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            List<Scalar> scalars = wrap(parameters);
            Scalar loss = loss(scalars);
            history.add(loss.value());
            loss.backward();
            for (int i = 0; i < parameters.length; i++) {
                parameters[i] -= learningRate * scalars.get(i).grad();
            }
        }
        history.add(loss(wrap(parameters)).value());
        return history;
    }

    /**
     * Trains for {@link #STEPS} steps, printing the loss every 20 steps and a final summary line
     * ({@code ./gradbook demo} calls this).
     *
     * @param out where the lines go
     */
    public static void run(PrintStream out) {
        Objects.requireNonNull(out, "ScalarNeuronDemo.run: out is null");
        List<Double> history = train(SEED, STEPS, LEARNING_RATE);
        out.println("Learning XOR with a 2-4-1 tanh network made of Scalars");
        for (int step = 0; step < history.size(); step += 20) {
            out.printf(Locale.ROOT, "step %3d  loss %.4f%n", step, history.get(step));
        }
        out.printf(Locale.ROOT, "final loss %.4f (started at %.4f)%n",
                history.get(history.size() - 1), history.get(0));
    }

    /**
     * Runs the demo on standard output.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        NullChecks.requireNoNullElements(args, "ScalarNeuronDemo.main", "args");
        run(System.out);
    }

    /** Small random weights in [-1, 1): large enough to break the symmetry between neurons. */
    private static double[] initialParameters(Random random) {
        double[] parameters = new double[HIDDEN * (1 + INPUTS[0].length) + 1 + HIDDEN];
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] = 2 * random.nextDouble() - 1;
        }
        return parameters;
    }

    private static List<Scalar> wrap(double[] parameters) {
        List<Scalar> scalars = new ArrayList<>(parameters.length);
        for (double p : parameters) {
            scalars.add(Scalar.of(p));
        }
        return scalars;
    }

    /** Mean squared error of the network over the four XOR examples. */
    private static Scalar loss(List<Scalar> parameters) {
        List<Scalar> squaredErrors = new ArrayList<>();
        for (int n = 0; n < INPUTS.length; n++) {
            Scalar error = predict(parameters, INPUTS[n]).sub(TARGETS[n]);
            squaredErrors.add(error.pow(2));
        }
        return Scalar.sum(squaredErrors).div(INPUTS.length);
    }

    /**
     * The forward pass. Parameters are read in a fixed order: for each hidden neuron its bias and
     * then one weight per input; then the output neuron's bias and one weight per hidden neuron.
     */
    private static Scalar predict(List<Scalar> parameters, double[] input) {
        int next = 0;
        List<Scalar> hidden = new ArrayList<>(HIDDEN);
        for (int j = 0; j < HIDDEN; j++) {
            Scalar preActivation = parameters.get(next++);
            for (double x : input) {
                preActivation = preActivation.add(parameters.get(next++).mul(x));
            }
            hidden.add(preActivation.tanh());
        }
        Scalar output = parameters.get(next++);
        for (Scalar h : hidden) {
            output = output.add(parameters.get(next++).mul(h));
        }
        return output.tanh();
    }
}
