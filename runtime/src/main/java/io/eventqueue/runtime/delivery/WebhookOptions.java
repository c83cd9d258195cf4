package io.eventqueue.runtime.delivery;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Webhook sink settings ({@code sinks.webhook.*}).
 *
 * @param secret          HMAC-SHA256 key for the signature header, when configured
 * @param followRedirects follow 3xx answers (each hop checked by the {@link AddressGuard}); off by default
 * @param tenant          the URL comes from a tenant (an EventSubscription resource), not the instance's owner
 */
public record WebhookOptions(URI url, Duration timeout, Mode mode, Optional<byte[]> secret, int concurrency,
                             boolean followRedirects, boolean tenant) {

    /** CloudEvents HTTP binding mode. */
    public enum Mode {
        BINARY, STRUCTURED;

        public static Mode parse(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "binary" -> BINARY;
                case "structured" -> STRUCTURED;
                default -> throw new IllegalArgumentException("must be binary or structured (was '" + value + "')");
            };
        }
    }

    public WebhookOptions {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("url must be http:// or https:// (was '" + url + "')");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        Objects.requireNonNull(mode, "mode");
        secret = secret == null ? Optional.empty() : secret;
    }
}
