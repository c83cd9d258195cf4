package io.eventqueue.runtime.event;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * An accepted event as an SDK CloudEvent (webhook sink, Kafka records, filters): the inverse of
 * {@link CloudEventReader}.
 */
public final class CloudEventWriter {
    private CloudEventWriter() {
    }

    /** The event as a CloudEvent with its data in its content type, dataschema, extensions and trace context. */
    public static CloudEvent toCloudEvent(Event event) {
        return builder(event).build();
    }

    /** {@link #toCloudEvent}'s builder, for a writer that adds attributes of its own before building once. */
    public static CloudEventBuilder builder(Event event) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(event.id())
                .withType(event.type())
                .withSource(uriReference(event.source()))
                .withTime(event.time().atOffset(ZoneOffset.UTC));
        if (event.payload().contentType().isPresent()) {
            builder.withDataContentType(event.payload().contentType().get()).withData(event.payload().bytes());
        }
        event.subject().ifPresent(builder::withSubject);
        return withExtensions(builder, event);
    }

    /** The producer's {@code dataschema}, extensions and trace context on {@code builder}. */
    public static CloudEventBuilder withExtensions(CloudEventBuilder builder, Event event) {
        event.dataSchema().ifPresent(schema -> builder.withDataSchema(uriReference(schema)));
        for (Map.Entry<String, Object> e : event.extensions().entrySet()) {
            switch (e.getValue()) {
                case Boolean b -> builder.withExtension(e.getKey(), b);
                case Number n -> builder.withExtension(e.getKey(), n);
                default -> builder.withExtension(e.getKey(), String.valueOf(e.getValue()));
            }
        }
        // The producer's distributed-tracing extension travels as it came (ce-traceparent in binary mode); the
        // traceparent header, when tracing is on, is the delivery span's, a child in the same trace.
        event.trace().ifPresent(trace -> {
            builder.withExtension(TraceContext.TRACEPARENT, trace.traceparent());
            if (trace.tracestate() != null) {
                builder.withExtension(TraceContext.TRACESTATE, trace.tracestate());
            }
        });
        return builder;
    }

    /** A URI-reference attribute (source, dataschema) as the SDK types it, whatever string the producer sent. */
    public static URI uriReference(String source) {
        try {
            return new URI(source);
        } catch (URISyntaxException e) {
            try {
                // Not a URI reference as sent (e.g. spaces): carry it percent-encoded as a relative path.
                return new URI(null, null, source, null);
            } catch (URISyntaxException impossible) {
                throw new IllegalArgumentException(impossible);
            }
        }
    }
}
