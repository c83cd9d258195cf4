package io.eventqueue.runtime.delivery;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.eventqueue.runtime.event.CloudEventWriter;
import io.eventqueue.runtime.event.Event;

import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/** An event's CloudEvents context attributes and extensions by name, as filters see them. */
final class EventAttributes {
    private EventAttributes() {
    }

    /** The attribute's (or extension's) value as a string; empty when the event does not have it. */
    static Optional<String> get(Event event, String name) {
        return switch (name) {
            case "id" -> Optional.of(event.id());
            case "type" -> Optional.of(event.type());
            case "source" -> Optional.of(event.source());
            case "specversion" -> Optional.of("1.0");
            case "subject" -> event.subject();
            case "time" -> Optional.of(event.time().toString());
            case "datacontenttype" -> event.payload().contentType();
            case "dataschema" -> event.dataSchema();
            case "traceparent" -> event.trace().map(t -> t.traceparent());
            case "tracestate" -> event.trace().map(t -> t.tracestate());
            default -> Optional.ofNullable(event.extensions().get(name)).map(String::valueOf);
        };
    }

    /** The event's context attributes and extensions as a CloudEvent without data (CloudEvents SQL never reads it). */
    static CloudEvent context(Event event) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(event.id())
                .withType(event.type())
                .withSource(CloudEventWriter.uriReference(event.source()))
                .withTime(event.time().atOffset(ZoneOffset.UTC));
        event.payload().contentType().ifPresent(builder::withDataContentType);
        event.subject().ifPresent(builder::withSubject);
        return CloudEventWriter.withExtensions(builder, event).build();
    }
}
