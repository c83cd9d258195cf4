package io.eventqueue.runtime.log;

import io.eventqueue.runtime.event.Event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code durability: memory}: an accepted event lives only in the bounded queue, so appending stores nothing and
 * acking forgets nothing. Positions still count up, so what travels through the pipeline looks the same in every
 * mode. A document is rendered from the event when a reader first asks for it.
 */
public final class MemoryLog implements EventLog {
    private final AtomicLong next = new AtomicLong();

    @Override
    public String mode() {
        return "memory";
    }

    @Override
    public List<Appended> append(List<Event> events) {
        long first = next.getAndAdd(events.size());
        List<Appended> out = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            out.add(new Appended(first + i, new Document(() -> EventCodec.publicJson(event), event.encodedBytes())));
        }
        return out;
    }

    @Override
    public void ack(long... positions) {
    }

    @Override
    public int recover(Recovered recovery) {
        return 0;
    }

    /** Admission queues what it appended: this process delivers all of it. */
    @Override
    public boolean feedsDelivery() {
        return false;
    }

    @Override
    public void startFeed(Feed feed) {
    }

    /** Retries wait in delivery's memory: the event stays unacked in this log until they end. */
    @Override
    public boolean keepRetry(Event event, Retry retry, Instant notBefore, String reason) {
        return false;
    }

    @Override
    public boolean redeliversAfterRestart() {
        return false;
    }

    /** The in-memory queue is its own log, always reachable. */
    @Override
    public boolean reachable() {
        return true;
    }

    @Override
    public long usedBytes() {
        return 0;
    }

    @Override
    public long unacked() {
        return 0;
    }

    @Override
    public Map<String, Object> stats() {
        return Map.of();
    }

    @Override
    public void close() {
    }
}
