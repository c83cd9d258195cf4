package io.eventqueue.runtime.event;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One accepted event, already validated. The CloudEvents context attributes are first-class; {@code payload} is the
 * typed data its {@link EventType} produced.
 *
 * @param encodedBytes size of the event as received, counted against the queue's byte bound
 */
public record Event(String id,
                    String type,
                    String source,
                    Optional<String> subject,
                    Instant time,
                    Instant receivedAt,
                    EventPayload payload,
                    int encodedBytes) {
    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(payload, "payload");
    }
}
