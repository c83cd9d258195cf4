package io.eventqueue.runtime.log.journal;

import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.log.DocumentArena;
import io.eventqueue.runtime.log.EventCodec;
import io.eventqueue.runtime.log.EventLog;
import io.eventqueue.runtime.log.LogFullException;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code durability: journal}: an event is in the segmented journal before admission answers, so it survives a
 * process crash; positions are journal sequences. Each event's public document is copied from its journal record
 * into the reads' {@link DocumentArena}, so the index keeps a small handle, not the record.
 */
public final class JournalLog implements EventLog {
    private static final System.Logger LOG = System.getLogger(JournalLog.class.getName());

    private final Journal journal;
    private final EventCodec codec;
    private final DocumentArena documents;

    public JournalLog(Journal journal, EventCodec codec, DocumentArena documents) {
        this.journal = journal;
        this.codec = codec;
        this.documents = documents;
        journal.recoveryProblems().forEach(p -> LOG.log(System.Logger.Level.WARNING, p));
    }

    @Override
    public String mode() {
        return "journal";
    }

    @Override
    public List<Appended> append(List<Event> events) throws LogFullException {
        List<EventCodec.Record> records = new ArrayList<>(events.size());
        List<byte[]> bytes = new ArrayList<>(events.size());
        for (Event event : events) {
            EventCodec.Record record = codec.record(event);
            records.add(record);
            bytes.add(record.bytes());
        }
        long[] sequences;
        try {
            sequences = journal.append(bytes);
        } catch (JournalFullException e) {
            throw new LogFullException(e.getMessage());
        }
        List<Appended> out = new ArrayList<>(events.size());
        for (int i = 0; i < sequences.length; i++) {
            out.add(new Appended(sequences[i], records.get(i).publicDocument(documents, events.get(i).encodedBytes())));
        }
        return out;
    }

    @Override
    public void ack(long... positions) {
        journal.ack(positions);
    }

    @Override
    public int recover(Recovered recovery) throws IOException, InterruptedException {
        int[] unreadable = {0};
        boolean[] stopped = {false};
        journal.forEachRecovered(entry -> {
            if (stopped[0]) {
                return;
            }
            Event event;
            try {
                event = codec.decode(entry.payload());
            } catch (Exception e) {
                LOG.log(System.Logger.Level.ERROR, "journal entry " + entry.sequence() + " cannot be replayed ("
                        + e.getMessage() + "); dropping it");
                journal.ack(entry.sequence());
                unreadable[0]++;
                return;
            }
            stopped[0] = !recovery.recovered(entry.sequence(), event);
        });
        return unreadable[0];
    }

    /** How many entries {@link #recover} hands back (unreadable ones included). */
    public long recoveredCount() {
        return journal.recoveredCount();
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
        return true;
    }

    @Override
    public boolean reachable() {
        return journal.writable();
    }

    @Override
    public long usedBytes() {
        return journal.usedBytes();
    }

    @Override
    public long unacked() {
        return journal.liveEntries();
    }

    @Override
    public Map<String, Object> stats() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("journal_bytes", journal.usedBytes());
        out.put("journal_max_bytes", journal.maxBytes());
        out.put("journal_unacked", journal.liveEntries());
        return out;
    }

    @Override
    public void close() {
        journal.close();
    }
}
