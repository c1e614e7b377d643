package dev.gradbook.autograd;

import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks the Scalar engine against an independent oracle: Apache Commons Math's
 * {@link DerivativeStructure}, which carries exact first derivatives forward through every
 * operation (forward-mode automatic differentiation). Two different algorithms, forward and
 * reverse, must agree to within rounding.
 */
@DisplayName("Scalar agrees with forward-mode differentiation (Commons Math DerivativeStructure)")
class ScalarOracleTest {

    /**
     * Relative tolerance; below magnitude {@link #FLOOR} it turns into an absolute one (1e-15).
     * That floor matters where terms cancel: in {@code x/c - x/c} the true derivative is 0, one
     * side may compute exactly 0 and the other a rounding-sized 6e-18, and both are right.
     * (Measured: apart from such cancellations the worst disagreement in all these checks is
     * about 3e-14 relative, so 1e-12 leaves room.)
     */
    static final double TOLERANCE = 1e-12;
    static final double FLOOR = 1e-3;

    static void assertClose(double expected, double actual, String what) {
        double scale = Math.max(FLOOR, Math.max(Math.abs(expected), Math.abs(actual)));
        if (!(Math.abs(expected - actual) <= TOLERANCE * scale)) {
            fail(what + ": expected " + expected + " but Scalar gave " + actual
                    + " (relative error " + Math.abs(expected - actual) / scale + ")");
        }
    }

    static DerivativeStructure sigmoid(DerivativeStructure x) {
        // The same two exact forms the engine uses, so neither side overflows.
        return x.getValue() >= 0
                ? x.negate().exp().add(1).reciprocal()
                : x.exp().divide(x.exp().add(1));
    }

    static DerivativeStructure tanh(DerivativeStructure x) {
        if (Math.abs(x.getValue()) <= 1) {
            return x.tanh();
        }
        // Commons Math differentiates tanh as 1 - tanh², which loses its digits where tanh is near
        // ±1. Away from 0, the exact identity tanh(x) = (1 - e^-2x) / (1 + e^-2x) (for x > 0;
        // tanh is odd) has a derivative made only of additions of positive terms: no cancellation.
        DerivativeStructure positive = x.getValue() > 0 ? x : x.negate();
        DerivativeStructure u = positive.multiply(-2).exp();
        DerivativeStructure result = u.negate().add(1).divide(u.add(1));
        return x.getValue() > 0 ? result : result.negate();
    }

    static DerivativeStructure relu(DerivativeStructure x) {
        return x.getValue() > 0 ? x : x.multiply(0.0);
    }

    @Nested
    @DisplayName("each operation, value and derivative")
    class EachOperation {

        static final Map<String, Function<Scalar, Scalar>> UNARY_SCALAR = Map.ofEntries(
                Map.entry("neg", Scalar::neg),
                Map.entry("exp", Scalar::exp),
                Map.entry("log", Scalar::log),
                Map.entry("tanh", Scalar::tanh),
                Map.entry("sigmoid", Scalar::sigmoid),
                Map.entry("relu", Scalar::relu));
        static final Map<String, Function<DerivativeStructure, DerivativeStructure>> UNARY_ORACLE = Map.ofEntries(
                Map.entry("neg", DerivativeStructure::negate),
                Map.entry("exp", DerivativeStructure::exp),
                Map.entry("log", DerivativeStructure::log),
                Map.entry("tanh", ScalarOracleTest::tanh),
                Map.entry("sigmoid", ScalarOracleTest::sigmoid),
                Map.entry("relu", ScalarOracleTest::relu));

        static Stream<Arguments> unaryCases() {
            double[] anywhere = {-30, -7.5, -2, -1, -0.3, -1e-6, 1e-6, 0.25, 0.5, 1, 2.5, 7.5, 30};
            double[] positive = {1e-8, 1e-3, 0.1, 0.5, 1, 2, 10, 1e3, 1e8};
            Stream.Builder<Arguments> cases = Stream.builder();
            for (String op : List.of("neg", "exp", "tanh", "sigmoid", "relu")) {
                for (double x : anywhere) {
                    cases.add(Arguments.of(op, x));
                }
            }
            for (double x : positive) {
                cases.add(Arguments.of("log", x));
            }
            return cases.build();
        }

