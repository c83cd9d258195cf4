package io.eventqueue.runtime.delivery;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.eventqueue.runtime.event.Event;

import java.time.ZoneOffset;
import java.util.Optional;

/** An event's CloudEvents context attributes by name, as filters see them. */
final class EventAttributes {
    private EventAttributes() {
    }

    /** The attribute's value as a string; empty when the event does not have it. */
    static Optional<String> get(Event event, String name) {
        return switch (name) {
            case "id" -> Optional.of(event.id());
            case "type" -> Optional.of(event.type());
            case "source" -> Optional.of(event.source());
            case "specversion" -> Optional.of("1.0");
            case "subject" -> event.subject();
            case "time" -> Optional.of(event.time().toString());
            case "datacontenttype" -> Optional.of("application/json");
            default -> Optional.empty();
        };
    }

    /** The event's context attributes as a CloudEvent without data (CloudEvents SQL never reads data). */
    static CloudEvent context(Event event) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(event.id())
                .withType(event.type())
                .withSource(WebhookSink.sourceUri(event.source()))
                .withTime(event.time().atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json");
        event.subject().ifPresent(builder::withSubject);
        return builder.build();
    }
}
