package io.eventqueue.runtime.admission;

import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.log.Document;
import io.eventqueue.runtime.log.EventCodec;
import io.eventqueue.runtime.log.EventLog;
import io.eventqueue.runtime.log.LogFullException;
import io.eventqueue.runtime.log.LogUnavailableException;
import io.eventqueue.runtime.reads.RecentEvents;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Admission: duplicates are acknowledged without queueing, the queue's bounds answer backpressure, and an event is in
 * the {@link EventLog} before it enters the queue, so an answer of ACCEPTED means it is as safe as the durability
 * mode promises. A batch is one log commit. What enters the queue is an {@link Admitted} carrying its log position,
 * so delivery acks it without asking anyone.
 *
 * <p>Closing waits for admissions in progress: an event appended to the log then refused by a just-closed queue
 * would stay unacked after a clean shutdown (the log closes right after the drain) and be delivered on the next
 * start although its client was told 503.
 */
public final class LogAdmission implements EventAdmission {
    private final BoundedEventQueue queue;
    private final EventLog log;
    private final DedupWindow dedup;
    private final RecentEvents index;
    private final ReadWriteLock gate = new ReentrantReadWriteLock();

    public LogAdmission(BoundedEventQueue queue, EventLog log, DedupWindow dedup, RecentEvents index) {
        this.queue = queue;
        this.log = log;
        this.dedup = dedup;
        this.index = index;
    }

    /** The identity used for dedup: a native event's ids are per type, so the type is part of it. */
    public static String identity(Event event) {
        return DedupWindow.identity(event.source(), event.type(), event.id());
    }

    @Override
    public Admission offer(Event event) {
        return offerEach(List.of(event)).getFirst();
    }

    @Override
    public List<Admission> offerEach(List<Event> events) {
        return admitting(() -> admitEach(events));
    }

    private List<Admission> admitEach(List<Event> events) {
        Admission[] result = new Admission[events.size()];
        if (queue.isClosed()) {
            Arrays.fill(result, Admission.CLOSED);
            return Arrays.asList(result);
        }
        String[] identities = new String[events.size()];
        for (int i = 0; i < identities.length; i++) {
            identities[i] = identity(events.get(i));
        }
        // One dedup pass for the whole batch: one lock, one clock reading.
        boolean[] first = dedup.firstSightings(identities);
        List<Event> fresh = new ArrayList<>(events.size());
        List<Integer> freshAt = new ArrayList<>(events.size());
        List<String> unadmitted = new ArrayList<>();
        // With a log that feeds delivery itself the queue is the consumer's buffer, not admission's bound.
        int room = log.feedsDelivery() ? Integer.MAX_VALUE : queue.capacity() - queue.depth();
        for (int i = 0; i < identities.length; i++) {
            if (!first[i]) {
                // A repeat of an item refused as FULL earlier in this batch is refused the same way.
                result[i] = unadmitted.contains(identities[i]) ? Admission.FULL : Admission.DUPLICATE;
            } else if (fresh.size() >= room) {
                // Cheap pre-check so a full queue does not cost log writes; the queue decides for real below.
                unadmitted.add(identities[i]);
                result[i] = Admission.FULL;
            } else {
                fresh.add(events.get(i));
                freshAt.add(i);
            }
        }
        Stored stored = append(fresh);
        for (int k = 0; k < fresh.size(); k++) {
            int i = freshAt.get(k);
            result[i] = stored.refusal() != null ? stored.refusal()
                    : enqueue(fresh.get(k), stored.appended().get(k), 0, Admitted.EVERY_SINK);
            if (result[i] != Admission.ACCEPTED) {
                unadmitted.add(identities[i]);
            }
        }
        if (!unadmitted.isEmpty()) {
            dedup.forgetAll(unadmitted);
        }
        return Arrays.asList(result);
    }

    @Override
    public Admission offerAll(List<Event> events) {
        return admitting(() -> admitAll(events));
    }

    private Admission admitAll(List<Event> events) {
        if (queue.isClosed()) {
            return Admission.CLOSED;
        }
        String[] identities = new String[events.size()];
        for (int i = 0; i < identities.length; i++) {
            identities[i] = identity(events.get(i));
        }
        boolean[] first = dedup.firstSightings(identities);
        List<Event> fresh = new ArrayList<>(events.size());
        List<String> freshIdentities = new ArrayList<>(events.size());
        for (int i = 0; i < identities.length; i++) {
            if (first[i]) {
                fresh.add(events.get(i));
                freshIdentities.add(identities[i]);
            }
        }
        if (!log.feedsDelivery() && fresh.size() > queue.capacity() - queue.depth()) {
            dedup.forgetAll(freshIdentities);
            return Admission.FULL;
        }
        Stored stored = append(fresh);
        if (stored.refusal() != null) {
            dedup.forgetAll(freshIdentities);
            return stored.refusal();
        }
        if (log.feedsDelivery()) {
            return Admission.ACCEPTED;
        }
        List<Admitted> batch = new ArrayList<>(fresh.size());
        for (int i = 0; i < fresh.size(); i++) {
            batch.add(admitted(fresh.get(i), stored.appended().get(i), 0, 0, Admitted.EVERY_SINK));
        }
        Admission admitted = queue.offerAll(batch);
        if (admitted != Admission.ACCEPTED) {
            batch.forEach(this::undo);
            dedup.forgetAll(freshIdentities);
        }
        return admitted;
    }

