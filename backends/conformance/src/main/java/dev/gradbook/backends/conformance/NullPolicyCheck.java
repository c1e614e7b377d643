package dev.gradbook.backends.conformance;

import dev.gradbook.autograd.BackendRegistry;
import dev.gradbook.autograd.Backends;
import dev.gradbook.autograd.DotGraph;
import dev.gradbook.autograd.ReportingBackend;
import dev.gradbook.autograd.Scalar;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.autograd.spi.BackendProvider;
import dev.gradbook.autograd.spi.DoubleStorage;
import dev.gradbook.autograd.spi.FloatStorage;
import dev.gradbook.autograd.spi.Storage;
import dev.gradbook.autograd.spi.TensorBackend;
import dev.gradbook.autograd.spi.View;
import dev.gradbook.backends.naive.NaiveBackend;
import dev.gradbook.backends.naive.NaiveBackendProvider;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.jar.JarFile;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks gradbook's null policy over a whole public API by reflection: every public constructor
 * and method of every public class in a package tree is called with {@code null} in one
 * reference-typed parameter (and ordinary sample values everywhere else), and must throw a
 * {@link NullPointerException} whose message names the method and the parameter — for example
 * {@code "Sequential.setWeights: weights is null"}. The policy itself is written once, in the
 * package documentation of {@code dev.gradbook.autograd} ("Null arguments").
 *
 * <p>Nobody writes the list of methods: the check reads the compiled classes of the module that
 * holds the anchor class, so a method added tomorrow is checked tomorrow. A module's test says
 * three things, and each is visible in the test:
 * <ul>
 *   <li>{@link #sample how to build a value} of each of its own types (a {@code Tensor}, a
 *       {@code Layer}, ...); common JDK types ({@code String}, {@code Path}, {@code PrintStream},
 *       random generators, lists, maps, arrays, enums) and autograd's ({@code Tensor}, {@code View},
 *       {@code Storage}, {@code Scalar}, the naive backend) are built here. A parameter type nobody
 *       can build <em>fails</em> its case, naming the type — it is never skipped silently;</li>
 *   <li>{@link #allowNull which parameters may be null}, each with the documented reason;</li>
 *   <li>{@link #skip which members are not called at all}, each with the reason.</li>
 * </ul>
 * An allow-list or skip entry that matches nothing fails too, so the lists cannot go stale.
 *
 * <p>Instance methods are called on a receiver built by the same samples; a method declared in an
 * interface (a default method) is called on the interface's sample. A parameter that holds other
 * values is also called with an otherwise ordinary value holding one null, and the message must
 * then say where the null is:
 * <ul>
 *   <li>an array of a reference type, a {@code List}, {@code Collection}, {@code Iterable} or
 *       {@code Set}: {@code {sample, null}}, and the message names index 1, as in
 *       {@code "Tensor.concat: tensors[1] is null"} or {@code "Sequential.setWeights: weights[1] is null"};</li>
 *   <li>a {@code Map}: once {@code {key: null}}, and the message names the key, as in
 *       {@code "SafeTensors.write: tensors["x"] is null"} (a string key in quotes); once
 *       {@code {key: value, null: value}}, and the message says {@code "tensors has a null key"}.</li>
 * </ul>
 * The elements, keys and values are built by the same samples as the parameters (from the type
 * arguments of the parameter's declared type), so an element type nobody can build fails its
 * case as any other parameter type does. {@link dev.gradbook.autograd.NullChecks} is the helper
 * that makes these messages. A member that cannot be fixed in the change at hand can be marked
 * {@link #pendingFix}: its case then must keep failing until it is fixed.
 *
 * <p>Two members are left out everywhere, because the Java language gives them their null
 * behaviour: {@code equals(Object)} (its contract says {@code equals(null)} is {@code false}) and
 * an enum's compiler-generated {@code valueOf(String)}.
 *
 * <p>Parameter names are read from the class files, so the modules are compiled with
 * {@code -parameters} (the parent pom sets it).
 */
public final class NullPolicyCheck {

    /** A key such as {@code Sequential.setOutput(stream)} or {@code Dense.Builder.name(name)}. */
    private final Map<String, String> allowedNulls = new TreeMap<>();
    /** A key such as {@code Sequential.fit} (every overload) → why it is not called. */
    private final Map<String, String> skippedMembers = new TreeMap<>();
    private final Map<String, String> skippedPackages = new TreeMap<>();
    /** A case key such as {@code Scalar.sum(terms[])} → why it still breaks the policy. */
    private final Map<String, String> pendingFixes = new TreeMap<>();
    private final Set<String> usedEntries = new TreeSet<>();
    private final Map<Class<?>, Supplier<?>> samples = new LinkedHashMap<>();
    private final Class<?> anchor;
    /** The package tree checked: the anchor's package, or one that contains it. */
    private final String packageName;
    private Path scratch;
    /** How many of the cases {@link #tests()} made put the null inside an argument. */
    private int insideCases;

    private NullPolicyCheck(String packageName, Class<?> anchor) {
        this.anchor = anchor;
        this.packageName = packageName;
        sample(String.class, () -> "x");
        sample(Object.class, () -> "x");
        sample(Integer.class, () -> 1);
        sample(Long.class, () -> 1L);
        sample(Double.class, () -> 1.0);
        sample(Boolean.class, () -> true);
        sample(Path.class, () -> scratch().resolve("sample"));
        sample(OutputStream.class, OutputStream::nullOutputStream);
        sample(PrintStream.class, () -> new PrintStream(OutputStream.nullOutputStream()));
        sample(InputStream.class, () -> new ByteArrayInputStream(new byte[0]));
        sample(RandomGenerator.class, () -> new SplittableRandom(42));
        sample(Random.class, () -> new Random(42));
        sample(Throwable.class, () -> new RuntimeException("sample cause"));
        sample(Function.class, () -> x -> List.of());
        sample(UnaryOperator.class, () -> x -> null);
        sample(Supplier.class, () -> () -> "x");
        sample(LongSupplier.class, () -> () -> 0L);
        sample(Runnable.class, () -> () -> { });
        // gradbook's own core types, which every module's API takes
        sample(Tensor.class, () -> Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
        sample(View.class, () -> View.contiguous(new DoubleStorage(new double[6]), 2, 3));
        sample(Storage.class, () -> new DoubleStorage(new double[6]));
        sample(DoubleStorage.class, () -> new DoubleStorage(new double[6]));
        sample(FloatStorage.class, () -> new FloatStorage(new float[6]));
        sample(Scalar.class, () -> Scalar.of(2.0));
        sample(TensorBackend.class, NaiveBackend::new);
        sample(NaiveBackend.class, NaiveBackend::new);
        sample(BackendProvider.class, NaiveBackendProvider::new);
        sample(NaiveBackendProvider.class, NaiveBackendProvider::new);
        sample(ReportingBackend.class, () -> (ReportingBackend) Backends.get("naive"));
        sample(BackendRegistry.class, () -> new BackendRegistry(List.of(new NaiveBackendProvider()), k -> null, k -> null));
        sample(DotGraph.class, () -> new DotGraph("sample"));
    }

    /**
     * A check over the public classes in the package of {@code anchor} and its sub-packages, as
     * compiled into the same directory or jar as {@code anchor}.
     *
     * @param anchor any class of the module to check, e.g. {@code Tensor.class}
     * @return a check to configure with samples, allowed nulls and skips
     */
    public static NullPolicyCheck forPackageOf(Class<?> anchor) {
        Objects.requireNonNull(anchor, "NullPolicyCheck.forPackageOf: anchor is null");
        return new NullPolicyCheck(anchor.getPackageName(), anchor);
    }

    /**
     * A check over the public classes in {@code packageName} and its sub-packages, as compiled
     * into the same directory or jar as {@code anchor}: for a module whose top package holds no
     * class of its own ({@code dev.gradbook.exercises}, whose classes are all in sub-packages).
     *
     * @param packageName the top package to check, e.g. {@code "dev.gradbook.exercises"}
     * @param anchor      a class of the module, in that package or one of its sub-packages
     * @return a check to configure with samples, allowed nulls and skips
     * @throws IllegalArgumentException if {@code anchor} is not in that package tree
     */
    public static NullPolicyCheck forPackage(String packageName, Class<?> anchor) {
        Objects.requireNonNull(packageName, "NullPolicyCheck.forPackage: packageName is null");
        Objects.requireNonNull(anchor, "NullPolicyCheck.forPackage: anchor is null");
        if (!(anchor.getPackageName() + ".").startsWith(packageName + ".")) {
            throw new IllegalArgumentException("NullPolicyCheck.forPackage: " + anchor.getName() + " is not in "
                    + packageName + " or one of its sub-packages");
        }
        return new NullPolicyCheck(packageName, anchor);
    }

    /**
     * Says how to build a fresh, ordinary value of {@code type}, for parameters and receivers.
     *
     * @param type     the exact parameter or receiver type
     * @param supplier builds a new value on each call (receivers are not shared between cases)
     * @param <T>      the type
     * @return this check
     */
    public <T> NullPolicyCheck sample(Class<T> type, Supplier<? extends T> supplier) {
        Objects.requireNonNull(type, "NullPolicyCheck.sample: type is null");
        Objects.requireNonNull(supplier, "NullPolicyCheck.sample: supplier is null");
        samples.put(type, supplier);
        return this;
    }

    /**
     * Lets one parameter be null, because the API documents what null means there.
     *
     * @param parameter {@code Class.method(parameter)}, with a nested class written
     *                  {@code Outer.Inner}, and a constructor written {@code Class(parameter)};
     *                  it covers every overload with that parameter name. Written
     *                  {@code Class.method(parameter[])}, it lets the parameter's elements (a
     *                  map's keys and values) be null instead; the argument itself is still checked
     * @param reason    the documented meaning of null, shown in the test's name
     * @return this check
     */
    public NullPolicyCheck allowNull(String parameter, String reason) {
        Objects.requireNonNull(parameter, "NullPolicyCheck.allowNull: parameter is null");
        Objects.requireNonNull(reason, "NullPolicyCheck.allowNull: reason is null");
        allowedNulls.put(parameter, reason);
        return this;
    }

    /**
     * Leaves a member (every overload) out of the check.
     *
     * @param member {@code Class.method}, or {@code Class} for its constructors
     * @param reason why calling it would not test the policy
     * @return this check
     */
    public NullPolicyCheck skip(String member, String reason) {
        Objects.requireNonNull(member, "NullPolicyCheck.skip: member is null");
        Objects.requireNonNull(reason, "NullPolicyCheck.skip: reason is null");
        skippedMembers.put(member, reason);
        return this;
    }

    /**
     * Leaves a whole sub-package out of the check: code the module does not write, such as the
     * classes JMH's annotation processor generates.
     *
     * @param subPackage the package, e.g. {@code "dev.gradbook.bench.jmh.jmh_generated"}; its own
     *                   sub-packages are left out too
     * @param reason     why its classes are not this module's API
     * @return this check
     */
    public NullPolicyCheck skipPackage(String subPackage, String reason) {
        Objects.requireNonNull(subPackage, "NullPolicyCheck.skipPackage: subPackage is null");
        Objects.requireNonNull(reason, "NullPolicyCheck.skipPackage: reason is null");
        skippedPackages.put(subPackage, reason);
        return this;
    }

    /**
     * Records a case that still breaks the policy and is not fixed in this module's change (the
     * member belongs to code being changed elsewhere, say). The case is still called, and its test
     * passes only while the member still fails the policy; once the member is fixed, the test fails
     * and asks for the entry to be removed, so the entry cannot outlive the problem. A case whose
     * sample values cannot be built fails as usual.
     *
     * @param parameter written as for {@link #allowNull}: {@code Class.method(parameter)} for the
     *                  null argument, {@code Class.method(parameter[])} for a null element, key or value
     * @param reason    what is wrong, why it is not fixed here, and the fix
     * @return this check
     */
    public NullPolicyCheck pendingFix(String parameter, String reason) {
        Objects.requireNonNull(parameter, "NullPolicyCheck.pendingFix: parameter is null");
        Objects.requireNonNull(reason, "NullPolicyCheck.pendingFix: reason is null");
        pendingFixes.put(parameter, reason);
        return this;
    }

    /**
     * One test per (member, parameter) case, grouped by class, then the checks that every
     * allow-list and skip entry was used. Prints how many cases there are.
     *
     * @return the dynamic tests for a {@code @TestFactory}
     */
    public Stream<DynamicNode> tests() {
        List<Class<?>> classes = publicClasses();
        List<DynamicNode> nodes = new ArrayList<>();
        int cases = 0;
        insideCases = 0;
        for (Class<?> type : classes) {
            List<DynamicTest> tests = casesOf(type);
            cases += tests.size();
            if (!tests.isEmpty()) {
                nodes.add(DynamicContainer.dynamicContainer(displayName(type), tests));
            }
        }
        System.out.printf("null policy, %s: %d (member, parameter) cases over %d public classes"
                        + " (%d with a null argument, %d with a null element, key or value);"
                        + " entries: %d allowed null, %d not called, %d pending a fix%n",
                packageName, cases, classes.size(), cases - insideCases, insideCases,
                allowedNulls.size(), skippedMembers.size(), pendingFixes.size());
        allowedNulls.forEach((parameter, reason) -> System.out.println("  null allowed: " + parameter + " — " + reason));
        skippedMembers.forEach((member, reason) -> System.out.println("  not called: " + member + " — " + reason));
        skippedPackages.forEach((pkg, reason) -> System.out.println("  package left out: " + pkg + " — " + reason));
        pendingFixes.forEach((parameter, reason) -> System.out.println("  pending a fix: " + parameter + " — " + reason));
        int found = cases;
        nodes.add(DynamicContainer.dynamicContainer("allow-list and skip list", Stream.of(
                // A scan that finds nothing (a wrong anchor, classes not compiled where expected)
                // would otherwise pass with no case run at all.
                DynamicTest.dynamicTest("the scan found public members to call with null", () ->
                        assertTrue(found > 0, "no (member, parameter) case in " + packageName + " ("
                                + classes.size() + " public classes found): is the anchor class in the package to check?")),
                DynamicTest.dynamicTest("every entry matches a member of " + packageName, () -> {
                    Set<String> stale = new TreeSet<>(allowedNulls.keySet());
                    stale.addAll(skippedMembers.keySet());
                    stale.addAll(skippedPackages.keySet());
                    stale.addAll(pendingFixes.keySet());
                    stale.removeAll(usedEntries);
                    assertTrue(stale.isEmpty(), "entries that match no public member (renamed or removed?): " + stale);
                }))));
        return nodes.stream();
    }

    // ---------------------------------------------------------------------------------------
    // Finding the public API

    private List<Class<?>> publicClasses() {
        String prefix = packageName + ".";
        List<Class<?>> found = new ArrayList<>();
        for (String name : classNames()) {
            if (!name.startsWith(prefix) || name.endsWith("package-info")) {
                continue;
            }
            String leftOut = skippedPackages.keySet().stream().filter(pkg -> name.startsWith(pkg + "."))
                    .findFirst().orElse(null);
            if (leftOut != null) {
                usedEntries.add(leftOut);
                continue;
            }
            Class<?> type;
            try {
                type = Class.forName(name, false, anchor.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("NullPolicyCheck: listed class " + name + " cannot be loaded", e);
            }
            if (isPublicApi(type)) {
                found.add(type);
            }
        }
        found.sort(Comparator.comparing(Class::getName));
        return found;
    }

    /** Public, and every class it is nested in is public too; not anonymous, local or synthetic. */
    private static boolean isPublicApi(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (!Modifier.isPublic(c.getModifiers()) || c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) {
                return false;
            }
        }
        return true;
    }

    /** The binary names of the classes in the directory or jar that holds the anchor. */
    private List<String> classNames() {
        Path location;
        try {
            location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("NullPolicyCheck: cannot locate the classes of " + anchor, e);
        }
        List<String> names = new ArrayList<>();
        try {
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location)) {
                    files.map(location::relativize).map(Path::toString).filter(f -> f.endsWith(".class"))
                            .forEach(f -> names.add(binaryName(f.replace(location.getFileSystem().getSeparator(), "/"))));
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    jar.stream().map(e -> e.getName()).filter(f -> f.endsWith(".class") && !f.startsWith("META-INF"))
                            .forEach(f -> names.add(binaryName(f)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("NullPolicyCheck: cannot list the classes in " + location, e);
        }
        return names;
    }

    private static String binaryName(String classFile) {
        return classFile.substring(0, classFile.length() - ".class".length()).replace('/', '.');
    }

    // ---------------------------------------------------------------------------------------
    // The cases of one class

    private List<DynamicTest> casesOf(Class<?> type) {
        List<Executable> members = new ArrayList<>();
        if (!Modifier.isAbstract(type.getModifiers()) && !type.isInterface()) {
            members.addAll(Arrays.asList(type.getConstructors()));
        }
        for (Method method : type.getDeclaredMethods()) {
            if (Modifier.isPublic(method.getModifiers()) && !method.isSynthetic() && !method.isBridge()
                    && !Modifier.isAbstract(method.getModifiers()) && !isLeftOutEverywhere(type, method)) {
                members.add(method);
            }
        }
        members.sort(Comparator.comparing(NullPolicyCheck::signature));
        List<DynamicTest> tests = new ArrayList<>();
        for (Executable member : members) {
            String skipKey = ownerName(type) + (member instanceof Constructor ? "" : "." + member.getName());
            if (skippedMembers.containsKey(skipKey)) {
                usedEntries.add(skipKey);
                continue;
            }
            Parameter[] parameters = member.getParameters();
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i].getType().isPrimitive()) {
                    continue;
                }
                String key = skipKey + "(" + parameters[i].getName() + ")";
                addCase(tests, member, i, Hole.ARGUMENT, key);
                for (Hole inside : Hole.insideOf(parameters[i].getType())) {
                    addCase(tests, member, i, inside, skipKey + "(" + parameters[i].getName() + "[])");
                }
            }
        }
        return tests;
    }

    /** Adds the test of one case, unless {@code key} is on the allow-list; a pending one must still fail. */
    private void addCase(List<DynamicTest> tests, Executable member, int index, Hole hole, String key) {
        if (allowedNulls.containsKey(key)) {
            usedEntries.add(key);
            return;
        }
        if (hole != Hole.ARGUMENT) {
            insideCases++;
        }
        String name = signature(member) + ": " + hole.describe(member.getParameters()[index].getName());
        if (!pendingFixes.containsKey(key)) {
            tests.add(DynamicTest.dynamicTest(name, () -> check(member, index, hole)));
            return;
        }
        usedEntries.add(key);
        tests.add(DynamicTest.dynamicTest(name + " (still fails: pending a fix)", () -> {
            try {
                check(member, index, hole);
            } catch (PolicyViolation stillBroken) {
                return; // as recorded
            }
            fail(key + " now follows the null policy: remove its pendingFix entry from the test");
        }));
    }

    /** Where a case puts its null: in place of the argument, or inside it. */
    private enum Hole {
        /** the argument itself is null */
        ARGUMENT,
        /** element 1 of an array or collection is null: {@code {sample, null}} */
        ELEMENT,
        /** a map's only value is null: {@code {key: null}} */
        VALUE,
        /** a map has a null key besides an ordinary entry: {@code {key: value, null: value}} */
        KEY;

        /** The holes inside a value of {@code type}: none unless it is an array, a collection or a map. */
        static List<Hole> insideOf(Class<?> type) {
            if (type.isArray()) {
                return type.getComponentType().isPrimitive() ? List.of() : List.of(ELEMENT);
            }
            if (type == List.class || type == Collection.class || type == Iterable.class || type == Set.class) {
                return List.of(ELEMENT);
            }
            return type == Map.class ? List.of(VALUE, KEY) : List.of();
        }

        String describe(String parameter) {
            return switch (this) {
                case ARGUMENT -> parameter + " = null";
                case ELEMENT -> parameter + "[1] = null";
                case VALUE -> parameter + "[key] = null";
                case KEY -> parameter + " holds a null key";
            };
        }
    }

    /** A member that breaks the policy, as opposed to a check that cannot run (no sample, say). */
    private static final class PolicyViolation extends AssertionError {
        PolicyViolation(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static boolean isLeftOutEverywhere(Class<?> type, Method method) {
        boolean equals = method.getName().equals("equals") && Arrays.equals(method.getParameterTypes(), new Class<?>[] {Object.class});
        boolean enumValueOf = type.isEnum() && method.getName().equals("valueOf")
                && Arrays.equals(method.getParameterTypes(), new Class<?>[] {String.class});
        return equals || enumValueOf;
    }

    /**
     * Calls {@code member} with null in parameter {@code index} (or inside it, as {@code hole}
     * says); throws a {@link PolicyViolation} if the member does not answer as the policy says.
     */
    private void check(Executable member, int index, Hole hole) throws Throwable {
        Parameter parameter = member.getParameters()[index];
        assertTrue(parameter.isNamePresent(), "parameter names are missing from the class files of "
                + member.getDeclaringClass().getName() + ": compile with -parameters");
        Object[] arguments = new Object[member.getParameterCount()];
        for (int i = 0; i < arguments.length; i++) {
            if (i != index) {
                arguments[i] = sampleOf(member.getGenericParameterTypes()[i], member.getParameterTypes()[i]);
            }
        }
        // what the message must contain after "method:", and how the failure report shows the case
        String expected = parameter.getName() + " ";
        String shown = parameter.getName() + " = null";
        if (hole != Hole.ARGUMENT) {
            Type generic = member.getGenericParameterTypes()[index];
            Type[] typeArguments = generic instanceof ParameterizedType p ? p.getActualTypeArguments() : new Type[0];
            if (hole == Hole.ELEMENT) {
                arguments[index] = withNullElement(parameter.getType(), typeArguments);
                expected = parameter.getName() + "[1] ";
                shown = parameter.getName() + "[1] = null";
            } else {
                Map<Object, Object> map = new LinkedHashMap<>();
                Object key = element(typeArguments, 0);
                if (hole == Hole.VALUE) {
                    map.put(key, null);
                    Object shownKey = key instanceof CharSequence ? "\"" + key + "\"" : key; // as NullChecks shows it
                    expected = parameter.getName() + "[" + shownKey + "] ";
                    shown = expected + "= null";
                } else {
                    Object value = element(typeArguments, 1);
                    map.put(key, value);
                    map.put(null, value);
                    expected = parameter.getName() + " has a null key";
                    shown = "a null key in " + parameter.getName();
                }
                arguments[index] = map;
            }
        }
        String name = member instanceof Constructor ? member.getDeclaringClass().getSimpleName() : member.getName();
        Throwable thrown = invoke(member, arguments);
        String call = signature(member) + " with " + shown;
        String wanted = "a NullPointerException naming \"" + name + ":\" and \"" + expected.strip() + "\"";
        if (thrown == null) {
            throw new PolicyViolation(call + " returned normally; a null there must fail at once with " + wanted
                    + " (or put it on the allow-list with its documented meaning)", null);
        }
        if (thrown.getClass() != NullPointerException.class) {
            throw new PolicyViolation(call + " threw " + thrown + " instead of " + wanted, thrown);
        }
        String message = thrown.getMessage();
        if (message == null || !message.contains(name + ":") || !message.contains(expected)) {
            throw new PolicyViolation(call + ": the message \"" + message + "\" must name the method \"" + name
                    + "\" and \"" + expected.strip() + "\"", thrown);
        }
    }

    /** {@code {sample, null}} as the array, list, collection, iterable or set the parameter takes. */
    private Object withNullElement(Class<?> type, Type[] typeArguments) {
        if (type.isArray()) {
            Class<?> component = type.getComponentType();
            Object array = Array.newInstance(component, 2);
            Array.set(array, 0, sampleOf(component, component));
            return array;
        }
        Collection<Object> elements = type == Set.class ? new LinkedHashSet<>() : new ArrayList<>();
        elements.add(element(typeArguments, 0));
        elements.add(null);
        return elements;
    }

    private Throwable invoke(Executable member, Object[] arguments) throws Throwable {
        try {
            if (member instanceof Constructor<?> constructor) {
                constructor.newInstance(arguments);
            } else {
                Method method = (Method) member;
                Object receiver = Modifier.isStatic(method.getModifiers())
                        ? null : sampleOf(method.getDeclaringClass(), method.getDeclaringClass());
                method.invoke(receiver, arguments);
            }
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Sample values

    private Object sampleOf(Type generic, Class<?> raw) {
        Supplier<?> registered = samples.get(raw);
        if (registered != null) {
            return registered.get();
        }
        if (raw.isPrimitive()) {
            return primitive(raw);
        }
        if (raw.isArray()) {
            Class<?> component = raw.getComponentType();
            Object array = Array.newInstance(component, 1);
            Array.set(array, 0, sampleOf(component, component));
            return array;
        }
        if (raw.isEnum()) {
            return raw.getEnumConstants()[0];
        }
        if (raw.getSuperclass() != null && raw.getSuperclass().isEnum()) {
            return raw.getSuperclass().getEnumConstants()[0]; // a constant with its own body
        }
        Type[] typeArguments = generic instanceof ParameterizedType p ? p.getActualTypeArguments() : new Type[0];
        if (raw == List.class || raw == Collection.class || raw == Iterable.class) {
            List<Object> list = new ArrayList<>();
            list.add(element(typeArguments, 0));
            return list;
        }
        if (raw == Set.class) {
            Set<Object> set = new LinkedHashSet<>();
            set.add(element(typeArguments, 0));
            return set;
        }
        if (raw == Map.class) {
            Map<Object, Object> map = new HashMap<>();
            map.put(element(typeArguments, 0), element(typeArguments, 1));
            return map;
        }
        throw new AssertionError("NullPolicyCheck: no sample value of type " + generic.getTypeName()
                + "; add one with sample(" + raw.getSimpleName() + ".class, () -> ...) in the test");
    }

    private Object element(Type[] typeArguments, int index) {
        Type type = index < typeArguments.length ? typeArguments[index] : Object.class;
        return sampleOf(type, rawType(type));
    }

    private static Class<?> rawType(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof WildcardType w) {
            return rawType(w.getUpperBounds()[0]);
        }
        if (type instanceof TypeVariable<?> v) {
            return rawType(v.getBounds()[0]);
        }
        return Object.class;
    }

    private static Object primitive(Class<?> type) {
        if (type == int.class) {
            return 1;
        } else if (type == long.class) {
            return 1L;
        } else if (type == double.class) {
            return 0.5;
        } else if (type == float.class) {
            return 0.5f;
        } else if (type == boolean.class) {
            return true;
        } else if (type == byte.class) {
            return (byte) 1;
        } else if (type == short.class) {
            return (short) 1;
        }
        return 'x';
    }

    private Path scratch() {
        if (scratch == null) {
            try {
                scratch = Files.createTempDirectory("null-policy");
                scratch.toFile().deleteOnExit(); // empty unless a method wrote a file despite a null argument
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return scratch;
    }

    // ---------------------------------------------------------------------------------------
    // Names

    /** {@code Dense.Builder}: the simple names of the class and the classes it is nested in. */
    private static String ownerName(Class<?> type) {
        return type.getEnclosingClass() == null ? type.getSimpleName()
                : ownerName(type.getEnclosingClass()) + "." + type.getSimpleName();
    }

    private static String displayName(Class<?> type) {
        return type.getPackageName().substring(type.getPackageName().lastIndexOf('.') + 1) + "." + ownerName(type);
    }

    private static String signature(Executable member) {
        String name = ownerName(member.getDeclaringClass()) + (member instanceof Constructor ? "" : "." + member.getName());
        StringBuilder parameters = new StringBuilder();
        for (Parameter p : member.getParameters()) {
            parameters.append(parameters.length() == 0 ? "" : ", ").append(p.getType().getSimpleName())
                    .append(' ').append(p.getName());
        }
        return name + "(" + parameters + ")";
    }
}
