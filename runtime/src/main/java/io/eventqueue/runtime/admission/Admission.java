package io.eventqueue.runtime.admission;

/** The answer of the queue to an offer. */
public enum Admission {
    ACCEPTED,
    /** {@code queue.capacity} events are already waiting. */
    FULL,
    /** {@code queue.max-bytes} would be exceeded. */
    FULL_BYTES,
    /** The runtime is draining for shutdown and takes nothing new. */
    CLOSED,
    /** The same event (source, type, id) was accepted within the dedup window: acknowledged, not queued again. */
    DUPLICATE,
    /** The journal reached {@code journal.max-bytes}: nothing more is accepted until deliveries free space. */
    JOURNAL_FULL
}
