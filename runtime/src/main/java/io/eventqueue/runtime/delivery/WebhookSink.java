package io.eventqueue.runtime.delivery;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.eventqueue.runtime.config.ConfigException;
import io.eventqueue.runtime.config.RuntimeConfig;
import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.process.ProcessedEvent;
import io.eventqueue.runtime.sink.Sink;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
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

    /** The sink {@code sinks.webhook.*} describes; the secret file is read once, here. */
    public static WebhookSink fromConfig(RuntimeConfig.WebhookSinkSettings config) throws IOException {
        Optional<byte[]> secret = Optional.empty();
        if (config.secretFile().isPresent()) {
            byte[] bytes = Files.readAllBytes(config.secretFile().get());
            int end = bytes.length;
            while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
                end--;
            }
            if (end == 0) {
                throw new ConfigException("sinks.webhook.secret-file", "the file is empty");
            }
            secret = Optional.of(Arrays.copyOf(bytes, end));
        }
        WebhookOptions.Mode mode = config.mode() == RuntimeConfig.WebhookMode.STRUCTURED
                ? WebhookOptions.Mode.STRUCTURED : WebhookOptions.Mode.BINARY;
        WebhookOptions options = new WebhookOptions(config.url().orElseThrow(), config.timeout(), mode, secret,
                config.concurrency());
        return new WebhookSink(new WebhookClient(options, Clock.systemUTC()));
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
        return builder.build();
    }

    private static URI sourceUri(String source) {
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
