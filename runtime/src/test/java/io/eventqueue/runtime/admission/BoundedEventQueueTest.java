package io.eventqueue.runtime.admission;

import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.log.Document;
import io.eventqueue.runtime.event.LogEventType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedEventQueueTest {
    static Admitted event(String id, int bytes) {
        return admitted(new Event(id, "log", "/s", Optional.empty(), Instant.EPOCH, Instant.EPOCH,
                new LogEventType.LogPayload(LogEventType.Level.INFO, "m"), bytes));
    }

    @Test
    void refusesPastItsCountWithoutBlocking() {
        BoundedEventQueue q = new BoundedEventQueue(2, 1_000);
        assertThat(q.offer(event("a", 10))).isEqualTo(Admission.ACCEPTED);
        assertThat(q.offer(event("b", 10))).isEqualTo(Admission.ACCEPTED);
        assertThat(q.offer(event("c", 10))).isEqualTo(Admission.FULL);
        assertThat(q.depth()).isEqualTo(2);
        assertThat(q.bytes()).isEqualTo(20);
    }

    @Test
    void refusesPastItsBytes() {
        BoundedEventQueue q = new BoundedEventQueue(10, 100);
        assertThat(q.offer(event("a", 60))).isEqualTo(Admission.ACCEPTED);
        assertThat(q.offer(event("b", 60))).isEqualTo(Admission.FULL_BYTES);
        assertThat(q.depth()).as("a refused offer leaves no reservation behind").isEqualTo(1);
    }

    @Test
    void takingReleasesSpace() throws InterruptedException {
        BoundedEventQueue q = new BoundedEventQueue(1, 100);
        q.offer(event("a", 60));
        assertThat(q.poll(1, TimeUnit.SECONDS).event().id()).isEqualTo("a");
        assertThat(q.depth()).isZero();
        assertThat(q.bytes()).isZero();
        assertThat(q.offer(event("b", 60))).isEqualTo(Admission.ACCEPTED);
    }

    @Test
    void offerAllIsAllOrNothing() {
        BoundedEventQueue q = new BoundedEventQueue(3, 1_000);
        q.offer(event("a", 1));
        assertThat(q.offerAll(List.of(event("b", 1), event("c", 1), event("d", 1)))).isEqualTo(Admission.FULL);
        assertThat(q.depth()).isEqualTo(1);
        assertThat(q.offerAll(List.of(event("b", 1), event("c", 1)))).isEqualTo(Admission.ACCEPTED);
        assertThat(q.depth()).isEqualTo(3);
    }

    @Test
    void closedQueueRefusesButStillHandsOutWhatItHolds() throws InterruptedException {
        BoundedEventQueue q = new BoundedEventQueue(3, 1_000);
        q.offer(event("a", 1));
        q.close();
        assertThat(q.offer(event("b", 1))).isEqualTo(Admission.CLOSED);
        assertThat(q.poll(1, TimeUnit.SECONDS).event().id()).isEqualTo("a");
    }

    static Admitted admitted(Event event) {
        return new Admitted(event, 0, 0, Document.of(new byte[0]), 0, 0, Admitted.EVERY_SINK);
    }
}
