package io.eventqueue.runtime.delivery;

import io.eventqueue.runtime.admission.Admitted;
import io.eventqueue.runtime.admission.BoundedEventQueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code queue.workers} threads taking events from the queue and handing them to the {@link EventConsumer}.
 * {@link #drain(Duration)} waits until the queue is empty and every worker idle.
 */
public final class WorkerPool {
    private static final long IDLE_POLL_MILLIS = 200;
    /** Sinks are flushed once the queue has been empty this long, not after every event: one write per burst. */
    private static final long FLUSH_IDLE_MILLIS = 20;
    private static final long MAX_FLUSH_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final BoundedEventQueue queue;
    private final EventConsumer consumer;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger busy = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private volatile boolean running = true;

    public WorkerPool(BoundedEventQueue queue, EventConsumer consumer, int workers) {
        this.queue = queue;
        this.consumer = consumer;
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(this::run, "eventqueue-worker-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
    }

    public void start() {
        threads.forEach(Thread::start);
    }

    private void run() {
        boolean dirty = false;
        long lastFlush = System.nanoTime();
        while (running) {
            Admitted event;
            try {
                event = queue.poll(dirty ? FLUSH_IDLE_MILLIS : IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (event == null) {
                if (dirty) {
                    consumer.idle();
                    dirty = false;
                    lastFlush = System.nanoTime();
                }
                signalIfDrained();
                continue;
            }
            busy.incrementAndGet();
            try {
                consumer.consume(event);
            } finally {
                busy.decrementAndGet();
            }
            dirty = true;
            // Under steady load the queue is never idle; flush at least this often so output is not held back.
            if (System.nanoTime() - lastFlush > MAX_FLUSH_DELAY_NANOS) {
                consumer.idle();
                dirty = false;
                lastFlush = System.nanoTime();
            }
        }
    }

    private void signalIfDrained() {
        if (queue.depth() == 0 && busy.get() == 0) {
            lock.lock();
            try {
                drained.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Waits until nothing is queued or in progress and the consumer has settled what it still retries; false when
     * {@code timeout} passed first.
     */
    public boolean drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (queue.depth() > 0 || busy.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                // Bounded wait: a worker signals when it finds the queue empty, the bound covers a missed signal.
                drained.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(IDLE_POLL_MILLIS)));
            }
        } finally {
            lock.unlock();
        }
        return consumer.awaitSettled(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /**
     * Stops the workers after their current event, waiting up to {@code timeout}, then closes the consumer. Workers
     * are not interrupted: an interrupt in file I/O closes the channel and would lose what the sink still buffers.
     * A worker stuck past the timeout is a daemon thread and ends with the process.
     */
    public void stop(Duration timeout) throws InterruptedException {
        running = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left > 0) {
                t.join(left);
            }
        }
        consumer.close();
    }

    public int busy() {
        return busy.get();
    }

    public int size() {
        return threads.size();
    }
}
