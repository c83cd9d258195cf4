package io.eventqueue.runtime.delivery;

import io.eventqueue.runtime.admission.Admitted;

import java.time.Duration;

/**
 * What a worker does with one event taken from the queue ({@link EventDelivery}, observed or not). Called
 * concurrently by the workers; must not throw.
 */
public interface EventConsumer {
    void consume(Admitted event);

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