        @ParameterizedTest(name = "{0}({1})")
        @MethodSource("unaryCases")
        @DisplayName("unary operations")
        void unary(String op, double x) {
            Scalar input = Scalar.of(x);
            Scalar output = UNARY_SCALAR.get(op).apply(input);
            output.backward();
            DerivativeStructure oracle = UNARY_ORACLE.get(op).apply(new DerivativeStructure(1, 1, 0, x));

            assertClose(oracle.getValue(), output.value(), op + " value");
            assertClose(oracle.getPartialDerivative(1), input.grad(), op + " derivative");
        }

        static Stream<Arguments> powCases() {
            Stream.Builder<Arguments> cases = Stream.builder();
            for (double base : new double[] {1e-3, 0.2, 1, 1.7, 9, 250}) {
                for (double exponent : new double[] {-2.5, -1, -0.5, 0, 1.0 / 3, 0.5, 1, 2, 3.7}) {
                    cases.add(Arguments.of(base, exponent));
                }
            }
            for (double base : new double[] {-3.5, -1, -0.25}) { // integer exponents only
                for (double exponent : new double[] {0, 1, 2, 3, 4}) {
                    cases.add(Arguments.of(base, exponent));
                }
            }
            // Base 0: the oracle computes 0^0's slope as 0 * 0^-1 = NaN, so ScalarTest checks
            // that case by hand.
            for (double exponent : new double[] {1, 2, 3}) {
                cases.add(Arguments.of(0.0, exponent));
            }
            cases.add(Arguments.of(-3.5, -3.0));
            return cases.build();
        }

        @ParameterizedTest(name = "({0}) ^ {1}")
        @MethodSource("powCases")
        @DisplayName("pow with a constant exponent")
        void pow(double base, double exponent) {
            Scalar input = Scalar.of(base);
            Scalar output = input.pow(exponent);
            output.backward();
            DerivativeStructure oracle = new DerivativeStructure(1, 1, 0, base).pow(exponent);

            assertClose(oracle.getValue(), output.value(), "pow value");
            assertClose(oracle.getPartialDerivative(1), input.grad(), "pow derivative");
        }

        static final Map<String, BiFunction<Scalar, Scalar, Scalar>> BINARY_SCALAR = Map.of(
                "add", Scalar::add, "sub", Scalar::sub, "mul", Scalar::mul, "div", Scalar::div);
        static final Map<String, BiFunction<DerivativeStructure, DerivativeStructure, DerivativeStructure>>
                BINARY_ORACLE = Map.of(
                "add", DerivativeStructure::add, "sub", DerivativeStructure::subtract,
                "mul", DerivativeStructure::multiply, "div", DerivativeStructure::divide);
        static final Map<String, BiFunction<Scalar, Double, Scalar>> CONSTANT_SCALAR = Map.of(
                "add", Scalar::add, "sub", Scalar::sub, "mul", Scalar::mul, "div", Scalar::div);
        static final Map<String, BiFunction<DerivativeStructure, Double, DerivativeStructure>>
                CONSTANT_ORACLE = Map.of(
                "add", DerivativeStructure::add, "sub", DerivativeStructure::subtract,
                "mul", DerivativeStructure::multiply, "div", DerivativeStructure::divide);

        static Stream<Arguments> binaryCases() {
            double[] values = {-12.5, -1, -0.01, 0.3, 1, 4, 1e4};
            Stream.Builder<Arguments> cases = Stream.builder();
            for (String op : List.of("add", "sub", "mul", "div")) {
                for (double a : values) {
                    for (double b : values) {
                        cases.add(Arguments.of(op, a, b));
                    }
                }
            }
            return cases.build();
        }

        @ParameterizedTest(name = "{0}({1}, {2})")
        @MethodSource("binaryCases")
        @DisplayName("binary operations on two Scalars")
        void binary(String op, double a, double b) {
            Scalar left = Scalar.of(a);
            Scalar right = Scalar.of(b);
            Scalar output = BINARY_SCALAR.get(op).apply(left, right);
            output.backward();
            DerivativeStructure oracle = BINARY_ORACLE.get(op).apply(
                    new DerivativeStructure(2, 1, 0, a), new DerivativeStructure(2, 1, 1, b));

            assertClose(oracle.getValue(), output.value(), op + " value");
            assertClose(oracle.getPartialDerivative(1, 0), left.grad(), op + " derivative by the left operand");
            assertClose(oracle.getPartialDerivative(0, 1), right.grad(), op + " derivative by the right operand");
        }

