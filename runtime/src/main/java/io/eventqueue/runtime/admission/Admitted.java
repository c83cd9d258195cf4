package io.eventqueue.runtime.admission;

import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.log.Document;

import java.util.Set;

/**
 * An event on its way from admission to delivery, with everything delivery needs to finish it: where it is in the
 * event log (to ack it), where it is in the read index (to show its status), and its public document.
 *
 * @param position      the event log's position of this event
 * @param readPosition  its entry in the read index
 * @param attemptsSoFar delivery attempts before this one (a dead-letter replay continues the count)
 * @param roundSoFar    of those, the attempts of the current round of {@code delivery.max-attempts}: 0 for a new
 *                      event or a dead-letter replay, the attempts made for a retry the log kept
 * @param sinks         the sinks to deliver to, {@link #EVERY_SINK} for all
 */
public record Admitted(Event event, long position, long readPosition, Document document, int attemptsSoFar,
                       int roundSoFar, Set<String> sinks) {

    /** The sink name meaning "every sink", as dead letters of a failed processor record it. */
    public static final String ALL = "*";
    public static final Set<String> EVERY_SINK = Set.of(ALL);

    public Admitted {
        sinks = Set.copyOf(sinks);
    }

    public boolean toEverySink() {
        return sinks.contains(ALL);
    }
}
