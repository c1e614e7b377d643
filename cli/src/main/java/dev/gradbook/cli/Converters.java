package dev.gradbook.cli;

import dev.gradbook.autograd.Backends;
import dev.gradbook.autograd.DType;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The option values picocli cannot check by itself. Each converter refuses a bad value with a
 * {@link TypeConversionException}, which picocli reports as {@code Invalid value for option
 * '--epochs': <its message>} and exit status 2: the user learns at once which option was wrong and
 * why, before any work starts.
 */
final class Converters {
    private Converters() {
    }

    /** A count: a whole number of at least 1 ({@code --epochs}, {@code --batch-size}, thread counts). */
    static final class PositiveInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            try {
                int n = Integer.parseInt(text.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below, with the text as given
            }
            throw new TypeConversionException("expects a whole number of at least 1, got '" + text + "'");
        }
    }

    /** A duration or amount: a finite number above 0 ({@code --min-seconds}). */
    static final class PositiveNumber implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            try {
                double value = Double.parseDouble(text.trim());
                if (value > 0 && Double.isFinite(value)) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below, with the text as given
            }
            throw new TypeConversionException("expects a positive number, got '" + text + "'");
        }
    }

    /** {@code f32} or {@code f64} (any case, or {@code float32}/{@code float64}), as {@link DType#parse} reads it. */
    static final class DTypeName implements ITypeConverter<DType> {
        @Override
        public DType convert(String text) {
            try {
                return DType.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * The name of a backend that can run in this JVM. An unknown name, or one whose backend cannot
     * run here (simd without the Vector API), is refused with the registry's message, which lists
     * the available backends.
     */
    static final class BackendName implements ITypeConverter<String> {
        @Override
        public String convert(String name) {
            try {
                Backends.get(name); // creates it now, as the command would a moment later
                return name;
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
