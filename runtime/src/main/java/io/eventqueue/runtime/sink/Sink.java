package io.eventqueue.runtime.sink;

import io.eventqueue.runtime.process.ProcessedEvent;

import java.io.IOException;

/**
 * Where processed events go (stdout, a file, a webhook…). Workers call {@link #write} concurrently, so implementations
 * are thread-safe. A write that throws fails that delivery attempt; retries and dead-lettering are the caller's business
 * (see {@link io.eventqueue.runtime.delivery.EventConsumer}).
 */
public interface Sink extends AutoCloseable {
    /** Short stable name for logs and metrics: {@code log}, {@code file}, {@code webhook}. */
    String name();

    void write(ProcessedEvent event) throws IOException;

    /** Pushes buffered writes out; called when the queue runs empty and before shutdown. */
    default void flush() throws IOException {
    }

    /** Flushes and releases resources; called once, after the last write. */
    @Override
    default void close() throws IOException {
        flush();
    }
}
