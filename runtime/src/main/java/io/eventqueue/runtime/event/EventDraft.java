package io.eventqueue.runtime.event;

import io.eventqueue.runtime.observe.TraceContext;

import java.util.Map;
import java.util.Optional;

/**
 * An event as read from the wire, before validation. Attribute values are raw (any JSON value or null when absent);
 * {@link #style} decides how field names appear in violations, so a client sees the names it sent.
 */
public record EventDraft(Style style,
                         Object id,
                         Object type,
                         Object source,
                         Object time,
                         Object subject,
                         Object data,
                         int encodedBytes,
                         Optional<TraceContext> trace) {

    /** A draft without the CloudEvents distributed-tracing extension. */
    public EventDraft(Style style, Object id, Object type, Object source, Object time, Object subject, Object data,
                      int encodedBytes) {
        this(style, id, type, source, time, subject, data, encodedBytes, Optional.empty());
    }

    /** Where the draft came from: the Go Event Queue API's envelope or a CloudEvent. */
    public enum Style {
        ENVELOPE("event.event_id", "event.event_type", "event.source", "event.time", "event.subject", "event"),
        CLOUDEVENT("id", "type", "source", "time", "subject", "data");

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
