package io.eventqueue.runtime.admission;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In-memory queue between admission and delivery, bounded by event count and by bytes. Offers never block: a full queue answers at once, so a request
 * is never parked waiting for room. Space is reserved with compare-and-set before the event is enqueued and released
 * when a worker takes it.
 */
public final class BoundedEventQueue {
    private final int capacity;
    private final long maxBytes;
    // Unbounded by itself; the reservations below keep it within capacity.
    private final LinkedBlockingQueue<Admitted> events = new LinkedBlockingQueue<>();
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile boolean closed;

    public BoundedEventQueue(int capacity, long maxBytes) {
        if (capacity < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("capacity and maxBytes must be positive");
        }
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    public Admission offer(Admitted event) {
        Admission a = reserve(1, event.event().encodedBytes());
        if (a == Admission.ACCEPTED) {
            events.add(event);
        }
        return a;
    }

    /** All or nothing. */
    public Admission offerAll(List<Admitted> batch) {
        long size = 0;
        for (Admitted e : batch) {
            size += e.event().encodedBytes();
        }
        Admission a = reserve(batch.size(), size);
        if (a == Admission.ACCEPTED) {
            events.addAll(batch);
        }
        return a;
    }

    private Admission reserve(int n, long size) {
        if (closed) {
            return Admission.CLOSED;
        }
        long c;
        do {
            c = count.get();
            if (c + n > capacity) {
                return Admission.FULL;
            }
        } while (!count.compareAndSet(c, c + n));
        long b;
        do {
            b = bytes.get();
            if (b + size > maxBytes) {
                count.addAndGet(-n);
                return Admission.FULL_BYTES;
            }
        } while (!bytes.compareAndSet(b, b + size));
        return Admission.ACCEPTED;
    }

    /** Waits up to {@code timeout} for an event; null when none arrived. */
    public Admitted poll(long timeout, TimeUnit unit) throws InterruptedException {
        Admitted e = events.poll(timeout, unit);
        if (e != null) {
            release(e);
        }
        return e;
    }

    /** Removes every waiting event without processing it (after a drain timed out); returns how many. */
    public int discard() {
        int n = 0;
        Admitted e;
        while ((e = events.poll()) != null) {
            release(e);
            n++;
        }
        return n;
    }

    private void release(Admitted e) {
        count.decrementAndGet();
        bytes.addAndGet(-e.event().encodedBytes());
    }

    public void close() {
        closed = true;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Events waiting (reserved ones included). */
    public int depth() {
        return (int) count.get();
    }

    public long bytes() {
        return bytes.get();
    }

    public int capacity() {
        return capacity;
    }

    public long maxBytes() {
        return maxBytes;
    }
}
