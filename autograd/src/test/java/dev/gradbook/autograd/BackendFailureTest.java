package dev.gradbook.autograd;

import dev.gradbook.autograd.spi.BackendProvider;
import dev.gradbook.autograd.spi.BinaryOp;
import dev.gradbook.autograd.spi.DoubleStorage;
import dev.gradbook.autograd.spi.TensorBackend;
import dev.gradbook.autograd.spi.UpdateRule;
import dev.gradbook.autograd.spi.View;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

@DisplayName("A backend that fails is reported by name, primitive and shapes")
class BackendFailureTest {
    private BackendRegistry previous;
    private TensorBackend student;

    @BeforeEach
    void installBrokenStudentBackend() {
        student = mock(TensorBackend.class);
        when(student.name()).thenReturn("student");
        when(student.allocate(any(), anyInt())).thenAnswer(call -> new DoubleStorage(new double[call.<Integer>getArgument(1)]));
        doThrow(new ArrayIndexOutOfBoundsException("Index 6 out of bounds for length 6"))
                .when(student).zip(eq(BinaryOp.ADD), any(View.class), any(View.class), any(View.class));
        BackendProvider provider = mock(BackendProvider.class);
        when(provider.name()).thenReturn("student");
        when(provider.isAvailable()).thenReturn(true);
        when(provider.create()).thenReturn(student);
        previous = Backends.install(new BackendRegistry(List.of(provider), key -> null, key -> null));
    }

    @AfterEach
    void restore() {
        Backends.install(previous);
    }

    @Test
    @DisplayName("an exception inside zip becomes an IllegalStateException naming 'student', zip(ADD) and the shapes")
    void failureIsNamed() {
        Tensor a = Tensor.zeros(2, 3);
        Tensor b = Tensor.zeros(3);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.add(b));
        assertTrue(e.getMessage().startsWith("backend 'student' failed in zip(ADD) on [2, 3] F64"), e.getMessage());
        assertTrue(e.getMessage().contains("(strides [0, 1])"), "the broadcast operand shows its strides: " + e.getMessage());
        assertInstanceOf(ArrayIndexOutOfBoundsException.class, e.getCause(), "the original error stays attached");
        verify(student).zip(eq(BinaryOp.ADD), any(View.class), any(View.class), any(View.class));
    }

    @Test
    @DisplayName("an optimizer update that fails is reported with the rule and every operand's shape")
    void updateFailureIsNamed() {
        doThrow(new ArrayIndexOutOfBoundsException("Index 4 out of bounds for length 4"))
                .when(student).update(eq(UpdateRule.RMSPROP), any(double[].class), any(View.class), any(View.class),
                        any(View[].class));
        Tensor w = Tensor.zeros(4);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> w.applyUpdate(UpdateRule.RMSPROP, new double[] {0.1, 0.9, 1e-7}, Tensor.zeros(4), w.zerosLike()));
        assertTrue(e.getMessage().startsWith("backend 'student' failed in update(RMSPROP) on [4] F64, [4] F64, [4] F64"),
                e.getMessage());
        assertInstanceOf(ArrayIndexOutOfBoundsException.class, e.getCause());
    }

    @Test
    @DisplayName("the wrapper is transparent: the name and the working primitives are the backend's own")
    void transparent() {
        TensorBackend registered = Backends.get("student");
        assertInstanceOf(ReportingBackend.class, registered);
        assertSame(student, ((ReportingBackend) registered).delegate());
        assertEquals("student", registered.name());
        Tensor.zeros(2).mul(Tensor.zeros(2));
        verify(student).zip(eq(BinaryOp.MUL), any(View.class), any(View.class), any(View.class));
    }
}
