package io.eventqueue.runtime.delivery;

import io.eventqueue.runtime.config.ConfigException;
import io.eventqueue.runtime.config.RuntimeConfig;
import io.eventqueue.runtime.event.CloudEventWriter;
import io.eventqueue.runtime.config.SubscriptionSettings;
import io.eventqueue.runtime.process.ProcessedEvent;
import io.eventqueue.runtime.sink.Sink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
        return client.send(CloudEventWriter.toCloudEvent(processed.event()), processed.attempts());
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
}