    /**
     * Re-admits a dead-lettered event for the given sinks, keeping its id and attempt count. Not subject to dedup.
     */
    public Admission readmit(Event event, Set<String> sinks, int attemptsSoFar) {
        return admitting(() -> {
            if (queue.isClosed()) {
                return Admission.CLOSED;
            }
            Stored stored = append(List.of(event));
            return stored.refusal() != null ? stored.refusal()
                    : enqueue(event, stored.appended().getFirst(), attemptsSoFar, sinks);
        });
    }

    /**
     * Puts what the log recovered back in the queue in order, waiting for room (call before readiness). Stops
     * early when shutdown closes the queue: the rest stays in the log for the next start.
     *
     * @return how many entries could not be read back (the log acked and logged them)
     */
    public int replay(Duration pollInterval) throws IOException, InterruptedException {
        return log.recover((position, event) -> {
            dedup.firstSighting(identity(event));
            // Recovered records may predate the current layout: the document is rendered from the decoded event.
            Document document = new Document(() -> EventCodec.publicJson(event), event.encodedBytes());
            Admitted admitted = admitted(event, new EventLog.Appended(position, document), 0, 0, Admitted.EVERY_SINK);
            while (queue.offer(admitted) != Admission.ACCEPTED) {
                if (queue.isClosed()) {
                    index.forget(admitted.readPosition());
                    return false;
                }
                Thread.sleep(pollInterval.toMillis());
            }
            return true;
        });
    }

    /**
     * Takes an event the log feeds to this process's delivery (Kafka: this pod's share of the consumer group), without
     * dedup (admission did that where the event came in). A retry the log kept goes to its one target only and
     * continues its attempt count.
     *
     * @return false when the queue has no room now (the log offers it again later)
     */
    public boolean feed(long position, Event event, Optional<EventLog.Retry> retry) {
        Document document = new Document(() -> EventCodec.publicJson(event), event.encodedBytes());
        EventLog.Appended appended = new EventLog.Appended(position, document);
        Admitted admitted = retry.map(r -> admitted(event, appended, r.attemptsSoFar(), r.roundSoFar(),
                Set.of(r.target()))).orElseGet(() -> admitted(event, appended, 0, 0, Admitted.EVERY_SINK));
        if (queue.offer(admitted) == Admission.ACCEPTED) {
            return true;
        }
        index.forget(admitted.readPosition());
        return false;
    }

    /** Closes the queue once the admissions in progress are done; later ones are refused as CLOSED. */
    @Override
    public void close() {
        gate.writeLock().lock();
        try {
            queue.close();
        } finally {
            gate.writeLock().unlock();
        }
    }

    private <T> T admitting(Supplier<T> admission) {
        gate.readLock().lock();
        try {
            return admission.get();
        } finally {
            gate.readLock().unlock();
        }
    }

    @Override
    public boolean isClosed() {
        return queue.isClosed();
    }

    private Admission enqueue(Event event, EventLog.Appended appended, int attemptsSoFar, Set<String> sinks) {
        if (log.feedsDelivery()) {
            return Admission.ACCEPTED;
        }
        Admitted admitted = admitted(event, appended, attemptsSoFar, 0, sinks);
        Admission answer = queue.offer(admitted);
        if (answer != Admission.ACCEPTED) {
            undo(admitted);
        }
        return answer;
    }

    private Admitted admitted(Event event, EventLog.Appended appended, int attemptsSoFar, int roundSoFar,
                              Set<String> sinks) {
        long readPosition = index.track(event.id(), event.type(), event.source(), event.receivedAt(), appended.document());
        return new Admitted(event, appended.position(), readPosition, appended.document(), attemptsSoFar, roundSoFar,
                sinks);
    }

    private void undo(Admitted admitted) {
        log.ack(admitted.position());
        index.forget(admitted.readPosition());
    }

    /** What the log said to an append: one entry per event, or why none is stored. */
    private record Stored(List<EventLog.Appended> appended, Admission refusal) {
    }

    private Stored append(List<Event> events) {
        if (events.isEmpty()) {
            return new Stored(List.of(), null);
        }
        try {
            return new Stored(log.append(events), null);
        } catch (LogFullException e) {
            return new Stored(List.of(), Admission.JOURNAL_FULL);
        } catch (LogUnavailableException e) {
            return new Stored(List.of(), Admission.LOG_UNAVAILABLE);
        }
    }
}
