package io.eventqueue.runtime.process;

import io.eventqueue.runtime.event.Event;

/**
 * Per-type processing between the queue and the sinks (enrich, normalise, transform). Registered with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.eventqueue.runtime.process.EventProcessor});
 * a type without a processor goes to the sinks unchanged. Implementations are thread-safe: workers call them concurrently.
 */
public interface EventProcessor {
    /** The event type handled, as in {@link io.eventqueue.runtime.event.EventType#name()}. */
    String type();

    /** The event the sinks receive: the same one or a changed copy. Throwing fails this delivery attempt. */
    Event process(Event event) throws Exception;
}
