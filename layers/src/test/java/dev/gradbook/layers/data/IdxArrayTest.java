package dev.gradbook.layers.data;

import static dev.gradbook.layers.data.Messages.assertMentions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("IdxArray: an immutable n-dimensional array of unsigned bytes")
class IdxArrayTest {

    /** 2 images of 2 × 3 pixels: values 0..11 in row-major order. */
    private static IdxArray twoImages() {
        return IdxArray.of(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 2, 2, 3);
    }

    @Nested
    @DisplayName("indexing is row-major: the last index moves fastest")
    class Indexing {

        @Test
        @DisplayName("get(image, row, col) reads flat position (image × 2 + row) × 3 + col")
        void rowMajor() {
            IdxArray a = twoImages();
            assertEquals(0, a.get(0, 0, 0));
            assertEquals(5, a.get(0, 1, 2));
            assertEquals(6, a.get(1, 0, 0));
            assertEquals(10, a.get(1, 1, 1));
            assertEquals(10, a.getFlat(10));
        }

        @Test
        @DisplayName("shape, rank, dim and size describe the array")
        void shape() {
            IdxArray a = twoImages();
            assertArrayEquals(new int[] {2, 2, 3}, a.shape());
            assertEquals(3, a.rank());
            assertEquals(3, a.dim(2));
            assertEquals(12, a.size());
            assertEquals("2×2×3", a.shapeString());
            assertEquals("IdxArray[uint8 2×2×3]", a.toString());
        }

        @Test
        @DisplayName("bytes above 127 read as 128..255, not as negative numbers")
        void unsigned() {
            IdxArray a = IdxArray.ofUnsignedBytes(new byte[] {(byte) 0xFF, (byte) 0x80}, 2);
            assertEquals(255, a.get(0));
            assertEquals(128, a.get(1));
        }

        @Test
        @DisplayName("an index out of range names the axis, the index and the valid range")
        void outOfRange() {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> twoImages().get(0, 2, 0));
            assertMentions(e.getMessage(), "index 2 on axis 1", "0..1", "2×2×3");
        }

        @Test
        @DisplayName("the wrong number of indices is explained")
        void wrongIndexCount() {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> twoImages().get(0, 1));
            assertMentions(e.getMessage(), "2 indices", "3-dimensional", "one index per dimension");
            assertMentions(assertThrows(IndexOutOfBoundsException.class,
                    () -> twoImages().getFlat(12)).getMessage(), "flat index 12", "0..11");
            assertMentions(assertThrows(IndexOutOfBoundsException.class,
                    () -> twoImages().dim(3)).getMessage(), "axis 3");
        }
    }

    @Nested
    @DisplayName("slicing along the first axis")
    class Slicing {

        @Test
        @DisplayName("slice(1, 2) is the second image alone")
        void slice() {
            IdxArray second = twoImages().slice(1, 2);
            assertArrayEquals(new int[] {1, 2, 3}, second.shape());
            assertEquals(6, second.get(0, 0, 0));
        }

        @Test
        @DisplayName("an empty slice keeps the other dimensions")
        void emptySlice() {
            assertArrayEquals(new int[] {0, 2, 3}, twoImages().slice(1, 1).shape());
        }

        @Test
        @DisplayName("a range outside the array is explained")
        void badRange() {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> twoImages().slice(1, 3));
            assertMentions(e.getMessage(), "[1, 3)", "0 <= from <= to <= 2");
        }
    }

    @Nested
    @DisplayName("it cannot be changed from outside")
    class Immutability {

        @Test
        @DisplayName("changing the input array, or the arrays handed out, changes nothing")
        void defensiveCopies() {
            byte[] data = {1, 2, 3};
            int[] shape = {3};
            IdxArray a = IdxArray.ofUnsignedBytes(data, shape);
            data[0] = 99;
            shape[0] = 1;
            a.toByteArray()[1] = 99;
            a.shape()[0] = 7;
            assertEquals(IdxArray.of(new int[] {1, 2, 3}, 3), a);
        }

        @Test
        @DisplayName("equal shape and values make equal arrays; a different shape does not")
        void equality() {
            IdxArray flat = IdxArray.of(new int[] {1, 2, 3, 4}, 4);
            IdxArray square = IdxArray.of(new int[] {1, 2, 3, 4}, 2, 2);
            assertEquals(flat, IdxArray.of(new int[] {1, 2, 3, 4}, 4));
            assertEquals(flat.hashCode(), IdxArray.of(new int[] {1, 2, 3, 4}, 4).hashCode());
            assertNotEquals(flat, square);
        }
    }

    @Nested
    @DisplayName("construction checks its arguments")
    class Construction {

        @Test
        @DisplayName("shape and data length must agree")
        void lengthMismatch() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> IdxArray.ofUnsignedBytes(new byte[5], 2, 3));
            assertMentions(e.getMessage(), "2×3", "holds 6 values", "5 bytes");
        }

        @Test
        @DisplayName("values must fit in an unsigned byte")
        void valueRange() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> IdxArray.of(new int[] {0, 256}, 2));
            assertMentions(e.getMessage(), "value 256", "flat index 1", "0..255");
        }

        @Test
        @DisplayName("negative sizes, no dimensions, and sizes too big for Java are refused")
        void badShapes() {
            assertMentions(assertThrows(IllegalArgumentException.class,
                    () -> IdxArray.of(new int[0], 2, -1)).getMessage(), "dimension 1", "-1");
            assertMentions(assertThrows(IllegalArgumentException.class,
                    () -> IdxArray.of(new int[1])).getMessage(), "1 to 255 dimensions");
            assertMentions(assertThrows(IllegalArgumentException.class,
                    () -> IdxArray.of(new int[0], 65536, 65536)).getMessage(), "more than");
        }
    }
}