        @ParameterizedTest(name = "{0}({1}, constant {2})")
        @MethodSource("binaryCases")
        @DisplayName("binary operations with a plain double constant")
        void withConstant(String op, double a, double c) {
            Scalar left = Scalar.of(a);
            Scalar output = CONSTANT_SCALAR.get(op).apply(left, c);
            output.backward();
            DerivativeStructure oracle = CONSTANT_ORACLE.get(op).apply(new DerivativeStructure(1, 1, 0, a), c);

            assertClose(oracle.getValue(), output.value(), op + " value");
            assertClose(oracle.getPartialDerivative(1), left.grad(), op + " derivative");
        }
    }

    @Nested
    @DisplayName("each operation adds to (never overwrites) the gradient of an input used elsewhere too")
    class EachOperationAccumulates {

        static Stream<Arguments> operations() {
            return Stream.of("neg", "exp", "log", "tanh", "sigmoid", "relu", "pow", "add", "sub", "mul", "div")
                    .map(Arguments::of);
        }

        /** The operation applied to x (and, for two-operand ones, to x and 2x). */
        static Scalar apply(String op, Scalar x) {
            if (EachOperation.UNARY_SCALAR.containsKey(op)) {
                return EachOperation.UNARY_SCALAR.get(op).apply(x);
            }
            return op.equals("pow") ? x.pow(2.5) : EachOperation.BINARY_SCALAR.get(op).apply(x, x.mul(2));
        }

        static DerivativeStructure apply(String op, DerivativeStructure x) {
            if (EachOperation.UNARY_ORACLE.containsKey(op)) {
                return EachOperation.UNARY_ORACLE.get(op).apply(x);
            }
            return op.equals("pow") ? x.pow(2.5) : EachOperation.BINARY_ORACLE.get(op).apply(x, x.multiply(2));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("operations")
        @DisplayName("x feeds the operation and also 3x, in either order")
        void sharedInput(String op) {
            double at = 0.7;
            DerivativeStructure dx = new DerivativeStructure(1, 1, 0, at);
            double expected = apply(op, dx).add(dx.multiply(3)).getPartialDerivative(1);

            // Backpropagation visits the two consumers of x in opposite orders in these two
            // graphs, so an operation that wrote '=' instead of '+=' fails one of them.
            Scalar x = Scalar.of(at);
            apply(op, x).add(x.mul(3)).backward();
            assertClose(expected, x.grad(), op + " first, then 3x");

            Scalar y = Scalar.of(at);
            y.mul(3).add(apply(op, y)).backward();
            assertClose(expected, y.grad(), "3x first, then " + op);
        }
    }

    @Nested
    @DisplayName("random expression trees (reproducible: tree n is built from seed n)")
    class RandomExpressionTrees {

        static final int TREES = 300;

        static IntStream seeds() {
            return IntStream.range(0, TREES);
        }

        @ParameterizedTest(name = "tree {0}")
        @MethodSource("seeds")
        @DisplayName("every variable's gradient matches the oracle to 1e-12")
        void gradientsMatch(int seed) {
            GeneratedTree tree = GeneratedTree.generate(seed);

            Scalar[] variables = new Scalar[tree.values.length];
            DerivativeStructure[] oracleVariables = new DerivativeStructure[tree.values.length];
            for (int i = 0; i < variables.length; i++) {
                variables[i] = Scalar.of(tree.values[i]);
                oracleVariables[i] = new DerivativeStructure(variables.length, 1, i, tree.values[i]);
            }
            Scalar output = evaluate(tree.root, variables, new IdentityHashMap<>());
            output.backward();
            DerivativeStructure oracle = evaluate(tree.root, oracleVariables, new IdentityHashMap<>());

            String where = "tree " + seed + " = " + tree.root + " at " + java.util.Arrays.toString(tree.values);
            assertClose(oracle.getValue(), output.value(), "value of " + where);
            for (int i = 0; i < variables.length; i++) {
                int[] orders = new int[variables.length];
                orders[i] = 1;
                assertClose(oracle.getPartialDerivative(orders), variables[i].grad(),
                        "d/dx" + i + " of " + where);
            }
        }

