package io.eventqueue.runtime.delivery;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.eventqueue.runtime.config.ConfigException;
import io.eventqueue.runtime.config.RuntimeConfig;
import io.eventqueue.runtime.config.SubscriptionSettings;
import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.observe.TraceContext;
import io.eventqueue.runtime.process.ProcessedEvent;
import io.eventqueue.runtime.sink.Sink;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code webhook} sink: each processed event as a CloudEvent to {@code sinks.webhook.url}. {@link #attempt}
 * tells retryable from permanent failures and carries the receiver's {@code Retry-After}; {@link #write} is the plain
 * {@link Sink} view (any failure as an {@link IOException}).
 */
public final class WebhookSink implements Sink {
    public static final String NAME = "webhook";

    private final WebhookClient client;

    public WebhookSink(WebhookClient client) {
        this.client = client;
    }

    /** The sink {@code sinks.webhook.*} describes (the owner's: no redirects); the secret file is read once, here. */
    public static WebhookSink fromConfig(RuntimeConfig.WebhookSinkSettings config, AddressGuard guard) throws IOException {
        WebhookOptions options = new WebhookOptions(config.url().orElseThrow(), config.timeout(), mode(config.mode()),
                secret(config.secretFile(), "sinks.webhook.secret-file"), config.concurrency(), false, false);
        return new WebhookSink(new WebhookClient(options, guard, Clock.systemUTC()));
    }

    /** The sink of a subscription; {@code at} is its config key, named when the secret file is unusable. */
    public static WebhookSink forSubscription(SubscriptionSettings.Webhook config, boolean tenant, AddressGuard guard,
                                              String at) throws IOException {
        WebhookOptions options = new WebhookOptions(config.url(), config.timeout(), mode(config.mode()),
                secret(config.secretFile(), at + ".secret-file"), config.concurrency(), config.followRedirects(), tenant);
        return new WebhookSink(new WebhookClient(options, guard, Clock.systemUTC()));
    }

    private static WebhookOptions.Mode mode(RuntimeConfig.WebhookMode mode) {
        return mode == RuntimeConfig.WebhookMode.STRUCTURED ? WebhookOptions.Mode.STRUCTURED : WebhookOptions.Mode.BINARY;
    }

    private static Optional<byte[]> secret(Optional<Path> file, String key) throws IOException {
        if (file.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = Files.readAllBytes(file.get());
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
            end--;
        }
        if (end == 0) {
            throw new ConfigException(key, "the file is empty");
        }
        return Optional.of(Arrays.copyOf(bytes, end));
    }

    @Override
    public String name() {
        return NAME;
    }

    public DeliveryOutcome attempt(ProcessedEvent processed) {
        return client.send(toCloudEvent(processed.event()), processed.attempts());
    }

    @Override
    public void write(ProcessedEvent event) throws IOException {
        DeliveryOutcome outcome = attempt(event);
        switch (outcome) {
            case DeliveryOutcome.Delivered d -> { }
            case DeliveryOutcome.Retryable r -> throw new IOException(r.reason());
            case DeliveryOutcome.Permanent p -> throw new IOException(p.reason());
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /** The event as a CloudEvent with its data in its content type. */
    static CloudEvent toCloudEvent(Event event) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(event.id())
                .withType(event.type())
                .withSource(sourceUri(event.source()))
                .withTime(event.time().atOffset(ZoneOffset.UTC));
        if (event.payload().contentType().isPresent()) {
            builder.withDataContentType(event.payload().contentType().get()).withData(event.payload().bytes());
        }
        event.subject().ifPresent(builder::withSubject);
        return withExtensions(builder, event).build();
    }

    /** The producer's {@code dataschema}, extensions and trace context on {@code builder}. */
    static CloudEventBuilder withExtensions(CloudEventBuilder builder, Event event) {
        event.dataSchema().ifPresent(schema -> builder.withDataSchema(sourceUri(schema)));
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

    static URI sourceUri(String source) {
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
