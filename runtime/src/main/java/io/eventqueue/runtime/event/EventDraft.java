package io.eventqueue.runtime.event;


import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An event as read from the wire, before validation. Attribute values are raw (any JSON value or null when absent);
 * {@link #style} decides how field names appear in violations, so a client sees the names it sent.
 *
 * @param data            the data as a plain JSON value (Map, List, String, Long, BigInteger, Double, Boolean), an
 *                        {@link OpaqueData} when its content type is not JSON, or null when the event has none
 * @param dataContentType the {@code datacontenttype} attribute, raw
 * @param dataSchema      the {@code dataschema} attribute, raw
 * @param extensions      extension attributes by name, raw; never the tracing pair (that is {@code trace})
 */
public record EventDraft(Style style,
                         Object id,
                         Object type,
                         Object source,
                         Object time,
                         Object subject,
                         Object data,
                         Object dataContentType,
                         Object dataSchema,
                         Map<String, Object> extensions,
                         int encodedBytes,
                         Optional<TraceContext> trace) {
    public EventDraft {
        Objects.requireNonNull(extensions, "extensions");
        Objects.requireNonNull(trace, "trace");
    }

    /** A draft with its data and no other optional attribute. */
    public EventDraft(Style style, Object id, Object type, Object source, Object time, Object subject, Object data,
                      int encodedBytes) {
        this(style, id, type, source, time, subject, data, null, null, Map.of(), encodedBytes, Optional.empty());
    }

    /** This draft with another size as received. */
    public EventDraft withEncodedBytes(int bytes) {
        return new EventDraft(style, id, type, source, time, subject, data, dataContentType, dataSchema, extensions,
                bytes, trace);
    }

    /** Where the draft came from: which request shape, so violations name the fields as the client sent them. */
    public enum Style {
        /** The Go Event Queue API's {@code {"event":{…}}} envelope. */
        ENVELOPE("event.event_id", "event.event_type", "event.source", "event.time", "event.subject", "event"),
        /** A CloudEvent, and the event gateway's {@code {"type","source","subject","data"}}, which shares its names. */
        CLOUDEVENT("id", "type", "source", "time", "subject", "data"),
        /** The flat {@code {"event_type":…, …}} body: data members are the body's own. */
        FLAT("event_id", "event_type", "source", "timestamp", "subject", ""),
        /** {@code {"id","timestamp","payload"}}. */
        PAYLOAD("id", "type", "source", "timestamp", "subject", "payload");

        final String id;
        final String type;
        final String source;
        final String time;
        final String subject;
        final String dataPrefix;

        Style(String id, String type, String source, String time, String subject, String dataPrefix) {
            this.id = id;
            this.type = type;
            this.source = source;
            this.time = time;
            this.subject = subject;
            this.dataPrefix = dataPrefix;
        }
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> dataFields() {
        return data instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }
}