        @Test
        @DisplayName("the trees use every operation, reuse variables and share subexpressions")
        void treesCoverEveryOperation() {
            Map<Kind, Integer> uses = new EnumMap<>(Kind.class);
            int treesReusingAVariable = 0;
            int treesSharingASubexpression = 0;
            for (int seed = 0; seed < TREES; seed++) {
                Census census = new Census();
                census.visit(GeneratedTree.generate(seed).root);
                census.uses.forEach((kind, n) -> uses.merge(kind, n, Integer::sum));
                if (census.variableUses.values().stream().anyMatch(n -> n > 1)) {
                    treesReusingAVariable++;
                }
                if (census.sharedNodes > 0) {
                    treesSharingASubexpression++;
                }
            }
            for (Kind kind : Kind.values()) {
                assertTrue(uses.getOrDefault(kind, 0) >= 20, kind + " used only " + uses.get(kind) + " times");
            }
            assertTrue(treesReusingAVariable >= TREES / 2, "only " + treesReusingAVariable + " trees reuse a variable");
            assertTrue(treesSharingASubexpression >= 20, "only " + treesSharingASubexpression + " trees share a node");
        }
    }

    // ------------------------------------------------------------------ the expression language

    /** Every kind of node a generated tree can hold; one constant per Scalar method. */
    enum Kind { VARIABLE, CONSTANT, ADD, SUB, MUL, DIV, ADD_CONST, SUB_CONST, MUL_CONST, DIV_CONST,
        NEG, POW, EXP, LOG, TANH, SIGMOID, RELU }

    /**
     * One node of a generated expression. {@code variable} is used by VARIABLE, {@code number} by
     * CONSTANT (its value), the *_CONST kinds (the constant) and POW (the exponent).
     */
    record Expr(Kind kind, Expr left, Expr right, int variable, double number) {
        static Expr variable(int index) {
            return new Expr(Kind.VARIABLE, null, null, index, 0);
        }

        static Expr constant(double value) {
            return new Expr(Kind.CONSTANT, null, null, 0, value);
        }

        static Expr unary(Kind kind, Expr operand) {
            return new Expr(kind, operand, null, 0, 0);
        }

        static Expr binary(Kind kind, Expr left, Expr right) {
            return new Expr(kind, left, right, 0, 0);
        }

        static Expr withNumber(Kind kind, Expr operand, double number) {
            return new Expr(kind, operand, null, 0, number);
        }

        @Override
        public String toString() {
            return switch (kind) {
                case VARIABLE -> "x" + variable;
                case CONSTANT -> Double.toString(number);
                case ADD -> "(" + left + " + " + right + ")";
                case SUB -> "(" + left + " - " + right + ")";
                case MUL -> "(" + left + " * " + right + ")";
                case DIV -> "(" + left + " / " + right + ")";
                case ADD_CONST -> "(" + left + " + " + number + ")";
                case SUB_CONST -> "(" + left + " - " + number + ")";
                case MUL_CONST -> "(" + left + " * " + number + ")";
                case DIV_CONST -> "(" + left + " / " + number + ")";
                case POW -> "(" + left + ")^" + number;
                default -> kind.name().toLowerCase(java.util.Locale.ROOT) + "(" + left + ")";
            };
        }
    }

    /** A generated expression plus the point to evaluate it at. */
    record GeneratedTree(Expr root, double[] values) {

        /** Values beyond this are rejected, to keep rounding errors (and overflow) out of the check. */
        static final double LIMIT = 1e6;

        /**
         * Draws trees from {@code new Random(seed)} until one uses at least one variable and stays
         * within {@link #LIMIT} everywhere (values and gradients; a few percent of draws do not);
         * the draw sequence makes the result reproducible.
         */
        static GeneratedTree generate(long seed) {
            Random random = new Random(seed);
            while (true) {
                int variables = 2 + random.nextInt(3);
                double[] values = new double[variables];
                for (int i = 0; i < variables; i++) {
                    values[i] = round(random.nextDouble() * 4 - 2);
                }
                Generator generator = new Generator(random, variables);
                Expr root = generator.expression(3 + random.nextInt(4));
                Census census = new Census();
                census.visit(root);
                if (!census.variableUses.isEmpty() && staysModerate(root, values)) {
                    return new GeneratedTree(root, values);
                }
            }
        }

        private static boolean staysModerate(Expr root, double[] values) {
            Scalar[] variables = new Scalar[values.length];
            for (int i = 0; i < values.length; i++) {
                variables[i] = Scalar.of(values[i]);
            }
            Map<Expr, Scalar> memo = new IdentityHashMap<>();
            Scalar output;
            try {
                output = evaluate(root, variables, memo);
            } catch (IllegalArgumentException outsideTheDomain) { // e.g. a division by an exact 0
                return false;
            }
            output.backward();
            for (Scalar node : TopologicalOrder.of(output, Scalar::parents)) {
                if (!(Math.abs(node.value()) < LIMIT && Math.abs(node.grad()) < LIMIT)) {
                    return false;
                }
            }
            return true;
        }

