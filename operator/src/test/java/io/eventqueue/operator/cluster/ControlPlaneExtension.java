package io.eventqueue.operator.cluster;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test a {@link TestCluster}: the one control plane of this test run (started on first use, stopped when
 * the run ends) and a namespace of the test's own, deleted after it. A {@code @BeforeAll} method that takes a
 * TestCluster gets one namespace for the whole class (for one operator that serves every test of the class).
 */
final class ControlPlaneExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(ControlPlaneExtension.class);

    /** A TestCluster in a fresh namespace PREFIX + the first four letters of {@code name} + a random suffix. */
    private static void open(ExtensionContext context, String prefix, String name) {
        String namespace = prefix + (name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "") + "xxxx").substring(0, 4)
                + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        context.getStore(STORE).put(TestCluster.class, new TestCluster(context.getRoot().getStore(STORE)
                .getOrComputeIfAbsent(ControlPlane.class, k -> ControlPlane.start(), ControlPlane.class), namespace));
    }

    private static void close(ExtensionContext context) {
        TestCluster cluster = context.getStore(STORE).remove(TestCluster.class, TestCluster.class);
        if (cluster != null) {
            cluster.deleteNamespaces();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        open(context, "c-", context.getRequiredTestClass().getSimpleName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        open(context, "t-", context.getRequiredTestMethod().getName());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestCluster.class;
    }

    /** The test's own cluster, or (in a class-level method) the class's: the nearest store that holds one. */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(STORE).get(TestCluster.class, TestCluster.class);
    }
}
