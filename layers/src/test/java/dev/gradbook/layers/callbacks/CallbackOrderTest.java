package dev.gradbook.layers.callbacks;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.Dense;
import dev.gradbook.layers.FitOptions;
import dev.gradbook.layers.Sequential;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;

@DisplayName("Callbacks are called in Keras' order")
class CallbackOrderTest {

    @Test
    @DisplayName("train begin → (epoch begin → (batch begin → batch end)… → epoch end)… → train end")
    void order() {
        Sequential model = new Sequential(1);
        model.add(new Dense(1, 2));
        model.compile("sgd", "mse");
        Callback callback = mock(Callback.class);
        Tensor x = Tensor.ones(4, 2);
        Tensor y = Tensor.zeros(4, 1);

        model.fit(x, y, new FitOptions().epochs(2).batchSize(2).verbose(0).callbacks(callback));

        InOrder inOrder = inOrder(callback);
        inOrder.verify(callback).setModel(model);
        inOrder.verify(callback).setParams(new TrainingParams(2, 2, 4, 0));
        inOrder.verify(callback).onTrainBegin(anyMap());
        for (int epoch = 0; epoch < 2; epoch++) {
            inOrder.verify(callback).onEpochBegin(eq(epoch), anyMap());
            for (int batch = 0; batch < 2; batch++) {
                inOrder.verify(callback).onBatchBegin(eq(batch), argThat(logs -> logs.get("size") == 2.0));
                inOrder.verify(callback).onBatchEnd(eq(batch), argThat(logs -> logs.containsKey("loss")));
            }
            inOrder.verify(callback).onEpochEnd(eq(epoch), argThat(logs -> logs.containsKey("loss")));
        }
        inOrder.verify(callback).onTrainEnd(any());
        inOrder.verifyNoMoreInteractions();
    }
}
