package io.eventqueue.runtime.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One entry of {@code subscriptions[]}: who receives which events, through which sink, with which delivery policy.
 *
 * @param filters all must match (none: every event)
 * @param transform applied to what this subscription delivers ({@link TransformSpec#NONE}: nothing)
 * @param origin  who wrote it: the instance's owner, or a tenant through an EventSubscription resource
 */
public record SubscriptionSettings(String name, List<FilterSpec> filters, SinkSettings sink, Policy delivery,
                                   TransformSpec transform, Origin origin) {
    public SubscriptionSettings {
        filters = List.copyOf(filters);
    }

    /** Owner config may reach loopback; a tenant's subscription (from the Kubernetes API) may not. */
    public enum Origin {
        OWNER, TENANT
    }

    public record Policy(int maxAttempts, Duration backoffBase, Duration backoffMax) {
    }

    /** Exactly one sink per subscription. */
    public sealed interface SinkSettings {
    }

    public record Webhook(URI url, Duration timeout, RuntimeConfig.WebhookMode mode, Optional<Path> secretFile,
                          int concurrency, boolean followRedirects) implements SinkSettings {
    }

    public record File(Path path, long maxBytes, int maxFiles) implements SinkSettings {
    }

    public record Log() implements SinkSettings {
    }
}
