package io.eventqueue.runtime.delivery;

import io.eventqueue.runtime.admission.Admitted;

/**
 * What a worker does with one event taken from the queue ({@link EventDelivery}, observed or not). Called
 * concurrently by the workers; must not throw.
 */
public interface EventConsumer {
    void consume(Admitted event);

    /** The queue ran empty: a good moment to flush buffered sink output. */
    default void idle() {
    }

    /** No more events will come: flush and close the sinks. */
    default void close() {
    }
}
