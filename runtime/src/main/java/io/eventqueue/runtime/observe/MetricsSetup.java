package io.eventqueue.runtime.observe;

import java.util.List;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.MetricsConfig;
import io.helidon.metrics.api.MetricsFactory;
import io.helidon.metrics.api.ScopeConfig;
import io.helidon.metrics.api.ScopingConfig;
import io.helidon.metrics.api.SystemTagsManager;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.ObserveFeatureConfig;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.helidon.webserver.observe.spi.Observer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * The process's meter registry and the {@code /metrics} observer of the management port.
 *
 * <p>Two departures from Helidon's defaults keep the exposition clean for Prometheus ({@code promtool check
 * metrics} reports nothing): no {@code scope} tag on every series (it would also overwrite our own
 * {@code scope} label of {@code eventqueue_rate_limited_total}), and JVM metrics from Micrometer's binders
 * ({@code jvm_memory_used_bytes}, {@code jvm_gc_pause_seconds}, …) instead of Helidon's MicroProfile-named
 * camelCase "base" meters.
 */
public final class MetricsSetup {
    /** Path of the Prometheus endpoint on the management port. */
    public static final String ENDPOINT = "metrics";

    private static MeterRegistry registry;
    private static GcPauseMetrics gcMetrics;

    private MetricsSetup() {
    }

    static MetricsConfig config() {
        return MetricsConfig.builder()
                .scoping(ScopingConfig.builder()
                                 .clearTagName()
                                 .putScope("base", ScopeConfig.builder().name("base").enabled(false).build())
                                 .build())
                .build();
    }

    /**
     * The process-wide registry with this configuration, JVM meters bound. Helidon keeps one global registry and
     * replaces it whenever something asks for it with another configuration (an observe feature that discovered
     * its own metrics observer does); this re-establishes ours then. The runtime asks first and builds its
     * observe feature without discovery, so in a running process this happens once.
     */
    public static synchronized MeterRegistry registry() {
        MetricsConfig config = config();
        MetricsFactory factory = MetricsFactory.getInstance();
        // the factory installs system tags from Helidon's global config on first use; ours replace them
        SystemTagsManager.instance(config);
        MeterRegistry current = factory.globalRegistry(config);
        if (current != registry) {
            registry = current;
            bindJvmMeters(current);
        }
        return registry;
    }

    /**
     * Micrometer's binders that register everything at once, here on this thread, before any other thread registers
     * meters. Micrometer's JvmGcMetrics is not one of them: it registers timers later, on the JMX notification thread,
     * in the lock order opposite to Helidon's (see {@link GcPauseMetrics}), so GC pauses are recorded by ours.
     */
    private static void bindJvmMeters(MeterRegistry registry) {
        if (gcMetrics != null) {
            gcMetrics.close();
        }
        io.micrometer.core.instrument.MeterRegistry micrometer = registry.unwrap(io.micrometer.core.instrument.MeterRegistry.class);
        new JvmMemoryMetrics().bindTo(micrometer);
        new JvmThreadMetrics().bindTo(micrometer);
        new ClassLoaderMetrics().bindTo(micrometer);
        // system.cpu.count becomes system_cpu_count, which Prometheus' lint reads as a summary's _count
        micrometer.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("system.cpu.count")));
        new ProcessorMetrics().bindTo(micrometer);
        new UptimeMetrics().bindTo(micrometer);
        new FileDescriptorMetrics().bindTo(micrometer);
        gcMetrics = GcPauseMetrics.bindTo(registry);
    }

    /**
     * An observe feature for the management socket serving {@code /metrics} with this registry, plus
     * {@code extra} observers (health). Observer discovery is off: a discovered metrics observer would
     * replace the registry with Helidon's defaults.
     */
    public static ObserveFeature observeFeature(String socket, Observer... extra) {
        ObserveFeatureConfig.Builder builder = ObserveFeature.builder()
                .endpoint("/")
                .sockets(List.of(socket))
                .observersDiscoverServices(false)
                .addObserver(observer());
        for (Observer o : extra) {
            builder.addObserver(o);
        }
        return builder.build();
    }

    /** The observer serving {@code GET /metrics} (Prometheus text format) on the socket its feature names. */
    public static MetricsObserver observer() {
        return MetricsObserver.builder()
                .endpoint(ENDPOINT)
                .metricsConfig(config())
                .meterRegistry(registry())
                .build();
    }
}
