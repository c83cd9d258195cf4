package io.eventqueue.runtime.http;

import io.eventqueue.runtime.process.ProcessedEvent;
import io.eventqueue.runtime.sink.Sink;

import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A sink that holds every write until {@link #release()}: a stand-in for a slow downstream. */
final class BlockingSink implements Sink {
    private final CountDownLatch gate = new CountDownLatch(1);
    private final AtomicInteger waiting = new AtomicInteger();
    final List<String> written = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    @Override
    public String name() {
        return "blocking";
    }

    @Override
    public void write(ProcessedEvent event) throws InterruptedIOException {
        waiting.incrementAndGet();
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while blocked");
        } finally {
            waiting.decrementAndGet();
        }
        written.add(event.event().id());
    }

    int waiting() {
        return waiting.get();
    }

    void release() {
        gate.countDown();
    }

    @Override
    public void close() {
        closed = true;
    }
}
