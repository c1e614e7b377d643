package dev.gradbook.exercises.grading;

import dev.gradbook.autograd.NullChecks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The list of tasks, in the order a student meets them: the one place that says which tasks
 * exist, what they are called, what they are worth and where the textbook teaches them.
 *
 * <p>Everything else refers to a task by its id: the solution regions
 * ({@code // BEGIN SOLUTION ex1.2}), the graders ({@code @Tag("ex1.2")}), {@link Todo#task} and
 * the scoreboard. The export refuses a region whose id is not listed here, and a listed task
 * that has no region; a test of this module refuses a listed task without graders. A task may
 * also claim tests by other tags ({@link Task#alsoGradedBy}): chapter 5's tasks are graded by the
 * groups of the backend conformance kit.
 */
public final class Course {

    private static final Course STANDARD = new Course(List.of(
            // Chapter 1: a number that knows its derivative
            new Task("ex1.1", "Value: add, mul, sub, neg", 10, 1, "1.3 One operation, one local derivative"),
            new Task("ex1.2", "Value: div, pow, exp, log", 10, 1, "1.3 One operation, one local derivative"),
            new Task("ex1.3", "Value: tanh, sigmoid, relu", 10, 1, "1.5 The chain rule through a neuron"),
            // Chapter 2: backpropagation
            new Task("ex2.1", "topological order without recursion", 10, 2,
                    "2.3 Why the order is computed without recursion"),
            new Task("ex2.2", "backward: reused nodes, accumulation", 15, 2, "2.4 Backpropagation, line by line"),
            new Task("ex2.3", "a scalar MLP that learns XOR", 15, 2,
                    "2.7 Putting it together: one parameter learns"),
            // Chapter 3: strided arrays
            new Task("ex3.1", "strides of a shape, position of an index", 5, 3, "Storage, shape, strides, offset"),
            new Task("ex3.2", "ravel and unravel", 5, 3, "How the backend turns an index into a position"),
            new Task("ex3.3", "broadcast shape and broadcast index", 10, 3, "Broadcasting"),
            new Task("ex3.4", "a permute view that shares storage", 10, 3, "Views: a new window, the same numbers"),
            // Chapter 4: tensor autodiff
            new Task("ex4.1", "reduce a broadcast gradient to the input's shape", 10, 4,
                    "Broadcasting, undone in one place"),
            new Task("ex4.2", "backward of mul and div", 10, 4, "Element-wise product"),
            new Task("ex4.3", "backward of matmul, batched", 10, 4, "Matrix product"),
            new Task("ex4.4", "backward of sum and softmax", 10, 4,
                    "Vector-Jacobian products: why backward takes the output gradient"),
            new Task("ex4.5", "a finite-difference gradient checker", 15, 4, "Gradient checking with finite differences"),
            // Chapter 5: your own backend. Besides its own examples, each task is graded by the
            // groups of gradbook's backend conformance kit that check what it builds (the kit's
            // nested classes carry these tags); copy, fill and gather are the interface's defaults,
            // built on map.
            new Task("ex5.1", "a backend provider registered as student, and map", 10, 5,
                    "The real registration: a provider and a services file")
                    .alsoGradedBy("conformance-map", "conformance-copy", "conformance-fill", "conformance-gather"),
            new Task("ex5.2", "zip: strided, broadcast, in place", 15, 5, "The naive backend, line by line")
                    .alsoGradedBy("conformance-zip", "conformance-in-place"),
            new Task("ex5.3", "reduce along a dimension", 10, 5, "The naive backend, line by line")
                    .alsoGradedBy("conformance-reduce"),
            new Task("ex5.4", "matmul, batched", 15, 5, "The naive backend, line by line")
                    .alsoGradedBy("conformance-matmul"),
            new Task("ex5.5", "capstone: the seed MNIST model on your backend", 20, 5, "Writing your own backend")
                    .alsoGradedBy("conformance-allocate", "conformance-update", "conformance-end-to-end"),
            // Chapter 7: layers
            new Task("ex7.1", "a Dense layer on the Layer interface", 15, 7, "Dense: every output sees every input"),
            new Task("ex7.2", "a Dropout layer", 10, 7, "Dropout: forgetting on purpose"),
            new Task("ex7.3", "stable softmax and log-softmax", 10, 7, "Activations: why a network needs a bend"),
            // Chapter 9: training (its section titles follow the chapter's plan: Losses, Optimizers, Callbacks)
            new Task("ex9.1", "categorical cross-entropy as a Loss", 10, 9, "The loss: categorical cross-entropy"),
            new Task("ex9.2", "SGD with momentum as an Optimizer", 10, 9, "Optimizers: which way, and how far"),
            new Task("ex9.3", "RMSprop and Adam as Optimizers", 15, 9, "Optimizers: which way, and how far"),
            new Task("ex9.4", "an early-stopping Callback", 10, 9, "Callbacks")));

    private final Map<String, Task> tasks = new LinkedHashMap<>();

    /**
     * A course made of {@code tasks}, in that order (the grader's own tests build small ones).
     *
     * @throws NullPointerException if {@code tasks} or one of its elements is null
     * @throws IllegalArgumentException if two tasks share an id, or claim the same tag
     */
    public Course(List<Task> tasks) {
        NullChecks.requireNoNullElements(tasks, "Course", "tasks");
        Map<String, String> owners = new LinkedHashMap<>(); // tag -> the task its tests count for
        for (Task task : tasks) {
            if (this.tasks.put(task.id(), task) != null) {
                throw new IllegalArgumentException("the course lists task " + task.id() + " twice");
            }
            for (String tag : task.tags()) {
                String owner = owners.putIfAbsent(tag, task.id());
                if (owner != null) {
                    throw new IllegalArgumentException("tasks " + owner + " and " + task.id() + " both claim the tests"
                            + " tagged '" + tag + "'; a test counts for one task only");
                }
            }
        }
    }

    /** gradbook's course: every task a student can do, in order. */
    public static Course standard() {
        return STANDARD;
    }

    /** The tasks, in the order of the course. */
    public List<Task> tasks() {
        return new ArrayList<>(tasks.values());
    }

    /**
     * The task with this id, if the course has one.
     *
     * @throws NullPointerException if {@code id} is null
     */
    public Optional<Task> find(String id) {
        Objects.requireNonNull(id, "Course.find: id is null");
        return Optional.ofNullable(tasks.get(id));
    }

    /**
     * The task with this id.
     *
     * @throws NullPointerException if {@code id} is null
     * @throws IllegalArgumentException naming the known ids when there is no such task
     */
    public Task task(String id) {
        Objects.requireNonNull(id, "Course.task: id is null");
        Task task = tasks.get(id);
        if (task == null) {
            throw new IllegalArgumentException("there is no task '" + id + "'; the tasks are "
                    + String.join(", ", tasks.keySet()));
        }
        return task;
    }
}
