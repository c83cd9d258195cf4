package io.eventqueue.operator.cli;

import io.eventqueue.operator.EventQueueOperator;
import io.eventqueue.operator.settings.OperatorSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the operator until SIGTERM, then stops reconciling, closes the management port and exits 0. */
final class OperatorCommand {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorCommand.class);

    private OperatorCommand() {
    }

    static void run(List<String> args, Map<String, String> env) throws InterruptedException {
        OperatorSettings settings = OperatorOptions.parse(args, env);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);

        KubernetesClient client = new KubernetesClientBuilder().build();
        EventQueueOperator operator;
        try {
            operator = EventQueueOperator.start(settings, client, registry, Clock.systemUTC());
        } catch (RuntimeException e) {
            LOG.error("operator failed to start (API server unreachable, CRD missing, or RBAC?)", e);
            client.close();
            System.exit(1);
            return;
        }
        ManagementServer management = new ManagementServer(settings.managementPort(), registry, operator::healthy,
                operator::started).start();
        LOG.info("operator started: namespaces={}, runtimeImage={}, leaderElection={}, managementPort={}",
                settings.namespaces().isEmpty() ? "all" : settings.namespaces(), settings.runtimeImage(),
                settings.leaderElection(), management.port());

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down: finishing running reconciles");
            operator.close();
            management.stop();
            client.close();
            LOG.info("stopped");
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }
}
