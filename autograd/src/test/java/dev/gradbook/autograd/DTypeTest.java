package dev.gradbook.autograd;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("DType: element types and how users spell them")
class DTypeTest {

    @Test
    @DisplayName("parse accepts f32/F32/float32 and f64/F64/float64")
    void parses() {
        for (String text : new String[] {"f32", "F32", " float32 "}) {
            assertEquals(DType.F32, DType.parse(text), text);
        }
        for (String text : new String[] {"f64", "F64", "float64"}) {
            assertEquals(DType.F64, DType.parse(text), text);
        }
        assertEquals(4, DType.F32.bytes());
        assertEquals(8, DType.F64.bytes());
    }

    @Test
    @DisplayName("anything else is refused with the spellings that work")
    void refuses() {
        String message = assertThrows(IllegalArgumentException.class, () -> DType.parse("f16")).getMessage();
        assertTrue(message.contains("unknown dtype 'f16'") && message.contains("use f32 or f64"), message);
    }
}
