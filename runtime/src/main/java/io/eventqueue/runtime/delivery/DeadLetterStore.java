package io.eventqueue.runtime.delivery;

import io.eventqueue.runtime.log.RecordLog;
import io.eventqueue.runtime.log.journal.Journal;
import io.eventqueue.runtime.log.journal.JournalEntry;
import io.eventqueue.runtime.log.journal.JournalOptions;
import io.eventqueue.runtime.reads.Cursors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Bounded store of dead letters, written through a {@link RecordLog} (its own journal in {@code journal} mode).
 *
 * <p>Bounded by count and bytes: when a new dead letter does not fit, the oldest ones are evicted (counted in
 * {@link #evicted()} and logged) so a sink that stays down cannot exhaust memory or disk. Entries are keyed by
 * a store-assigned sequence, listed oldest first.
 */
public final class DeadLetterStore implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DeadLetterStore.class.getName());

    /** A dead letter with its key in this store. */
    public record Stored(long key, DeadLetter letter) {
    }

    /** One page of dead letters; {@code nextCursor} is null on the last page. */
    public record LetterPage(List<Stored> items, String nextCursor, int total) {
    }

    private final RecordLog records;
    private final int maxEntries;
    private final long maxBytes;
    private final TreeMap<Long, DeadLetter> letters = new TreeMap<>();
    private long bytes;
    private long evicted;

    private DeadLetterStore(RecordLog records, int maxEntries, long maxBytes) {
        if (maxEntries < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("dead-letter bounds must be positive");
        }
        this.records = records;
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** A store that lives only in memory (durability {@code memory}). */
    public static DeadLetterStore inMemory(int maxEntries, long maxBytes) {
        return new DeadLetterStore(RecordLog.inMemory(), maxEntries, maxBytes);
    }

    /** A store backed by its own journal; recovers the dead letters that were there. */
    public static DeadLetterStore open(JournalOptions options, int maxEntries, long maxBytes) throws IOException {
        Journal journal = Journal.open(options);
        DeadLetterStore store = new DeadLetterStore(journal, maxEntries, maxBytes);
        for (JournalEntry entry : journal.recovered()) {
            DeadLetter letter;
            try {
                letter = DeadLetter.decode(entry.payload());
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "dropping unreadable dead letter " + entry.sequence() + ": " + e.getMessage());
                journal.ack(entry.sequence());
                continue;
            }
            store.letters.put(entry.sequence(), letter);
            store.bytes += letter.footprint();
        }
        store.evictWhileOver(0, 0);
        return store;
    }

    /** Adds a dead letter, evicting the oldest ones if the bounds require it. */
    public synchronized Stored add(DeadLetter letter) {
        long footprint = letter.footprint();
        evictWhileOver(1, footprint);
        long key = records.append(letter.encode());
        letters.put(key, letter);
        bytes += footprint;
        return new Stored(key, letter);
    }

    /** Dead letters after {@code cursor} (exclusive), oldest first. */
    public synchronized LetterPage list(String cursor, int limit) {
        long after = Cursors.decode(cursor);
        List<Stored> items = new ArrayList<>(Math.min(limit, letters.size()));
        Long last = null;
        for (Map.Entry<Long, DeadLetter> e : letters.tailMap(after, false).entrySet()) {
            if (items.size() == limit) {
                break;
            }
            items.add(new Stored(e.getKey(), e.getValue()));
            last = e.getKey();
        }
        boolean more = last != null && letters.higherKey(last) != null;
        return new LetterPage(items, more ? Cursors.encode(last) : null, letters.size());
    }

    /** Dead letters whose event id is in {@code eventIds}, or all of them when it is empty, oldest first. */
    public synchronized List<Stored> select(Collection<String> eventIds) {
        Set<String> ids = Set.copyOf(eventIds);
        Predicate<DeadLetter> wanted = ids.isEmpty() ? l -> true : l -> ids.contains(l.eventId());
        List<Stored> out = new ArrayList<>();
        letters.forEach((key, letter) -> {
            if (wanted.test(letter)) {
                out.add(new Stored(key, letter));
            }
        });
        return out;
    }

    /** Removes a dead letter (after it was replayed); false when it was no longer there. */
    public synchronized boolean remove(long key) {
        DeadLetter letter = letters.remove(key);
        if (letter == null) {
            return false;
        }
        bytes -= letter.footprint();
        records.ack(key);
        return true;
    }

    public synchronized int size() {
        return letters.size();
    }

    public synchronized long bytes() {
        return bytes;
    }

    /** Dead letters dropped because the store was full. */
    public synchronized long evicted() {
        return evicted;
    }

    public int maxEntries() {
        return maxEntries;
    }

    /** Forces the store's journal to disk. */
    public void sync() {
        records.sync();
    }

    @Override
    public void close() {
        records.close();
    }

    private void evictWhileOver(int extraEntries, long extraBytes) {
        Iterator<Map.Entry<Long, DeadLetter>> oldest = letters.entrySet().iterator();
        while (oldest.hasNext() && (letters.size() + extraEntries > maxEntries || bytes + extraBytes > maxBytes)) {
            Map.Entry<Long, DeadLetter> e = oldest.next();
            oldest.remove();
            bytes -= e.getValue().footprint();
            evicted++;
            records.ack(e.getKey());
            LOG.log(System.Logger.Level.WARNING, "dead-letter store full: evicted the oldest dead letter (event "
                    + e.getValue().eventId() + ", sink " + e.getValue().sink() + ")");
        }
    }
}
