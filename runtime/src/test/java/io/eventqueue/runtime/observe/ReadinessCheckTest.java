package io.eventqueue.runtime.observe;

import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.log.Document;
import io.eventqueue.runtime.admission.Admitted;
import io.eventqueue.runtime.event.LogEventType;
import io.eventqueue.runtime.admission.BoundedEventQueue;
import io.helidon.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class ReadinessCheckTest {
    private static Admitted event() {
        return admitted(new Event("id", "log", "/s", Optional.empty(), Instant.EPOCH, Instant.EPOCH,
                new LogEventType.LogPayload(LogEventType.Level.INFO, "m"), 1));
    }

    @Test
    void readyOnlyWhileRunningWithItsEventLogReachableWhateverTheLoad() {
        Lifecycle lifecycle = new Lifecycle();
        BoundedEventQueue queue = new BoundedEventQueue(2, 1000);
        AtomicBoolean logReachable = new AtomicBoolean(true);
        ReadinessCheck check = new ReadinessCheck(lifecycle, queue::depth, queue.capacity(), 0.5, false, logReachable::get);
        assertThat(check.call().status()).as("starting").isEqualTo(HealthCheckResponse.Status.DOWN);
        lifecycle.set(Lifecycle.State.RUNNING);
        assertThat(check.call().status()).isEqualTo(HealthCheckResponse.Status.UP);
        queue.offer(event());
        queue.offer(event());
        assertThat(check.call().status()).as("full queue").isEqualTo(HealthCheckResponse.Status.UP);
        logReachable.set(false);
        assertThat(check.call().status()).as("event log unreachable").isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(check.call().details()).containsEntry("event_log", "unreachable");
        logReachable.set(true);
        assertThat(check.ready()).isTrue();
        lifecycle.set(Lifecycle.State.DRAINING);
        assertThat(check.call().status()).as("draining").isEqualTo(HealthCheckResponse.Status.DOWN);
    }

    @Test
    void optInTurnsUnreadyAtTheHighWaterMark() {
        Lifecycle lifecycle = new Lifecycle();
        lifecycle.set(Lifecycle.State.RUNNING);
        BoundedEventQueue queue = new BoundedEventQueue(10, 1000);
        ReadinessCheck check = new ReadinessCheck(lifecycle, queue::depth, queue.capacity(), 0.5, true, () -> true);
        for (int i = 0; i < 5; i++) {
            queue.offer(event());
        }
        assertThat(check.call().status()).as("at the high-water mark").isEqualTo(HealthCheckResponse.Status.DOWN);
        queue.discard();
        assertThat(check.call().status()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    static Admitted admitted(Event event) {
        return new Admitted(event, 0, 0, Document.of(new byte[0]), 0, 0, Admitted.EVERY_SINK);
    }
}
