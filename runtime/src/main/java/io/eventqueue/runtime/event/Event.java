package io.eventqueue.runtime.event;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One accepted event, already validated. The CloudEvents context attributes are first-class; {@code payload} is its
 * data with the data's content type (typed for a built-in type, JSON or opaque bytes otherwise).
 *
 * @param dataSchema   the CloudEvents {@code dataschema} attribute as sent
 * @param extensions   the CloudEvents extension attributes as sent (String, Long or Boolean values), sorted by name;
 *                     the distributed-tracing pair is {@code trace}, not here
 * @param encodedBytes size of the event as received, counted against the queue's byte bound
 * @param trace        the trace its processing continues (stored with it, so it survives the queue); empty untraced
 */
public record Event(String id,
                    String type,
                    String source,
                    Optional<String> subject,
                    Instant time,
                    Instant receivedAt,
                    EventData payload,
                    Optional<String> dataSchema,
                    Map<String, Object> extensions,
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
        Objects.requireNonNull(dataSchema, "dataSchema");
        Objects.requireNonNull(trace, "trace");
        extensions = Collections.unmodifiableMap(new TreeMap<>(extensions));
    }

    /** An untraced event without dataschema or extensions. */
    public Event(String id, String type, String source, Optional<String> subject, Instant time, Instant receivedAt,
                 EventData payload, int encodedBytes) {
        this(id, type, source, subject, time, receivedAt, payload, Optional.empty(), Map.of(), encodedBytes,
                Optional.empty());
    }

    /** This event, to be processed in {@code trace}. */
    public Event withTrace(Optional<TraceContext> trace) {
        return new Event(id, type, source, subject, time, receivedAt, payload, dataSchema, extensions, encodedBytes,
                trace);
    }

    /**
     * Writes this event's members ({@code id} … {@code data}) into an open JSON object: the one shape the sink line,
     * the read API and the journal record share. {@code dataschema} and {@code extensions} (an object, so that no
     * extension name can collide with a member of the document) appear only when the producer set them.
     */
    public void writeFields(JsonGenerator g) throws IOException {
        g.writeStringField("id", id);
        g.writeStringField("type", type);
        g.writeStringField("source", source);
        if (subject.isPresent()) {
            g.writeStringField("subject", subject.get());
        }
        if (dataSchema.isPresent()) {
            g.writeStringField("dataschema", dataSchema.get());
        }
        Timestamps.writeField(g, "time", time);
        Timestamps.writeField(g, "received_at", receivedAt);
        if (!extensions.isEmpty()) {
            g.writeObjectFieldStart("extensions");
            for (Map.Entry<String, Object> e : extensions.entrySet()) {
                g.writeFieldName(e.getKey());
                JsonData.write(g, e.getValue());
            }
            g.writeEndObject();
        }
        payload.writeData(g);
    }
}
