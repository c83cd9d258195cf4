package io.eventqueue.runtime.event;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.ZoneOffset;

/** An accepted event as an SDK CloudEvent (webhook sink, Kafka records): the inverse of {@link CloudEventReader}. */
public final class CloudEventWriter {
    private CloudEventWriter() {
    }

    /** The event as a CloudEvent with its data in its content type. */
    public static CloudEvent toCloudEvent(Event event) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(event.id())
                .withType(event.type())
                .withSource(uriReference(event.source()))
                .withTime(event.time().atOffset(ZoneOffset.UTC));
        if (event.payload().contentType().isPresent()) {
            builder.withDataContentType(event.payload().contentType().get()).withData(event.payload().bytes());
        }
        event.subject().ifPresent(builder::withSubject);
        return builder.build();
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
