package dev.gradbook.layers;

import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.backends.conformance.NullPolicyCheck;
import dev.gradbook.layers.callbacks.Callback;
import dev.gradbook.layers.callbacks.EarlyStopping;
import dev.gradbook.layers.callbacks.ModelCheckpoint;
import dev.gradbook.layers.callbacks.ProgressLogger;
import dev.gradbook.layers.callbacks.TerminateOnNaN;
import dev.gradbook.layers.callbacks.TrainingParams;
import dev.gradbook.layers.callbacks.WeightsSaver;
import dev.gradbook.layers.data.IdxArray;
import dev.gradbook.layers.data.IdxFormatException;
import dev.gradbook.layers.data.Mnist;
import dev.gradbook.layers.data.MnistData;
import dev.gradbook.layers.data.NpmDigitsToIdx;
import dev.gradbook.layers.examples.LessonData;
import dev.gradbook.layers.examples.SeedLesson;
import dev.gradbook.layers.initializers.Initializer;
import dev.gradbook.layers.initializers.Initializers;
import dev.gradbook.layers.io.AtomicFiles;
import dev.gradbook.layers.io.SafeTensorsFormatException;
import dev.gradbook.layers.io.TensorInfo;
import dev.gradbook.layers.losses.BinaryCrossentropy;
import dev.gradbook.layers.losses.CategoricalCrossentropy;
import dev.gradbook.layers.losses.Loss;
import dev.gradbook.layers.losses.MeanSquaredError;
import dev.gradbook.layers.losses.SparseCategoricalCrossentropy;
import dev.gradbook.layers.metrics.Accuracy;
import dev.gradbook.layers.metrics.Metric;
import dev.gradbook.layers.optimizers.Adam;
import dev.gradbook.layers.optimizers.Optimizer;
import dev.gradbook.layers.optimizers.RMSprop;
import dev.gradbook.layers.optimizers.SGD;
import dev.gradbook.layers.plot.ModelDiagram;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The null policy (see the package documentation of {@code dev.gradbook.autograd}) over every
 * public class of {@code dev.gradbook.layers} and its packages, checked by reflection with the
 * conformance kit's {@link NullPolicyCheck}: each public constructor and method is called with
 * {@code null} in one parameter at a time and must throw a {@code NullPointerException} naming
 * the method and the parameter. Below: how to build an ordinary value of each layers type, and
 * the parameters whose null has a documented meaning.
 */
@DisplayName("Null arguments fail at once, naming the method and the parameter")
class NullPolicyTest {

    /** A small model, built and compiled, so that every method can be called on it. */
    private static Sequential model() {
        Sequential model = new Sequential(7);
        model.add(Dense.units(2).inputDim(3));
        model.compile("sgd", "mse");
        return model;
    }

