package io.eventqueue.runtime.reads;

import io.eventqueue.runtime.log.Document;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventStreamTest {

    private static void publish(EventStream stream, String type, int n) {
        for (int i = 0; i < n; i++) {
            stream.publish(type, "s", Document.of(("{\"n\":" + i + "}").getBytes(UTF_8)));
        }
    }

    /** Runs {@code publishing} while another client is subscribed, so the replay ring is kept. */
    private static void watched(EventStream stream, Runnable publishing) {
        try (EventStream.Subscriber watcher = stream.subscribe(i -> true, -1)) {
            publishing.run();
        }
    }

    private static List<Long> drain(EventStream.Subscriber s) throws InterruptedException {
        List<Long> ids = new ArrayList<>();
        EventStream.Signal signal;
        while ((signal = s.next(0)) instanceof EventStream.Next next) {
            ids.add(next.item().id());
        }
        return ids;
    }

    @Test
    void subscribersReceiveMatchingLiveItemsInOrder() throws InterruptedException {
        EventStream stream = new EventStream(100, 10);
        try (EventStream.Subscriber logs = stream.subscribe(i -> i.type().equals("log"), -1)) {
            publish(stream, "log", 2);
            publish(stream, "metric", 1);
            publish(stream, "log", 1);
            assertThat(drain(logs)).containsExactly(1L, 2L, 4L);
        }
        assertThat(stream.subscriberCount()).isZero();
    }

    @Test
    void resumesAfterLastEventId() throws InterruptedException {
        EventStream stream = new EventStream(100, 10);
        watched(stream, () -> publish(stream, "log", 5));
        EventStream.Subscriber s = stream.subscribe(i -> true, 3);
        publish(stream, "log", 1);
        assertThat(drain(s)).containsExactly(4L, 5L, 6L);
    }

    @Test
    void resumingFromBeyondTheReplayRingReportsAGapFirst() throws InterruptedException {
        EventStream stream = new EventStream(3, 10);
        watched(stream, () -> publish(stream, "log", 10));
        EventStream.Subscriber s = stream.subscribe(i -> true, 2);
        assertThat(s.next(0)).isEqualTo(new EventStream.Gap(2, 8));
        assertThat(drain(s)).containsExactly(8L, 9L, 10L);
    }

    @Test
    void aClientFromAnEarlierRunGetsAGapOfUnknownSizeThenEverythingKept() throws InterruptedException {
        EventStream stream = new EventStream(3, 10);
        watched(stream, () -> publish(stream, "log", 5));
        EventStream.Subscriber s = stream.subscribeAfterRestart(i -> true);
        assertThat(s.next(0)).isEqualTo(new EventStream.Gap(-1, 3));
        assertThat(drain(s)).containsExactly(3L, 4L, 5L);
    }

    @Test
    void aSlowConsumerIsClosedWithAReasonInsteadOfBufferingWithoutBound() throws InterruptedException {
        EventStream stream = new EventStream(100, 4);
        EventStream.Subscriber s = stream.subscribe(i -> true, -1);
        publish(stream, "log", 2);
        assertThat(s.next(0)).isInstanceOf(EventStream.Next.class);
        publish(stream, "log", 10);
        EventStream.Signal signal = s.next(0);
        assertThat(signal).isInstanceOfSatisfying(EventStream.Closed.class, c -> {
            assertThat(c.reason()).contains("slow consumer");
            assertThat(c.lastDeliveredId()).isEqualTo(1);
        });
        assertThat(stream.subscriberCount()).isZero();
        assertThat(stream.overflowClosures()).isEqualTo(1);
    }

    @Test
    void closeAllWakesABlockedReader() throws Exception {
        EventStream stream = new EventStream(10, 4);
        EventStream.Subscriber s = stream.subscribe(i -> true, -1);
        Thread closer = Thread.ofVirtual().start(() -> stream.closeAll("shutting down"));
        assertThat(s.next(10_000)).isInstanceOfSatisfying(EventStream.Closed.class,
                c -> assertThat(c.reason()).isEqualTo("shutting down"));
        closer.join();
    }

    @Test
    void timeoutWithoutItemsReturnsNullForAKeepAlive() throws InterruptedException {
        EventStream stream = new EventStream(10, 4);
        assertThat(stream.subscribe(i -> true, -1).next(1)).isNull();
    }

    @Test
    void withNobodyStreamingNothingIsKeptAndAReturningClientGetsAGap() throws InterruptedException {
        long[] now = {0};
        EventStream stream = new EventStream(100, 10, () -> now[0]);
        publish(stream, "log", 5);
        EventStream.Subscriber s = stream.subscribe(i -> true, 2);
        assertThat(s.next(0)).isEqualTo(new EventStream.Gap(2, 6));
        publish(stream, "log", 1);
        assertThat(drain(s)).containsExactly(6L);
    }

    @Test
    void afterTheLastSubscriberLeftItemsAreKeptForTheGraceThenNoLonger() throws InterruptedException {
        long[] now = {0};
        EventStream stream = new EventStream(100, 10, () -> now[0]);
        EventStream.Subscriber first = stream.subscribe(i -> true, -1);
        publish(stream, "log", 2);
        assertThat(drain(first)).containsExactly(1L, 2L);
        first.close();

        now[0] += EventStream.REPLAY_GRACE.toNanos() / 2;
        publish(stream, "log", 3);
        EventStream.Subscriber back = stream.subscribe(i -> true, 2);
        assertThat(drain(back)).as("reconnected within the grace: nothing missed").containsExactly(3L, 4L, 5L);
        back.close();

        now[0] += EventStream.REPLAY_GRACE.toNanos() + 1;
        publish(stream, "log", 2);
        EventStream.Subscriber late = stream.subscribe(i -> true, 5);
        assertThat(late.next(0)).isEqualTo(new EventStream.Gap(5, 8));
    }
}
