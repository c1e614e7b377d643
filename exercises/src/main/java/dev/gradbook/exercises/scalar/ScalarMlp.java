package dev.gradbook.exercises.scalar;

import dev.gradbook.autograd.NullChecks;
import dev.gradbook.exercises.grading.Todo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * ex2.3: a multilayer perceptron made of nothing but your {@link Value}s, trained by plain
 * gradient descent; on the four XOR examples it must learn to tell {@code -1} from {@code 1}.
 *
 * <p>Every neuron computes {@code tanh(w · x + b)}, output layer included (the XOR targets are
 * {@code -1} and {@code 1}, which tanh can reach). The parameters are plain numbers between steps;
 * each step wraps them in fresh leaf Values, builds the loss, runs {@link Value#backward()} and
 * moves every number against its gradient.
 *
 * <h2>Parameter order</h2>
 * Layer by layer; within a layer neuron by neuron; within a neuron its weights (one per input)
 * and then its bias. A 2-4-1 network has {@code 4 * (2 + 1) + 1 * (4 + 1) = 17} parameters:
 * the 3 of hidden neuron 0, the 3 of hidden neuron 1, ..., then the 5 of the output neuron.
 */
public final class ScalarMlp {

    private final int[] sizes;
    private final double[] parameters;

    /**
     * A network with layer sizes {@code sizes} (inputs first, e.g. {@code 2, 4, 1}) and random
     * starting parameters in {@code [-1, 1)} drawn from {@code new Random(seed)}.
     *
     * @throws NullPointerException if {@code sizes} is null
     */
    public ScalarMlp(long seed, int... sizes) {
        Objects.requireNonNull(sizes, "ScalarMlp: sizes is null");
        if (sizes.length < 2) {
            throw new IllegalArgumentException("ScalarMlp: needs at least an input and an output size, got "
                    + java.util.Arrays.toString(sizes));
        }
        this.sizes = sizes.clone();
        int count = 0;
        for (int layer = 1; layer < sizes.length; layer++) {
            count += sizes[layer] * (sizes[layer - 1] + 1);
        }
        Random random = new Random(seed);
        parameters = new double[count];
        for (int i = 0; i < count; i++) {
            parameters[i] = 2 * random.nextDouble() - 1;
        }
    }

    /** A copy of the current parameters, in the order described above. */
    public double[] parameters() {
        return parameters.clone();
    }

    /** The layer sizes, inputs first. */
    public int[] sizes() {
        return sizes.clone();
    }

    /** The parameters as fresh leaf Values (gradient 0), ready for one forward and backward pass. */
    public List<Value> parameterValues() {
        List<Value> values = new ArrayList<>(parameters.length);
        for (double p : parameters) {
            values.add(Value.of(p));
        }
        return values;
    }

    /**
     * The network's output for {@code input}, with the current parameters.
     *
     * @throws NullPointerException if {@code input} is null
     */
    public double predict(double... input) {
        Objects.requireNonNull(input, "ScalarMlp.predict: input is null");
        return forward(parameterValues(), input).data();
    }

    /**
     * The network's output for one input, computed from {@code parameters} (one Value per
     * parameter, in the order described above) so that a backward pass reaches them.
     *
     * @param parameters one Value per parameter
     * @param input      {@code sizes()[0]} numbers
     * @throws NullPointerException if an argument or one of the parameters is null
     * @return the single output neuron's Value (the graders use one output)
     */
    public Value forward(List<Value> parameters, double... input) {
        NullChecks.requireNoNullElements(parameters, "ScalarMlp.forward", "parameters");
        Objects.requireNonNull(input, "ScalarMlp.forward: input is null");
        // BEGIN SOLUTION ex2.3
        List<Value> activations = new ArrayList<>();
        for (double x : input) {
            activations.add(Value.of(x));
        }
        int next = 0;
        for (int layer = 1; layer < sizes.length; layer++) {
            List<Value> outputs = new ArrayList<>();
            for (int neuron = 0; neuron < sizes[layer]; neuron++) {
                Value sum = null;
                for (Value activation : activations) {
                    Value term = parameters.get(next++).mul(activation);
                    sum = sum == null ? term : sum.add(term);
                }
                Value bias = parameters.get(next++);
                outputs.add((sum == null ? bias : sum.add(bias)).tanh());
            }
            activations = outputs;
        }
        return activations.get(0);
        // END SOLUTION
    }

    /**
     * Mean squared error over a batch: {@code (1/n) Σ (forward(x_i) - y_i)²}.
     *
     * @param parameters one Value per parameter
     * @param inputs     n inputs
     * @throws NullPointerException if an argument, one of the parameters or one of the inputs is null
     * @param targets    n targets
     */
    public Value loss(List<Value> parameters, double[][] inputs, double[] targets) {
        NullChecks.requireNoNullElements(parameters, "ScalarMlp.loss", "parameters");
        NullChecks.requireNoNullElements(inputs, "ScalarMlp.loss", "inputs");
        Objects.requireNonNull(targets, "ScalarMlp.loss: targets is null");
        // BEGIN SOLUTION ex2.3
        Value total = Value.of(0.0);
        for (int i = 0; i < inputs.length; i++) {
            Value error = forward(parameters, inputs[i]).sub(targets[i]);
            total = total.add(error.mul(error));
        }
        return total.mul(1.0 / inputs.length);
        // END SOLUTION
    }

    /**
     * One step of gradient descent: the loss with the current parameters, its backward pass, and
     * {@code p = p - learningRate * dLoss/dp} for every parameter.
     *
     * @throws NullPointerException if an argument or one of the inputs is null
     * @return the loss before the step
     */
    public double trainStep(double[][] inputs, double[] targets, double learningRate) {
        NullChecks.requireNoNullElements(inputs, "ScalarMlp.trainStep", "inputs");
        Objects.requireNonNull(targets, "ScalarMlp.trainStep: targets is null");
        // BEGIN SOLUTION ex2.3
        List<Value> values = parameterValues();
        Value loss = loss(values, inputs, targets);
        loss.backward();
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] -= learningRate * values.get(i).grad();
        }
        return loss.data();
        // END SOLUTION
    }
}
