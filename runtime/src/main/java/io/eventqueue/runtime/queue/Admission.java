package io.eventqueue.runtime.queue;

/** The answer of the queue to an offer. */
public enum Admission {
    ACCEPTED,
    /** {@code queue.capacity} events are already waiting. */
    FULL,
    /** {@code queue.max-bytes} would be exceeded. */
    FULL_BYTES,
    /** The runtime is draining for shutdown and takes nothing new. */
    CLOSED
}
