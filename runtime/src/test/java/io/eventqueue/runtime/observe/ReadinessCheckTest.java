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

import static org.assertj.core.api.Assertions.assertThat;

class ReadinessCheckTest {
    private static Admitted event() {
        return admitted(new Event("id", "log", "/s", Optional.empty(), Instant.EPOCH, Instant.EPOCH,
                new LogEventType.LogPayload(LogEventType.Level.INFO, "m"), 1));
    }

    @Test
    void readyOnlyWhileRunningAndBelowTheHighWaterMark() {
        Lifecycle lifecycle = new Lifecycle();
        BoundedEventQueue queue = new BoundedEventQueue(10, 1000);
        ReadinessCheck check = new ReadinessCheck(lifecycle, queue, 0.5);
        assertThat(check.call().status()).as("starting").isEqualTo(HealthCheckResponse.Status.DOWN);
        lifecycle.set(Lifecycle.State.RUNNING);
        assertThat(check.call().status()).isEqualTo(HealthCheckResponse.Status.UP);
        for (int i = 0; i < 5; i++) {
            queue.offer(event());
        }
        assertThat(check.call().status()).as("at the high-water mark").isEqualTo(HealthCheckResponse.Status.DOWN);
        queue.discard();
        assertThat(check.call().status()).isEqualTo(HealthCheckResponse.Status.UP);
        lifecycle.set(Lifecycle.State.DRAINING);
        assertThat(check.call().status()).as("draining").isEqualTo(HealthCheckResponse.Status.DOWN);
    }

    static Admitted admitted(Event event) {
        return new Admitted(event, 0, 0, Document.of(new byte[0]), 0, Admitted.EVERY_SINK);
    }
}
