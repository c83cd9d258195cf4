package io.eventqueue.runtime.queue;

import io.eventqueue.runtime.event.Event;

import java.time.Duration;

/**
 * What a worker does with one event taken from the queue: process it and hand it to the sinks. The built-in
 * {@link io.eventqueue.runtime.process.DirectDelivery} tries once; a retrying / dead-lettering / journal-acking
 * implementation replaces or wraps it. Called concurrently by the workers; must not throw.
 */
public interface EventConsumer {
    void consume(Event event);

    /** The queue ran empty: a good moment to flush buffered sink output. */
    default void idle() {
    }

    /**
     * The workers are idle and the queue is empty: waits up to {@code timeout} for deliveries still pending elsewhere
     * (retries on a scheduler); false when some are left.
     */
    default boolean awaitSettled(Duration timeout) throws InterruptedException {
        return true;
    }

    /** No more events will come: flush and close the sinks. */
    default void close() {
    }
}