        /** Two decimals make failing cases easy to retype. */
        private static double round(double x) {
            return Math.round(x * 100) / 100.0;
        }
    }

    /**
     * Builds random trees that stay inside every operation's domain by construction: log, pow with
     * a fractional exponent and the divisor of div only ever see an expression that is positive,
     * such as {@code exp(e)}, {@code sigmoid(e)} or {@code e^2 + 0.5}.
     */
    static final class Generator {
        private static final Kind[] TWO_OPERANDS = {Kind.ADD, Kind.SUB, Kind.MUL, Kind.DIV};
        private static final Kind[] ONE_OPERAND = {Kind.ADD_CONST, Kind.SUB_CONST, Kind.MUL_CONST,
            Kind.DIV_CONST, Kind.NEG, Kind.POW, Kind.EXP, Kind.LOG, Kind.TANH, Kind.SIGMOID, Kind.RELU};

        private final Random random;
        private final int variables;
        private final List<Expr> madeSoFar = new ArrayList<>();

        Generator(Random random, int variables) {
            this.random = random;
            this.variables = variables;
        }

        /** A random expression with up to {@code depth} levels of operations above its leaves. */
        Expr expression(int depth) {
            if (depth <= 0) {
                return random.nextInt(5) == 0
                        ? Expr.constant(GeneratedTree.round(random.nextDouble() * 6 - 3))
                        : Expr.variable(random.nextInt(variables));
            }
            // Now and then reuse a subexpression already built, so one node feeds two places.
            if (!madeSoFar.isEmpty() && random.nextInt(8) == 0) {
                return madeSoFar.get(random.nextInt(madeSoFar.size()));
            }
            Expr made = fresh(depth - 1);
            madeSoFar.add(made);
            return made;
        }

        private Expr fresh(int childDepth) {
            // Half the nodes combine two subexpressions, so the trees branch (and variables recur).
            Kind kind = random.nextBoolean()
                    ? TWO_OPERANDS[random.nextInt(TWO_OPERANDS.length)]
                    : ONE_OPERAND[random.nextInt(ONE_OPERAND.length)];
            return switch (kind) {
                case ADD, SUB, MUL -> Expr.binary(kind, expression(childDepth), expression(childDepth));
                case DIV -> Expr.binary(kind, expression(childDepth), positive(childDepth));
                case ADD_CONST, SUB_CONST, MUL_CONST -> Expr.withNumber(kind, expression(childDepth), someConstant());
                case DIV_CONST -> Expr.withNumber(kind, expression(childDepth), nonZeroConstant());
                case POW -> random.nextBoolean()
                        ? Expr.withNumber(kind, expression(childDepth), 1 + random.nextInt(3)) // any base
                        : Expr.withNumber(kind, positive(childDepth),
                                new double[] {-1.5, -1, -0.5, 1.0 / 3, 0.5, 1.5, 2.5}[random.nextInt(7)]);
                case LOG -> Expr.unary(kind, positive(childDepth));
                case NEG, EXP, TANH, SIGMOID, RELU -> Expr.unary(kind, expression(childDepth));
                case VARIABLE, CONSTANT -> throw new AssertionError("leaves are made in expression()");
            };
        }

        /** An expression that is positive whatever its inner part evaluates to. */
        private Expr positive(int depth) {
            Expr inner = expression(Math.max(0, depth - 1));
            Expr made = switch (random.nextInt(4)) {
                case 0 -> Expr.unary(Kind.EXP, inner);
                case 1 -> Expr.unary(Kind.SIGMOID, inner);
                case 2 -> Expr.withNumber(Kind.ADD_CONST, Expr.withNumber(Kind.POW, inner, 2), 0.5);
                default -> Expr.withNumber(Kind.ADD_CONST, Expr.unary(Kind.RELU, inner), 0.25);
            };
            madeSoFar.add(made); // positive, so sharing it (say as divisor and log input) is safe
            return made;
        }

        private double someConstant() {
            return GeneratedTree.round(random.nextDouble() * 6 - 3);
        }

        private double nonZeroConstant() {
            double c = someConstant();
            return c == 0 ? 1.5 : c;
        }
    }

