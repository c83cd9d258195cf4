package io.eventqueue.runtime.delivery;

import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.queue.Admission;
import io.eventqueue.runtime.queue.BoundedEventQueue;
import io.eventqueue.runtime.queue.EventAdmission;
import io.eventqueue.runtime.store.DedupWindow;
import io.eventqueue.runtime.store.Document;
import io.eventqueue.runtime.store.DocumentArena;
import io.eventqueue.runtime.store.EventCodec;
import io.eventqueue.runtime.store.Journal;
import io.eventqueue.runtime.store.JournalFullException;
import io.eventqueue.runtime.store.RecentEvents;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Admission with durability: duplicates are acknowledged without queueing, and (in journal mode) an event is in
 * the journal before it enters the queue, so a 202 implies it survives a crash. A batch is one journal commit.
 *
 * <p>Each admitted event gets a {@link Ticket} (journal sequence, read-index position, attempts so far) that the
 * worker picks up with {@link #ticket(Event)}. Events taken from the queue are the same objects that were offered,
 * so tickets are looked up by identity.
 *
 * <p>Closing waits for admissions in progress: an event written to the journal then refused by a just-closed queue
 * would stay unacked after a clean shutdown (the journal closes right after the drain) and be delivered on the
 * next start although its client was told 503.
 */
public final class DurableAdmission implements EventAdmission {

    /**
     * What the delivery side needs to know about an admitted event.
     *
     * @param document the event as users see it, shared by the read index and the live stream
     */
    public record Ticket(long sequence, long position, int attemptsSoFar, List<String> onlySinks, Document document) {
        /** @return the sinks to deliver to, or null for all */
        public List<String> sinks() {
            return onlySinks;
        }
    }

    private final BoundedEventQueue queue;
    private final Journal journal;
    private final EventCodec codec;
    private final DedupWindow dedup;
    private final RecentEvents index;
    private final DocumentArena documents;
    private final ConcurrentHashMap<IdentityKey, Ticket> tickets = new ConcurrentHashMap<>();
    private final ReadWriteLock gate = new ReentrantReadWriteLock();

    /**
     * @param journal   null in {@code memory} durability
     * @param documents where the public documents of journaled events are kept for reads (rendered from the event
     *                  when there is no journal record)
     */
    public DurableAdmission(BoundedEventQueue queue, Journal journal, EventCodec codec, DedupWindow dedup, RecentEvents index,
                            DocumentArena documents) {
        this.queue = queue;
        this.journal = journal;
        this.codec = codec;
        this.dedup = dedup;
        this.index = index;
        this.documents = documents;
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
        List<Integer> fresh = new ArrayList<>(events.size());
        List<String> unadmitted = new ArrayList<>();
        int room = queue.capacity() - queue.depth();
        for (int i = 0; i < identities.length; i++) {
            if (!first[i]) {
                // A repeat of an item refused as FULL earlier in this batch is refused the same way.
                result[i] = unadmitted.contains(identities[i]) ? Admission.FULL : Admission.DUPLICATE;
            } else if (fresh.size() >= room) {
                // Cheap pre-check so a full queue does not cost journal writes; the queue decides for real below.
                unadmitted.add(identities[i]);
                result[i] = Admission.FULL;
            } else {
                fresh.add(i);
            }
        }
        Journaled journaled = journalAppend(events, fresh);
        if (journaled == null) {
            for (int i : fresh) {
                unadmitted.add(identities[i]);
                result[i] = Admission.JOURNAL_FULL;
            }
        } else {
            for (int k = 0; k < fresh.size(); k++) {
                int i = fresh.get(k);
                result[i] = enqueue(events.get(i), journaled.sequences[k], journaled.record(k), 0, null);
                if (result[i] != Admission.ACCEPTED) {
                    unadmitted.add(identities[i]);
                }
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
        if (fresh.size() > queue.capacity() - queue.depth()) {
            dedup.forgetAll(freshIdentities);
            return Admission.FULL;
        }
        List<Integer> all = new ArrayList<>(fresh.size());
        for (int i = 0; i < fresh.size(); i++) {
            all.add(i);
        }
        Journaled journaled = journalAppend(fresh, all);
        if (journaled == null) {
            dedup.forgetAll(freshIdentities);
            return Admission.JOURNAL_FULL;
        }
        List<Long> positions = new ArrayList<>(fresh.size());
        for (int i = 0; i < fresh.size(); i++) {
            Event e = fresh.get(i);
            Document document = document(e, journaled.record(i));
            long position = track(e, document);
            positions.add(position);
            tickets.put(new IdentityKey(e), new Ticket(journaled.sequences[i], position, 0, null, document));
        }
        Admission admitted = queue.offerAll(fresh);
        if (admitted != Admission.ACCEPTED) {
            for (int i = 0; i < fresh.size(); i++) {
                undo(fresh.get(i), journaled.sequences[i], positions.get(i));
            }
            dedup.forgetAll(freshIdentities);
        }
        return admitted;
    }

    /**
     * Re-admits a dead-lettered event for the given sinks, keeping its id and attempt count. Not subject to dedup.
     */
    public Admission readmit(Event event, List<String> sinks, int attemptsSoFar) {
        return admitting(() -> {
            if (queue.isClosed()) {
                return Admission.CLOSED;
            }
            Journaled journaled = journalAppend(List.of(event), List.of(0));
            if (journaled == null) {
                return Admission.JOURNAL_FULL;
            }
            return enqueue(event, journaled.sequences[0], journaled.record(0), attemptsSoFar, sinks);
        });
    }

    /**
     * Puts the journal's recovered entries back in the queue in order, waiting for room (call before readiness).
     *
     * @return how many entries could not be decoded any more; they are acked and logged
     */
    public int replay(Duration pollInterval, System.Logger log) throws IOException, InterruptedException {
        int[] unreadable = {0};
        journal.forEachRecovered(entry -> {
            Event event;
            try {
                event = codec.decode(entry.payload());
            } catch (Exception e) {
                log.log(System.Logger.Level.ERROR, "journal entry " + entry.sequence() + " cannot be replayed ("
                        + e.getMessage() + "); dropping it");
                journal.ack(entry.sequence());
                unreadable[0]++;
                return;
            }
            dedup.firstSighting(identity(event));
            // Recovered records may predate the current layout: the document is rendered from the decoded event.
            Document document = document(event, null);
            long position = track(event, document);
            IdentityKey key = new IdentityKey(event);
            tickets.put(key, new Ticket(entry.sequence(), position, 0, null, document));
            while (queue.offer(event) != Admission.ACCEPTED) {
                if (queue.isClosed()) {
                    // Shutting down before replay finished: the entry stays in the journal for the next start.
                    tickets.remove(key);
                    return;
                }
                Thread.sleep(pollInterval.toMillis());
            }
        });
        return unreadable[0];
    }

    /** The ticket of an event taken from the queue (removed); null if it has none. */
    public Ticket ticket(Event event) {
        return tickets.remove(new IdentityKey(event));
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

    private Admission enqueue(Event event, long sequence, EventCodec.Record record, int attemptsSoFar, List<String> sinks) {
        Document document = document(event, record);
        long position = track(event, document);
        IdentityKey key = new IdentityKey(event);
        tickets.put(key, new Ticket(sequence, position, attemptsSoFar, sinks, document));
        Admission admitted = queue.offer(event);
        if (admitted != Admission.ACCEPTED) {
            tickets.remove(key);
            undo(event, sequence, position);
        }
        return admitted;
    }

    private void undo(Event event, long sequence, long position) {
        tickets.remove(new IdentityKey(event));
        if (journal != null && sequence >= 0) {
            journal.ack(sequence);
        }
        index.forget(position);
    }

    private long track(Event event, Document document) {
        return index.track(event.id(), event.type(), event.source(), event.receivedAt(), document);
    }

    /**
     * The event's public document: copied from its journal record into the arena when there is one (the index and
     * the stream then keep no per-event objects but a small handle), else rendered from the event when first read.
     */
    private Document document(Event event, EventCodec.Record record) {
        return record != null ? record.publicDocument(documents, event.encodedBytes())
                : new Document(() -> EventCodec.publicJson(event), event.encodedBytes());
    }

    /** Journal sequences of appended events (-1 each without a journal) and their records (none without one). */
    private record Journaled(long[] sequences, List<EventCodec.Record> records) {
        EventCodec.Record record(int k) {
            return records.isEmpty() ? null : records.get(k);
        }
    }

    /** @return what was appended, or null when the journal is full */
    private Journaled journalAppend(List<Event> events, List<Integer> which) {
        if (journal == null || which.isEmpty()) {
            long[] none = new long[which.size()];
            Arrays.fill(none, -1);
            return new Journaled(none, List.of());
        }
        List<EventCodec.Record> records = new ArrayList<>(which.size());
        List<byte[]> bytes = new ArrayList<>(which.size());
        for (int i : which) {
            EventCodec.Record record = codec.record(events.get(i));
            records.add(record);
            bytes.add(record.bytes());
        }
        try {
            return new Journaled(journal.append(bytes), records);
        } catch (JournalFullException e) {
            return null;
        }
    }

    /** Identity (not value) equality: two equal events offered twice are two tickets. */
    private record IdentityKey(Event event) {
        @Override
        public boolean equals(Object o) {
            return o instanceof IdentityKey k && k.event == event;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(event);
        }
    }
}
