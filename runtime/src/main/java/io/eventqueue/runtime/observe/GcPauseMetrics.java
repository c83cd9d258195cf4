package io.eventqueue.runtime.observe;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

/**
 * {@code jvm_gc_pause_seconds{gc,action,cause}} and {@code jvm_gc_concurrent_phase_time_seconds}, the timers of
 * Micrometer's {@code JvmGcMetrics}, registered through Helidon's registry instead of Micrometer's.
 *
 * <p>Why not {@code JvmGcMetrics}: it creates a timer on the JMX notification thread for each new (gc, action, cause),
 * directly in the Micrometer registry. Micrometer then holds its registry lock while it calls Helidon's on-add
 * listener, which takes Helidon's registry lock; every registration through Helidon takes the two locks the other way
 * round. A GC during start-up (or the first GC of a new cause later) while the runtime registered a meter deadlocked
 * the process: the runtime never announced itself. Here every registration goes through Helidon, one lock order.
 */
final class GcPauseMetrics implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GcPauseMetrics.class.getName());

    private final MeterRegistry registry;
    private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();
    private final List<Runnable> unsubscribe = new ArrayList<>();

    private GcPauseMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Starts recording every collector's pauses into {@code registry}; {@link #close()} stops. */
    static GcPauseMetrics bindTo(MeterRegistry registry) {
        GcPauseMetrics metrics = new GcPauseMetrics(registry);
        NotificationListener listener = (notification, handback) -> metrics.onNotification(notification);
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                metrics.unsubscribe.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (ListenerNotFoundException e) {
                        // already gone: nothing to stop
                    }
                });
            }
        }
        return metrics;
    }

    private void onNotification(Notification notification) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        try {
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                    (CompositeData) notification.getUserData());
            timer(info.getGcName(), info.getGcAction(), info.getGcCause())
                    .record(Duration.ofMillis(info.getGcInfo().getDuration()));
        } catch (RuntimeException e) {
            // the notification thread must survive a metrics failure; the JVM has only one
            LOG.log(System.Logger.Level.WARNING, "GC pause not recorded: " + e);
        }
    }

    private Timer timer(String gc, String action, String cause) {
        return timers.computeIfAbsent(List.of(gc, action, cause), k -> registry.getOrCreate(
                Timer.builder(concurrentPhase(gc, cause) ? "jvm.gc.concurrent.phase.time" : "jvm.gc.pause")
                        .description(concurrentPhase(gc, cause) ? "Time spent in concurrent phase" : "Time spent in GC pause")
                        .tags(List.of(Tag.create("gc", gc), Tag.create("action", action), Tag.create("cause", cause)))));
    }

    /** Collectors whose notifications report a concurrent cycle rather than a stop-the-world pause (as Micrometer). */
    private static boolean concurrentPhase(String gc, String cause) {
        return "No GC".equals(cause) || "Shenandoah Cycles".equals(gc)
                || (gc.startsWith("ZGC") && !gc.endsWith("Pauses"));
    }

    @Override
    public void close() {
        unsubscribe.forEach(Runnable::run);
        unsubscribe.clear();
    }
}
