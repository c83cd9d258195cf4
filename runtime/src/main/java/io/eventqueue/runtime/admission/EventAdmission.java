package io.eventqueue.runtime.admission;

import io.eventqueue.runtime.event.Event;

import java.util.List;

/** What the protocol adapters hand decoded events to: {@link LogAdmission}, traced or not. */
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
