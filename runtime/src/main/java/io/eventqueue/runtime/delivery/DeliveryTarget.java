package io.eventqueue.runtime.delivery;

/** One destination of processed items, as seen by the {@link Dispatcher}: a name and one attempt at a time. */
public interface DeliveryTarget<T> {
    String name();

    /**
     * Attempts one delivery. Must not throw for delivery failures; an unexpected exception counts as retryable.
     *
     * @param attempt 1 for the first attempt of this item to this target
     */
    DeliveryOutcome deliver(T item, int attempt);
}
