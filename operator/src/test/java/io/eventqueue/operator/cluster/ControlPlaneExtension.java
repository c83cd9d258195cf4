package io.eventqueue.operator.cluster;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test a {@link TestCluster}: the one control plane of this test run (started on first use, stopped when
 * the run ends) and a namespace of the test's own, deleted after it.
 */
final class ControlPlaneExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(ControlPlaneExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        ControlPlane controlPlane = context.getRoot().getStore(STORE)
                .getOrComputeIfAbsent(ControlPlane.class, k -> ControlPlane.start(), ControlPlane.class);
        String name = (context.getRequiredTestMethod().getName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "")
                + "xxxx").substring(0, 4) + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        context.getStore(STORE).put(TestCluster.class, new TestCluster(controlPlane, "t-" + name));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestCluster cluster = context.getStore(STORE).remove(TestCluster.class, TestCluster.class);
        if (cluster != null) {
            cluster.deleteNamespaces();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(STORE).get(TestCluster.class, TestCluster.class);
    }
}
