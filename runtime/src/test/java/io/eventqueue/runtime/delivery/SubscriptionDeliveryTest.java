package io.eventqueue.runtime.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventqueue.runtime.admission.Admitted;
import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.event.EventTypeRegistry;
import io.eventqueue.runtime.event.EventValidator;
import io.eventqueue.runtime.event.LogEventType;
import io.eventqueue.runtime.event.TypesMode;
import io.eventqueue.runtime.log.Document;
import io.eventqueue.runtime.log.EventCodec;
import io.eventqueue.runtime.log.EventLog;
import io.eventqueue.runtime.log.MemoryLog;
import io.eventqueue.runtime.observe.RuntimeStats;
import io.eventqueue.runtime.process.ProcessedEvent;
import io.eventqueue.runtime.process.ProcessorRegistry;
import io.eventqueue.runtime.reads.EventStream;
import io.eventqueue.runtime.reads.RecentEvents;
import io.eventqueue.runtime.sink.Sink;
import io.eventqueue.runtime.testing.Await;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each subscription gets what its filter matches; the log hears of an event only once every subscription is done. */
class SubscriptionDeliveryTest {
    private static final Clock CLOCK = Clock.systemUTC();
    private static final RetryPolicy ONE_RETRY = new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(10));

    private final AckRecordingLog log = new AckRecordingLog();
    private final RuntimeStats stats = new RuntimeStats();
    private final RecentEvents index = new RecentEvents(100, 1 << 20, Duration.ofHours(1), CLOCK);
    private EventDelivery delivery;

    @AfterEach
    void close() {
        if (delivery != null) {
            delivery.close();
        }
    }

    private Admitted admitted(String id, String type, long position) {
        Instant now = CLOCK.instant();
        Event event = new Event(id, type, "/s", Optional.empty(), now, now,
                new LogEventType.LogPayload(LogEventType.Level.INFO, "m"), 10);
        Document document = Document.of(EventCodec.publicJson(event));
        long readPosition = index.track(id, type, "/s", now, document);
        return new Admitted(event, position, readPosition, document, 0, 0, Admitted.EVERY_SINK);
    }

    private EventDelivery delivery(Subscription... subscriptions) {
        delivery = new EventDelivery(List.of(subscriptions), new ProcessorRegistry(List.of()), log,
                DeadLetterStore.inMemory(100, 1 << 20),
                new EventCodec(new EventValidator(EventTypeRegistry.of(TypesMode.OPEN, List.of()), 65536)),
                index, new EventStream(10, 10), stats, CLOCK, 2);
        return delivery;
    }

    @Test
    void aSubscriptionReceivesOnlyWhatItsFilterMatches() {
        Recording all = new Recording("all");
        Recording metrics = new Recording("metrics-only");
        EventDelivery d = delivery(
                new Subscription("everything", Subscription.everyEvent(), List.of(all), ONE_RETRY),
                new Subscription("metrics", e -> e.type().equals("metric"), List.of(metrics), ONE_RETRY));

        d.consume(admitted("l-1", "log", 1));
        d.consume(admitted("m-1", "metric", 2));

        Await.until(Duration.ofSeconds(5), "both acked", () -> log.acked.containsAll(List.of(1L, 2L)));
        assertThat(all.received).containsExactlyInAnyOrder("l-1", "m-1");
        assertThat(metrics.received).containsExactly("m-1");
        assertThat(stats.processed()).isEqualTo(2);
        assertThat(index.matching("l-1")).singleElement().extracting(e -> e.status().wire()).isEqualTo("processed");
    }

    @Test
    void anEventIsAckedOnlyOnceEverySubscriptionHasIt() {
        Recording quick = new Recording("quick");
        CountDownLatch retryMayFinish = new CountDownLatch(1);
        Recording flaky = new Recording("flaky", 1, retryMayFinish);
        EventDelivery d = delivery(
                new Subscription("a", Subscription.everyEvent(), List.of(quick), ONE_RETRY),
                new Subscription("b", Subscription.everyEvent(), List.of(flaky), ONE_RETRY));

        d.consume(admitted("e-1", "log", 7));
        Await.until(Duration.ofSeconds(5), "a delivered", () -> quick.received.contains("e-1"));
        d.idle();
        assertThat(log.acked).as("b still retries").isEmpty();
        retryMayFinish.countDown();

        Await.until(Duration.ofSeconds(5), "acked after the retry", () -> log.acked.contains(7L));
        assertThat(flaky.attempts.get()).isEqualTo(2);
        assertThat(flaky.received).containsExactly("e-1");
        assertThat(stats.processed()).isEqualTo(1);
    }

    @Test
    void anEventNoSubscriptionMatchesIsAckedAtOnce() {
        Recording metrics = new Recording("metrics-only");
        EventDelivery d = delivery(new Subscription("metrics", e -> e.type().equals("metric"), List.of(metrics),
                ONE_RETRY));

        d.consume(admitted("l-1", "log", 3));
        d.idle();

        assertThat(metrics.received).isEmpty();
        assertThat(log.acked).containsExactly(3L);
    }

    /** A sink that records what it took. */
    private static final class Recording implements Sink {
        private final String name;
        private final int failures;
        private final CountDownLatch afterFailures;
        final List<String> received = new CopyOnWriteArrayList<>();
        final AtomicInteger attempts = new AtomicInteger();

        Recording(String name) {
            this(name, 0, new CountDownLatch(0));
        }

        /** Fails the first {@code failures} attempts; later ones wait for {@code afterFailures}. */
        Recording(String name, int failures, CountDownLatch afterFailures) {
            this.name = name;
            this.failures = failures;
            this.afterFailures = afterFailures;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void write(ProcessedEvent event) throws IOException {
            if (attempts.incrementAndGet() <= failures) {
                throw new IOException("not yet");
            }
            try {
                if (!afterFailures.await(10, TimeUnit.SECONDS)) {
                    throw new IOException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            received.add(event.event().id());
        }
    }

    /** The memory log, recording what delivery acks. */
    private static final class AckRecordingLog implements EventLog {
        private final MemoryLog memory = new MemoryLog();
        final List<Long> acked = new CopyOnWriteArrayList<>();

        @Override
        public String mode() {
            return memory.mode();
        }

        @Override
        public List<Appended> append(List<Event> events) {
            return memory.append(events);
        }

        @Override
        public void ack(long... positions) {
            for (long p : positions) {
                acked.add(p);
            }
        }

        @Override
        public int recover(Recovered recovery) {
            return memory.recover(recovery);
        }

        @Override
        public boolean feedsDelivery() {
            return memory.feedsDelivery();
        }

        @Override
        public void startFeed(Feed feed) {
            memory.startFeed(feed);
        }

        @Override
        public boolean keepRetry(Event event, Retry retry, Instant notBefore, String reason) {
            return memory.keepRetry(event, retry, notBefore, reason);
        }

        @Override
        public boolean redeliversAfterRestart() {
            return memory.redeliversAfterRestart();
        }

        @Override
        public boolean reachable() {
            return memory.reachable();
        }

        @Override
        public long usedBytes() {
            return memory.usedBytes();
        }

        @Override
        public long unacked() {
            return memory.unacked();
        }

        @Override
        public Map<String, Object> stats() {
            return memory.stats();
        }

        @Override
        public void close() {
        }
    }
}
