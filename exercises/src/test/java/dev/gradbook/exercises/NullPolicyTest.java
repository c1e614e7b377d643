package dev.gradbook.exercises;

import dev.gradbook.backends.conformance.NullPolicyCheck;
import dev.gradbook.exercises.backend.Capstone;
import dev.gradbook.exercises.backend.StudentBackend;
import dev.gradbook.exercises.backend.StudentBackendProvider;
import dev.gradbook.exercises.export.Export;
import dev.gradbook.exercises.grading.Course;
import dev.gradbook.exercises.grading.DynamicTestTimeLimit;
import dev.gradbook.exercises.grading.Grade;
import dev.gradbook.exercises.grading.Grader;
import dev.gradbook.exercises.grading.Outcome;
import dev.gradbook.exercises.grading.Scoreboard;
import dev.gradbook.exercises.grading.Seeded;
import dev.gradbook.exercises.grading.Task;
import dev.gradbook.exercises.grading.TaskResult;
import dev.gradbook.exercises.grading.Todo;
import dev.gradbook.exercises.layers.Dense;
import dev.gradbook.exercises.layers.Dropout;
import dev.gradbook.exercises.scalar.ScalarMlp;
import dev.gradbook.exercises.scalar.Value;
import dev.gradbook.exercises.strided.StridedArray;
import dev.gradbook.exercises.training.Adam;
import dev.gradbook.exercises.training.CategoricalCrossentropy;
import dev.gradbook.exercises.training.EarlyStopping;
import dev.gradbook.exercises.training.RMSprop;
import dev.gradbook.exercises.training.SGD;
import dev.gradbook.layers.Sequential;
import dev.gradbook.layers.examples.LessonData;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The null policy (see the package documentation of {@code dev.gradbook.autograd}) over every
 * public class of {@code dev.gradbook.exercises} and its packages, checked by reflection with the
 * conformance kit's {@link NullPolicyCheck}: each public constructor and method is called with
 * {@code null} in one parameter at a time (and in an element of an array, list or map) and must
 * throw a {@code NullPointerException} naming the method and the parameter.
 *
 * <p>The classes checked are the reference solutions: their checks stand outside the
 * {@code // BEGIN SOLUTION} regions, so the exported starter keeps them and a student's code
 * receives only non-null arguments. Graders are not public and are not called.
 */
@DisplayName("Null arguments fail at once, naming the method and the parameter")
class NullPolicyTest {

    /**
     * A stand-in for one of JUnit's context interfaces that fails on any use: the members that
     * take one are called with a null elsewhere, so they must fail before they touch it.
     */
    private static <T> T unusable(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            throw new UnsupportedOperationException("the null-policy stand-in for " + type.getSimpleName()
                    + " was used (" + method.getName() + "): a null argument was not checked first");
        }));
    }

    @TestFactory
    @DisplayName("backend, export, grading, layers, scalar, strided, tensorgrad, training")
    Stream<DynamicNode> exercises() {
        return NullPolicyCheck.forPackage("dev.gradbook.exercises", Course.class)
                // an ordinary value of each type the API takes or is called on
                .sample(Value.class, () -> Value.of(2.0))
                .sample(ScalarMlp.class, () -> new ScalarMlp(1, 2, 2, 1))
                .sample(StridedArray.class, () -> StridedArray.contiguous(new double[6], 2, 3))
                .sample(Dense.class, () -> new Dense(2))
                .sample(Dropout.class, () -> new Dropout(0.5))
                .sample(SGD.class, () -> new SGD(0.1, 0.9))
                .sample(RMSprop.class, () -> new RMSprop(0.001, 0.9, 1e-7))
                .sample(Adam.class, () -> new Adam(0.001, 0.9, 0.999, 1e-7))
                .sample(CategoricalCrossentropy.class, CategoricalCrossentropy::new)
                .sample(EarlyStopping.class, () -> new EarlyStopping("val_loss", 2, 0.0))
                .sample(StudentBackend.class, StudentBackend::new)
                .sample(StudentBackendProvider.class, StudentBackendProvider::new)
                .sample(Capstone.Trained.class, () -> new Capstone.Trained(new Sequential(1), LessonData.synthetic(10, 1)))
                .sample(Sequential.class, () -> new Sequential(1))
                .sample(LessonData.class, () -> LessonData.synthetic(10, 1))
                .sample(Course.class, Course::standard)
                .sample(Task.class, () -> new Task("ex1.1", "a task", 10, 1, "a section"))
                .sample(Outcome.class, () -> new Outcome("a test", Outcome.Kind.PASSED, "", ""))
                .sample(TaskResult.class, () -> new TaskResult(new Task("ex1.1", "a task", 10, 1, "a section"), List.of()))
                .sample(Scoreboard.class, () -> new Scoreboard(1, List.of()))
                .sample(Grader.class, Grader::standard)
                .sample(Grader.Options.class, () -> new Grader.Options(List.of("ex1.1"), 1, Duration.ofSeconds(1), null))
                .sample(Grade.Request.class, () -> new Grade.Request(List.of("ex1.1"), 1L, Duration.ofSeconds(1),
                        Path.of(System.getProperty("java.io.tmpdir"), "null-policy-grades")))
                .sample(Export.Result.class, () -> new Export.Result(List.of("pom.xml"), 0))
                .sample(Todo.TaskNotDone.class, () -> Todo.task("ex1.1"))
                .sample(Duration.class, () -> Duration.ofSeconds(1))
                .sample(Seeded.class, Seeded::new)
                .sample(DynamicTestTimeLimit.class, DynamicTestTimeLimit::new)
                .sample(ParameterContext.class, () -> unusable(ParameterContext.class))
                .sample(ExtensionContext.class, () -> unusable(ExtensionContext.class))
                .sample(DynamicTestInvocationContext.class, () -> unusable(DynamicTestInvocationContext.class))
                .sample(InvocationInterceptor.Invocation.class, () -> unusable(InvocationInterceptor.Invocation.class))
                // the parameters whose null has a documented meaning
                .allowNull("Grade.Request(seed)", "null: a fresh seed for this run")
                .allowNull("Grader.Options(reportDir)", "null: no JUnit XML is written")
                .allowNull("TensorChecks.assertClose(actual)", "a student's code may return null: the assertion"
                        + " fails, saying it got null, as for any wrong answer")
                .tests();
    }
}
