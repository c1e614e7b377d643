package dev.gradbook.autograd;

import dev.gradbook.autograd.TestTensors.Layout;
import dev.gradbook.autograd.TestTensors.Values;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static dev.gradbook.autograd.GradCheck.checkGradients;
import static dev.gradbook.autograd.TestTensors.ANY;
import static dev.gradbook.autograd.TestTensors.AWAY_FROM_BOUNDS;
import static dev.gradbook.autograd.TestTensors.AWAY_FROM_ZERO;
import static dev.gradbook.autograd.TestTensors.DISTINCT;
import static dev.gradbook.autograd.TestTensors.POSITIVE;
import static dev.gradbook.autograd.TestTensors.leaf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Every differentiable tensor operation, checked against central finite differences (see
 * {@link GradCheck}) on seeded random inputs: broadcast pairs, scalars and non-contiguous views
 * (transposed, narrowed, expanded). Each check also asserts that every gradient has its input's
 * shape.
 */
@DisplayName("Gradients agree with central finite differences")
class TensorGradientTest {

    private static SplittableRandom rng(String caseName) {
        return new SplittableRandom(caseName.hashCode());
    }

    private static final int[] MATRIX = {3, 4};
    private static final int[] CUBE = {2, 3, 4};

    @Nested
    @DisplayName("The checker itself")
    class TheChecker {
        @Test
        @DisplayName("accepts the correct gradient of x * x")
        void acceptsACorrectGradient() {
            Tensor x = leaf(Layout.CONTIGUOUS, ANY, rng("square"), 3);
            checkGradients(xs -> xs[0].mul(xs[0]), x);
        }

        @Test
        @DisplayName("rejects a wrong gradient: x * detach(x) claims d/dx = x, the truth is 2x")
        void rejectsAWrongGradient() {
            Tensor x = leaf(Layout.CONTIGUOUS, POSITIVE, rng("wrong"), 3);
            AssertionFailedError e = assertThrows(AssertionFailedError.class,
                    () -> checkGradients(xs -> xs[0].mul(xs[0].detach()), x));
            assertTrue(e.getMessage().contains("finite differences"), e.getMessage());
        }

        @Test
        @DisplayName("rejects an input that receives no gradient at all")
        void rejectsAMissingGradient() {
            Tensor x = leaf(Layout.CONTIGUOUS, ANY, rng("missing-x"), 3);
            Tensor y = leaf(Layout.CONTIGUOUS, ANY, rng("missing-y"), 3);
            assertThrows(AssertionFailedError.class, () -> checkGradients(xs -> xs[0].detach().add(xs[1]), x, y));
        }