    /** Counts what a tree contains, for the coverage test. */
    static final class Census {
        final Map<Kind, Integer> uses = new EnumMap<>(Kind.class);
        final Map<Integer, Integer> variableUses = new java.util.HashMap<>();
        final Map<Expr, Boolean> seen = new IdentityHashMap<>();
        int sharedNodes;

        void visit(Expr e) {
            if (e == null) {
                return;
            }
            if (seen.put(e, Boolean.TRUE) != null && e.kind() != Kind.VARIABLE && e.kind() != Kind.CONSTANT) {
                sharedNodes++;
                return;
            }
            uses.merge(e.kind(), 1, Integer::sum);
            if (e.kind() == Kind.VARIABLE) {
                variableUses.merge(e.variable(), 1, Integer::sum);
            }
            visit(e.left());
            visit(e.right());
        }
    }

    // ------------------------------------------------------------------ two interpreters

    /** Evaluates with Scalars; a subexpression object met twice becomes one shared Scalar node. */
    static Scalar evaluate(Expr e, Scalar[] variables, Map<Expr, Scalar> memo) {
        Scalar known = memo.get(e);
        if (known != null) {
            return known;
        }
        Scalar result = switch (e.kind()) {
            case VARIABLE -> variables[e.variable()];
            case CONSTANT -> Scalar.of(e.number());
            case ADD -> evaluate(e.left(), variables, memo).add(evaluate(e.right(), variables, memo));
            case SUB -> evaluate(e.left(), variables, memo).sub(evaluate(e.right(), variables, memo));
            case MUL -> evaluate(e.left(), variables, memo).mul(evaluate(e.right(), variables, memo));
            case DIV -> evaluate(e.left(), variables, memo).div(evaluate(e.right(), variables, memo));
            case ADD_CONST -> evaluate(e.left(), variables, memo).add(e.number());
            case SUB_CONST -> evaluate(e.left(), variables, memo).sub(e.number());
            case MUL_CONST -> evaluate(e.left(), variables, memo).mul(e.number());
            case DIV_CONST -> evaluate(e.left(), variables, memo).div(e.number());
            case NEG -> evaluate(e.left(), variables, memo).neg();
            case POW -> evaluate(e.left(), variables, memo).pow(e.number());
            case EXP -> evaluate(e.left(), variables, memo).exp();
            case LOG -> evaluate(e.left(), variables, memo).log();
            case TANH -> evaluate(e.left(), variables, memo).tanh();
            case SIGMOID -> evaluate(e.left(), variables, memo).sigmoid();
            case RELU -> evaluate(e.left(), variables, memo).relu();
        };
        memo.put(e, result);
        return result;
    }

    /** Evaluates with the oracle, following exactly the same tree. */
    static DerivativeStructure evaluate(Expr e, DerivativeStructure[] variables,
                                        Map<Expr, DerivativeStructure> memo) {
        DerivativeStructure known = memo.get(e);
        if (known != null) {
            return known;
        }
        int n = variables[0].getFreeParameters();
        DerivativeStructure result = switch (e.kind()) {
            case VARIABLE -> variables[e.variable()];
            case CONSTANT -> new DerivativeStructure(n, 1, e.number());
            case ADD -> evaluate(e.left(), variables, memo).add(evaluate(e.right(), variables, memo));
            case SUB -> evaluate(e.left(), variables, memo).subtract(evaluate(e.right(), variables, memo));
            case MUL -> evaluate(e.left(), variables, memo).multiply(evaluate(e.right(), variables, memo));
            case DIV -> evaluate(e.left(), variables, memo).divide(evaluate(e.right(), variables, memo));
            case ADD_CONST -> evaluate(e.left(), variables, memo).add(e.number());
            case SUB_CONST -> evaluate(e.left(), variables, memo).subtract(e.number());
            case MUL_CONST -> evaluate(e.left(), variables, memo).multiply(e.number());
            case DIV_CONST -> evaluate(e.left(), variables, memo).divide(e.number());
            case NEG -> evaluate(e.left(), variables, memo).negate();
            case POW -> evaluate(e.left(), variables, memo).pow(e.number());
            case EXP -> evaluate(e.left(), variables, memo).exp();
            case LOG -> evaluate(e.left(), variables, memo).log();
            case TANH -> tanh(evaluate(e.left(), variables, memo));
            case SIGMOID -> sigmoid(evaluate(e.left(), variables, memo));
            case RELU -> relu(evaluate(e.left(), variables, memo));
        };
        memo.put(e, result);
        return result;
    }
}
