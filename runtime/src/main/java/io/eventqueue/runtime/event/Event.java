package io.eventqueue.runtime.event;

import com.fasterxml.jackson.core.JsonGenerator;
import io.eventqueue.runtime.observe.TraceContext;

import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One accepted event, already validated. The CloudEvents context attributes are first-class; {@code payload} is the
 * typed data its {@link EventType} produced.
 *
 * @param encodedBytes size of the event as received, counted against the queue's byte bound
 * @param trace        the trace its processing continues (stored with it, so it survives the queue); empty untraced
 */
public record Event(String id,
                    String type,
                    String source,
                    Optional<String> subject,
                    Instant time,
                    Instant receivedAt,
                    EventPayload payload,
                    int encodedBytes,
                    Optional<TraceContext> trace) {
    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(trace, "trace");
    }

    /** An untraced event. */
    public Event(String id, String type, String source, Optional<String> subject, Instant time, Instant receivedAt,
                 EventPayload payload, int encodedBytes) {
        this(id, type, source, subject, time, receivedAt, payload, encodedBytes, Optional.empty());
    }

    /** This event, to be processed in {@code trace}. */
    public Event withTrace(Optional<TraceContext> trace) {
        return new Event(id, type, source, subject, time, receivedAt, payload, encodedBytes, trace);
    }

    /**
     * Writes this event's members ({@code id} … {@code data}) into an open JSON object: the one shape the sink line,
     * the read API and the journal record share.
     */
    public void writeFields(JsonGenerator g) throws IOException {
        g.writeStringField("id", id);
        g.writeStringField("type", type);
        g.writeStringField("source", source);
        if (subject.isPresent()) {
            g.writeStringField("subject", subject.get());
        }
        Timestamps.writeField(g, "time", time);
        Timestamps.writeField(g, "received_at", receivedAt);
        g.writeObjectFieldStart("data");
        payload.writeFields(g);
        g.writeEndObject();
    }
}