        @Test
        @DisplayName("refuses to pass vacuously when every gradient is zero")
        void refusesAFlatFunction() {
            Tensor x = leaf(Layout.CONTIGUOUS, ANY, rng("flat"), 3);
            AssertionFailedError e = assertThrows(AssertionFailedError.class,
                    () -> checkGradients(xs -> xs[0].mul(0), x));
            assertTrue(e.getMessage().contains("zero"), e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------

    private record Unary(String name, Values values, UnaryOperator<Tensor> f) {
    }

    private static final List<Unary> UNARY = List.of(
            new Unary("neg", ANY, Tensor::neg),
            new Unary("exp", ANY, Tensor::exp),
            new Unary("log", POSITIVE, Tensor::log),
            new Unary("sqrt", POSITIVE, Tensor::sqrt),
            new Unary("abs", AWAY_FROM_ZERO, Tensor::abs),
            new Unary("relu", AWAY_FROM_ZERO, Tensor::relu),
            new Unary("sigmoid", ANY, Tensor::sigmoid),
            new Unary("tanh", ANY, Tensor::tanh),
            new Unary("pow(2)", ANY, x -> x.pow(2)),
            new Unary("pow(3)", ANY, x -> x.pow(3)),
            new Unary("pow(0.5)", POSITIVE, x -> x.pow(0.5)),
            new Unary("pow(-1.5)", POSITIVE, x -> x.pow(-1.5)),
            new Unary("clamp(-0.5, 0.5)", AWAY_FROM_BOUNDS, x -> x.clamp(-0.5, 0.5)),
            new Unary("add(2.5)", ANY, x -> x.add(2.5)),
            new Unary("sub(1.5)", ANY, x -> x.sub(1.5)),
            new Unary("mul(-3)", ANY, x -> x.mul(-3)),
            new Unary("div(4)", ANY, x -> x.div(4)));

    @Nested
    @DisplayName("Element-wise functions of one tensor")
    class ElementWiseUnary {
        @TestFactory
        @DisplayName("on matrices in every layout, on a scalar and on a random shape")
        Stream<DynamicTest> unaryOps() {
            List<DynamicTest> tests = new ArrayList<>();
            for (Unary op : UNARY) {
                for (Layout layout : Layout.values()) {
                    String name = op.name + " of a " + layout + " " + Arrays.toString(MATRIX);
                    tests.add(dynamicTest(name, () -> {
                        Tensor x = leaf(layout, op.values, rng(name), MATRIX);
                        checkGradients(xs -> op.f.apply(xs[0]), x);
                    }));
                }
                String scalarName = op.name + " of a 0-d scalar";
                tests.add(dynamicTest(scalarName, () -> {
                    Tensor x = leaf(Layout.CONTIGUOUS, op.values, rng(scalarName), new int[0]);
                    checkGradients(xs -> op.f.apply(xs[0]), x);
                }));
                int[] shape = randomShape(rng(op.name), 1, 4, 1, 3);
                String randomName = op.name + " of a random " + Arrays.toString(shape);
                tests.add(dynamicTest(randomName, () -> {
                    Tensor x = leaf(Layout.CONTIGUOUS, op.values, rng(randomName), shape);
                    checkGradients(xs -> op.f.apply(xs[0]), x);
                }));
            }
            return tests.stream();
        }
    }

    // ------------------------------------------------------------------------------------------

    private record Binary(String name, Values left, Values right, BinaryOperator<Tensor> f) {
    }

    private static final List<Binary> BINARY = List.of(
            new Binary("add", ANY, ANY, Tensor::add),
            new Binary("sub", ANY, ANY, Tensor::sub),
            new Binary("mul", ANY, ANY, Tensor::mul),
            new Binary("div", ANY, AWAY_FROM_ZERO, Tensor::div),
            new Binary("pow", POSITIVE, ANY, Tensor::pow));

    /** Broadcast pairs every binary op is checked on; random compatible pairs are added below. */
    private static final int[][][] BROADCAST_PAIRS = {
            {{3, 4}, {3, 4}},
            {{3, 1}, {4}},
            {{4}, {3, 1}},
            {{2, 3, 4}, {3, 1}},
            {{1, 3}, {2, 1}},
            {{}, {2, 3}},
            {{2, 3}, {}},
            {{}, {}},
    };

    @Nested
    @DisplayName("Element-wise functions of two tensors, with broadcasting")
    class ElementWiseBinary {
        @TestFactory
        @DisplayName("on broadcast pairs, random compatible pairs and non-contiguous operands")
        Stream<DynamicTest> binaryOps() {
            List<DynamicTest> tests = new ArrayList<>();
            for (Binary op : BINARY) {
                List<int[][]> pairs = new ArrayList<>(Arrays.asList(BROADCAST_PAIRS));
                SplittableRandom shapes = rng("pairs " + op.name);
                for (int i = 0; i < 4; i++) {
                    pairs.add(randomBroadcastPair(shapes));
                }
                for (int[][] pair : pairs) {
                    String name = op.name + " " + TestTensors.str(pair);
                    tests.add(dynamicTest(name, () -> {
                        SplittableRandom r = rng(name);
                        Tensor a = leaf(Layout.CONTIGUOUS, op.left, r, pair[0]);
                        Tensor b = leaf(Layout.CONTIGUOUS, op.right, r, pair[1]);
                        checkGradients(xs -> op.f.apply(xs[0], xs[1]), a, b);
                    }));
                }
                Layout[][] layouts = {
                        {Layout.TRANSPOSED, Layout.NARROWED},
                        {Layout.EXPANDED, Layout.TRANSPOSED},
                        {Layout.NARROWED, Layout.EXPANDED},
                };
                for (Layout[] pair : layouts) {
                    String name = op.name + " of " + pair[0] + " " + Arrays.toString(MATRIX) + " and " + pair[1]
                            + " " + Arrays.toString(MATRIX);
                    tests.add(dynamicTest(name, () -> {
                        SplittableRandom r = rng(name);
                        Tensor a = leaf(pair[0], op.left, r, MATRIX);
                        Tensor b = leaf(pair[1], op.right, r, MATRIX);
                        checkGradients(xs -> op.f.apply(xs[0], xs[1]), a, b);
                    }));
                }
                String mixed = op.name + " of a TRANSPOSED [3, 4] and a broadcast NARROWED [1, 4]";
                tests.add(dynamicTest(mixed, () -> {
                    SplittableRandom r = rng(mixed);
                    Tensor a = leaf(Layout.TRANSPOSED, op.left, r, MATRIX);
                    Tensor b = leaf(Layout.NARROWED, op.right, r, 1, 4);
                    checkGradients(xs -> op.f.apply(xs[0], xs[1]), a, b);
                }));
            }
            return tests.stream();
        }

        @Test
        @DisplayName("pow with only the base requiring grad, and with only the exponent")
        void powWithOneSideConstant() {
            SplittableRandom r = rng("pow one side");
            Tensor base = leaf(Layout.CONTIGUOUS, POSITIVE, r, 3, 4);
            Tensor exponent = TestTensors.constant(ANY, r, 4);
            checkGradients(xs -> xs[0].pow(exponent), base);

            Tensor constantBase = TestTensors.constant(POSITIVE, r, 3, 1);
            Tensor exponentLeaf = leaf(Layout.CONTIGUOUS, ANY, r, 4);
            checkGradients(xs -> constantBase.pow(xs[0]), exponentLeaf);
        }

        @Test
        @DisplayName("one tensor on both sides: x * x, x / x + x, x - x^2")
        void sameTensorOnBothSides() {
            Tensor x = leaf(Layout.CONTIGUOUS, POSITIVE, rng("both sides"), 2, 3);
            checkGradients(xs -> xs[0].mul(xs[0]), x);
            checkGradients(xs -> xs[0].div(xs[0]).add(xs[0]), x);
            checkGradients(xs -> xs[0].sub(xs[0].pow(2)), x);
        }
    }

    // ------------------------------------------------------------------------------------------

    private record MatmulCase(int[] left, Layout leftLayout, int[] right, Layout rightLayout) {
        @Override
        public String toString() {
            return Arrays.toString(left) + (leftLayout == Layout.CONTIGUOUS ? "" : " " + leftLayout) + " @ "
                    + Arrays.toString(right) + (rightLayout == Layout.CONTIGUOUS ? "" : " " + rightLayout);
        }
    }

    private static MatmulCase mm(int[] left, int[] right) {
        return new MatmulCase(left, Layout.CONTIGUOUS, right, Layout.CONTIGUOUS);
    }

    @Nested
    @DisplayName("Matrix product")
    class MatrixProduct {
        @TestFactory
        @DisplayName("2-D, 1-D, batched with broadcast batch dims, and non-contiguous operands")
        Stream<DynamicTest> matmul() {
            List<MatmulCase> cases = List.of(
                    mm(new int[] {3, 4}, new int[] {4, 2}),
                    mm(new int[] {1, 4}, new int[] {4, 1}),
                    mm(new int[] {4}, new int[] {4, 2}),
                    mm(new int[] {3, 4}, new int[] {4}),
                    mm(new int[] {4}, new int[] {4}),
                    mm(new int[] {4}, new int[] {2, 4, 3}),
                    mm(new int[] {2, 3, 4}, new int[] {4}),
                    mm(new int[] {2, 3, 4}, new int[] {4, 5}),
                    mm(new int[] {3, 4}, new int[] {2, 4, 5}),
                    mm(new int[] {2, 3, 4}, new int[] {2, 4, 2}),
                    mm(new int[] {2, 1, 3, 4}, new int[] {5, 4, 2}),
                    mm(new int[] {1, 3, 4}, new int[] {2, 4, 2}),
                    new MatmulCase(new int[] {3, 4}, Layout.TRANSPOSED, new int[] {4, 2}, Layout.NARROWED),
                    new MatmulCase(new int[] {3, 4}, Layout.NARROWED, new int[] {4, 2}, Layout.TRANSPOSED),
                    new MatmulCase(new int[] {2, 1, 3, 4}, Layout.EXPANDED, new int[] {5, 4, 2}, Layout.TRANSPOSED),
                    new MatmulCase(new int[] {3, 2, 4}, Layout.EXPANDED, new int[] {4, 3}, Layout.EXPANDED));
            return cases.stream().map(c -> dynamicTest(c.toString(), () -> {
                SplittableRandom r = rng(c.toString());
                Tensor a = leaf(c.leftLayout, ANY, r, c.left);
                Tensor b = leaf(c.rightLayout, ANY, r, c.right);
                checkGradients(xs -> xs[0].matmul(xs[1]), a, b);
            }));
        }
    }

    // ------------------------------------------------------------------------------------------

    private record Reduction(String name, Function<Tensor, Tensor> f) {
    }

    private static List<Reduction> reductions(String op) {
        List<Reduction> list = new ArrayList<>();
        list.add(new Reduction(op + "()", x -> apply(op, x, null, false)));
        for (int dim : new int[] {0, 1, 2, -1, -3}) {
            list.add(new Reduction(op + "(" + dim + ")", x -> apply(op, x, new int[] {dim}, false)));
        }
        int[][] many = {{0, 2}, {-1, -2}, {0, 1, 2}, {1}, {}};
        for (int[] dims : many) {
            for (boolean keep : new boolean[] {true, false}) {
                list.add(new Reduction(op + "(" + Arrays.toString(dims) + ", keepDim=" + keep + ")",
                        x -> apply(op, x, dims, keep)));
            }
        }
        return list;
    }

    private static Tensor apply(String op, Tensor x, int[] dims, boolean keepDim) {
        return switch (op) {
            case "sum" -> dims == null ? x.sum() : x.sum(dims, keepDim);
            case "mean" -> dims == null ? x.mean() : x.mean(dims, keepDim);
            case "max" -> dims == null ? x.max() : x.max(dims, keepDim);
            default -> throw new AssertionError(op);
        };
    }

    @Nested
    @DisplayName("Reductions")
    class Reductions {
        @TestFactory
        @DisplayName("sum, mean and max over one or several dims, negative dims, with and without keepDim")
        Stream<DynamicTest> reductionsOverDims() {
            List<DynamicTest> tests = new ArrayList<>();
            for (String op : List.of("sum", "mean", "max")) {
                // Expanded inputs repeat values, which would make max tie; ties are tested elsewhere.
                List<Layout> layouts = op.equals("max")
                        ? List.of(Layout.CONTIGUOUS, Layout.TRANSPOSED, Layout.NARROWED)
                        : List.of(Layout.values());
                Values values = op.equals("max") ? DISTINCT : ANY;
                for (Reduction reduction : reductions(op)) {
                    for (Layout layout : layouts) {
                        String name = reduction.name + " of a " + layout + " " + Arrays.toString(CUBE);
                        tests.add(dynamicTest(name, () -> {
                            Tensor x = leaf(layout, values, rng(name), CUBE);
                            checkGradients(xs -> reduction.f.apply(xs[0]), x);
                        }));
                    }
                }
            }
            return tests.stream();
        }

        @Test
        @DisplayName("reducing a dim that already has size 1, and a 0-d scalar")
        void degenerateReductions() {
            SplittableRandom r = rng("degenerate");
            Tensor x = leaf(Layout.CONTIGUOUS, DISTINCT, r, 3, 1, 4);
            checkGradients(xs -> xs[0].sum(1), x);
            checkGradients(xs -> xs[0].mean(new int[] {1}, true), x);
            checkGradients(xs -> xs[0].max(new int[] {1, 2}, false), x);
            Tensor s = leaf(Layout.CONTIGUOUS, POSITIVE, r);
            checkGradients(xs -> xs[0].sum(), s);
            checkGradients(xs -> xs[0].mean(), s);
            checkGradients(xs -> xs[0].max(), s);
        }
    }

    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("Softmax and log-softmax")
    class Softmax {
        @TestFactory
        @DisplayName("along every dim, negative dims and non-contiguous inputs")
        Stream<DynamicTest> softmaxes() {
            List<DynamicTest> tests = new ArrayList<>();
            for (String op : List.of("softmax", "logSoftmax")) {
                for (int[] shape : new int[][] {MATRIX, CUBE}) {
                    for (int dim : new int[] {0, 1, -1}) {
                        for (Layout layout : List.of(Layout.CONTIGUOUS, Layout.TRANSPOSED, Layout.NARROWED)) {
                            String name = op + "(" + dim + ") of a " + layout + " " + Arrays.toString(shape);
                            tests.add(dynamicTest(name, () -> {
                                Tensor x = leaf(layout, ANY, rng(name), shape);
                                checkGradients(xs -> op.equals("softmax") ? xs[0].softmax(dim) : xs[0].logSoftmax(dim), x);
                            }));
                        }
                    }
                }
            }
            return tests.stream();
        }
    }

    // ------------------------------------------------------------------------------------------

    private record ViewCase(String name, Layout layout, int[] shape, Function<Tensor, Tensor> f) {
    }

    @Nested
    @DisplayName("Views and copies")
    class ViewsAndCopies {
        @TestFactory
        @DisplayName("reshape, view, transpose, t, permute, expand, narrow, slice, indexSelect, unsqueeze, squeeze, contiguous, copy")
        Stream<DynamicTest> views() {
            Layout c = Layout.CONTIGUOUS;
            Layout tr = Layout.TRANSPOSED;
            Layout nw = Layout.NARROWED;
            List<ViewCase> cases = List.of(
                    new ViewCase("reshape(4, 3)", c, MATRIX, x -> x.reshape(4, 3)),
                    new ViewCase("reshape(-1)", c, MATRIX, x -> x.reshape(-1)),
                    new ViewCase("reshape(2, -1, 2)", c, MATRIX, x -> x.reshape(2, -1, 2)),
                    new ViewCase("reshape(4, 3) (copies)", tr, MATRIX, x -> x.reshape(4, 3)),
                    new ViewCase("reshape(12) (copies)", nw, MATRIX, x -> x.reshape(12)),
                    new ViewCase("reshape() to 0-d", c, new int[] {1, 1}, x -> x.reshape()),
                    new ViewCase("view(2, 6)", c, MATRIX, x -> x.view(2, 6)),
                    new ViewCase("view(-1)", c, CUBE, x -> x.view(-1)),
                    new ViewCase("transpose(0, 1)", c, MATRIX, x -> x.transpose(0, 1)),
                    new ViewCase("transpose(0, 1)", tr, MATRIX, x -> x.transpose(0, 1)),
                    new ViewCase("transpose(-1, -3)", c, CUBE, x -> x.transpose(-1, -3)),
                    new ViewCase("transpose(1, 1)", c, CUBE, x -> x.transpose(1, 1)),
                    new ViewCase("t()", c, MATRIX, Tensor::t),
                    new ViewCase("t()", nw, MATRIX, Tensor::t),
                    new ViewCase("permute(2, 0, 1)", c, CUBE, x -> x.permute(2, 0, 1)),
                    new ViewCase("permute(-1, 0, 1)", tr, CUBE, x -> x.permute(-1, 0, 1)),
                    new ViewCase("expand(2, 3, 4)", c, new int[] {3, 1}, x -> x.expand(2, 3, 4)),
                    new ViewCase("expand(3, 4)", c, new int[] {4}, x -> x.expand(3, 4)),
                    new ViewCase("expand(-1, 5)", c, new int[] {3, 1}, x -> x.expand(-1, 5)),
                    new ViewCase("expand(2, 3)", c, new int[] {}, x -> x.expand(2, 3)),
                    new ViewCase("expand(2, 3, 4)", tr, new int[] {3, 1}, x -> x.expand(2, 3, 4)),
                    new ViewCase("narrow(1, 1, 2)", c, MATRIX, x -> x.narrow(1, 1, 2)),
                    new ViewCase("narrow(-1, 0, 3)", c, CUBE, x -> x.narrow(-1, 0, 3)),
                    new ViewCase("narrow(0, 2, 1)", tr, MATRIX, x -> x.narrow(0, 2, 1)),
                    new ViewCase("slice(0, 1, 3)", c, MATRIX, x -> x.slice(0, 1, 3)),
                    new ViewCase("indexSelect(0, 2, 0, 2) (a repeated row)", c, MATRIX, x -> x.indexSelect(0, 2, 0, 2)),
                    new ViewCase("indexSelect(1, 3, 1)", tr, MATRIX, x -> x.indexSelect(1, 3, 1)),
                    new ViewCase("indexSelect(-1, 0, 0, 3, 2)", nw, CUBE, x -> x.indexSelect(-1, 0, 0, 3, 2)),
                    new ViewCase("slice(-1, 1, 4)", nw, MATRIX, x -> x.slice(-1, 1, 4)),
                    new ViewCase("unsqueeze(0)", c, MATRIX, x -> x.unsqueeze(0)),
                    new ViewCase("unsqueeze(-1)", c, MATRIX, x -> x.unsqueeze(-1)),
                    new ViewCase("unsqueeze(1)", tr, MATRIX, x -> x.unsqueeze(1)),
                    new ViewCase("squeeze(1)", c, new int[] {3, 1, 4}, x -> x.squeeze(1)),
                    new ViewCase("squeeze(-1)", c, new int[] {3, 1}, x -> x.squeeze(-1)),
                    new ViewCase("squeeze(0) to 0-d", c, new int[] {1}, x -> x.squeeze(0)),
                    new ViewCase("contiguous() (copies)", tr, MATRIX, Tensor::contiguous),
                    new ViewCase("contiguous() (already is)", c, MATRIX, Tensor::contiguous),
                    new ViewCase("copy()", c, MATRIX, Tensor::copy),
                    new ViewCase("copy()", nw, MATRIX, Tensor::copy),
                    new ViewCase("a chain of views, then arithmetic", tr, CUBE,
                            x -> x.permute(2, 0, 1).narrow(0, 1, 2).reshape(2, 6).t().mul(x.sum(0).reshape(6, 2))));
            return cases.stream().map(v -> {
                String name = v.name + " of a " + v.layout + " " + Arrays.toString(v.shape);
                return dynamicTest(name, () -> {
                    Tensor x = leaf(v.layout, ANY, rng(name), v.shape);
                    checkGradients(xs -> v.f.apply(xs[0]), x);
                });
            });
        }

        @TestFactory
        @DisplayName("concat: each input gets its own slice of the gradient")
        Stream<DynamicTest> concat() {
            return Stream.of(
                    dynamicTest("concat(0, [2, 3], [1, 3])", () -> {
                        SplittableRandom r = rng("concat 0");
                        checkGradients(xs -> Tensor.concat(0, xs),
                                leaf(Layout.CONTIGUOUS, ANY, r, 2, 3), leaf(Layout.CONTIGUOUS, ANY, r, 1, 3));
                    }),
                    dynamicTest("concat(-1, [2, 3], [2, 1], [2, 2])", () -> {
                        SplittableRandom r = rng("concat -1");
                        checkGradients(xs -> Tensor.concat(-1, xs), leaf(Layout.CONTIGUOUS, ANY, r, 2, 3),
                                leaf(Layout.CONTIGUOUS, ANY, r, 2, 1), leaf(Layout.CONTIGUOUS, ANY, r, 2, 2));
                    }),
                    dynamicTest("concat(1, TRANSPOSED [3, 4], NARROWED [3, 2], EXPANDED [3, 1])", () -> {
                        SplittableRandom r = rng("concat layouts");
                        checkGradients(xs -> Tensor.concat(1, xs), leaf(Layout.TRANSPOSED, ANY, r, 3, 4),
                                leaf(Layout.NARROWED, ANY, r, 3, 2), leaf(Layout.EXPANDED, ANY, r, 3, 1));
                    }),
                    dynamicTest("concat(0, x, x): one tensor twice", () -> {
                        Tensor x = leaf(Layout.CONTIGUOUS, ANY, rng("concat twice"), 2, 2);
                        checkGradients(xs -> Tensor.concat(0, xs[0], xs[0]), x);
                    }));
        }
    }

    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("Compositions")
    class Compositions {
        @Test
        @DisplayName("a two-layer perceptron's mean log-likelihood, with respect to every parameter")
        void twoLayerPerceptron() {
            SplittableRandom r = rng("mlp");
            Tensor x = TestTensors.constant(ANY, r, 4, 3);
            Tensor w1 = leaf(Layout.CONTIGUOUS, ANY, r, 3, 5);
            Tensor b1 = leaf(Layout.CONTIGUOUS, ANY, r, 5);
            Tensor w2 = leaf(Layout.CONTIGUOUS, ANY, r, 5, 2);
            checkGradients(ps -> x.matmul(ps[0]).add(ps[1]).tanh().matmul(ps[2]).logSoftmax(-1).mean(), w1, b1, w2);
        }

        @Test
        @DisplayName("an intermediate result used several times")
        void reusedIntermediate() {
            Tensor x = leaf(Layout.CONTIGUOUS, ANY, rng("reuse"), 2, 3);
            checkGradients(xs -> {
                Tensor y = xs[0].exp();
                return y.mul(y).add(y.sum(0)).sub(y.t().matmul(y).sum());
            }, x);
        }
    }

    // ------------------------------------------------------------------------------------------

    /** A random shape with rank in [minRank, maxRank] and sizes in [minSize, maxSize]. */
    static int[] randomShape(SplittableRandom r, int minRank, int maxRank, int minSize, int maxSize) {
        int[] shape = new int[r.nextInt(minRank, maxRank + 1)];
        for (int d = 0; d < shape.length; d++) {
            shape[d] = r.nextInt(minSize, maxSize + 1);
        }
        return shape;
    }

    /** Two random shapes that broadcast: the second is a suffix of the first with some sizes set to 1. */
    static int[][] randomBroadcastPair(SplittableRandom r) {
        int[] a = randomShape(r, 0, 3, 1, 3);
        int[] b = Arrays.copyOfRange(a, r.nextInt(a.length + 1), a.length);
        for (int d = 0; d < b.length; d++) {
            if (r.nextInt(3) == 0) {
                b[d] = 1;
            }
        }
        return r.nextBoolean() ? new int[][] {a, b} : new int[][] {b, a};
    }
}