    @TestFactory
    @DisplayName("layers, callbacks, data, examples, initializers, io, losses, metrics, optimizers, plot")
    Stream<DynamicNode> layers() {
        return NullPolicyCheck.forPackageOf(Sequential.class)
                // an ordinary value of each type the API takes or is called on
                .sample(Sequential.class, NullPolicyTest::model)
                .sample(java.util.function.Predicate.class, () -> (java.util.function.Predicate<Object>) name -> false)
                .sample(Layer.class, () -> (x, training) -> x)
                .sample(AbstractLayer.class, () -> new Dense(2))
                .sample(Dense.class, () -> new Dense(2))
                .sample(Dense.Builder.class, () -> Dense.builder(2))
                .sample(Activation.class, () -> new Activation("relu"))
                .sample(Dropout.class, () -> new Dropout(0.5))
                .sample(Flatten.class, Flatten::new)
                .sample(FitOptions.class, FitOptions::new)
                .sample(History.class, History::new)
                .sample(Callback.class, () -> new Callback() { })
                .sample(EarlyStopping.class, EarlyStopping::new)
                .sample(ModelCheckpoint.class, () -> new ModelCheckpoint("checkpoint.safetensors"))
                .sample(TerminateOnNaN.class, TerminateOnNaN::new)
                .sample(ProgressLogger.class, () -> new ProgressLogger(System.out, 0, false))
                .sample(TrainingParams.class, () -> new TrainingParams(1, 1, 1, 0))
                .sample(WeightsSaver.class, () -> (file, weights) -> { })
                .sample(Loss.class, MeanSquaredError::new)
                .sample(MeanSquaredError.class, MeanSquaredError::new)
                .sample(CategoricalCrossentropy.class, CategoricalCrossentropy::new)
                .sample(SparseCategoricalCrossentropy.class, SparseCategoricalCrossentropy::new)
                .sample(BinaryCrossentropy.class, BinaryCrossentropy::new)
                .sample(Metric.class, Accuracy::new)
                .sample(Accuracy.class, Accuracy::new)
                .sample(Optimizer.class, SGD::new)
                .sample(SGD.class, SGD::new)
                .sample(RMSprop.class, RMSprop::new)
                .sample(Adam.class, Adam::new)
                .sample(Initializer.class, Initializers::zeros)
                .sample(IdxArray.class, () -> IdxArray.of(new int[] {1, 2}, 2))
                .sample(MnistData.class, Mnist::bundled)
                .sample(MnistData.Split.class, () -> Mnist.bundled().test())
                .sample(IdxFormatException.class, () -> new IdxFormatException("sample.idx", "a problem"))
                .sample(SafeTensorsFormatException.class, () -> new SafeTensorsFormatException(Path.of("w.safetensors"), "a problem"))
                .sample(TensorInfo.class, () -> new TensorInfo("w", DType.F64, new int[] {2}, 0, 16))
                .sample(AtomicFiles.Content.class, () -> out -> { })
                .sample(NpmDigitsToIdx.Summary.class, () -> new NpmDigitsToIdx.Summary(List.of(1), List.of(1), 0.0, 0))
                .sample(ModelDiagram.Layer.class, () -> ModelDiagram.Layer.input(2))
                .sample(SeedLesson.Options.class, SeedLesson.Options::recipe)
                .sample(LessonData.class, () -> LessonData.synthetic(4, 1))
                .sample(ActivationFunction.class, () -> ActivationFunction.RELU)
                .sample(Tensor.class, () -> Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3))
                // the parameters whose null has a documented meaning
                .allowNull("Dense.Builder.name(name)", "null lets the model generate the name (dense, dense_1, ...)")
                .allowNull("LessonData.load(folder)", "null loads the digits bundled with gradbook")
                .allowNull("SeedLesson.Options(backend)", "null: the default backend")
                .allowNull("SeedLesson.Options(data)", "null: the bundled digits")
                .allowNull("SeedLesson.Options(plot)", "null: no training curves drawn")
                .allowNull("SeedLesson.Options(saveWeights)", "null: no weights saved")
                .allowNull("SeedLesson.Options(diagram)", "null: no model diagram drawn")
                .allowNull("ModelDiagram.Layer(activation)", "null is read as \"\", no activation")
                .allowNull("IdxFormatException(cause)", "as in Throwable: null means no known cause")
                // the no-op default hooks of Callback read none of their arguments; the callbacks
                // gradbook ships override them and check theirs
                .skip("Callback.setModel", "a no-op default: it reads none of its arguments")
                .skip("Callback.setParams", "a no-op default: it reads none of its arguments")
                .skip("Callback.onTrainBegin", "a no-op default: it reads none of its arguments")
                .skip("Callback.onTrainEnd", "a no-op default: it reads none of its arguments")
                .skip("Callback.onEpochBegin", "a no-op default: it reads none of its arguments")
                .skip("Callback.onEpochEnd", "a no-op default: it reads none of its arguments")
                .skip("Callback.onBatchBegin", "a no-op default: it reads none of its arguments")
                .skip("Callback.onBatchEnd", "a no-op default: it reads none of its arguments")
                .tests();
    }
}
