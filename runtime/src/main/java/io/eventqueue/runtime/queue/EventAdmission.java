package io.eventqueue.runtime.queue;

import io.eventqueue.runtime.event.Event;

import java.util.List;

/**
 * The producer side of the queue, as the HTTP layer sees it. A durable implementation (journal before 202) wraps
 * {@link BoundedEventQueue} behind this interface.
 */
public interface EventAdmission {
    Admission offer(Event event);

    /** All or nothing: either every event is admitted or none is. */
    Admission offerAll(List<Event> events);

    /** Each event on its own (a non-atomic batch); a durable implementation writes them in one journal commit. */
    default List<Admission> offerEach(List<Event> events) {
        List<Admission> out = new java.util.ArrayList<>(events.size());
        for (Event e : events) {
            out.add(offer(e));
        }
        return out;
    }

    /** Stop admitting: every later offer answers {@link Admission#CLOSED}. */
    void close();

    boolean isClosed();
}
