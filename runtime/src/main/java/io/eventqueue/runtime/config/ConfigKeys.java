package io.eventqueue.runtime.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every configuration key of docs/configuration.md with its default. An empty default means "unset" (optional key, or a
 * value derived from another key).
 */
public final class ConfigKeys {
    public static final String ENV_PREFIX = "EVENTQUEUE_";

    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        d("server.listen-addr", "http://127.0.0.1:8080");
        d("server.management-addr", "http://127.0.0.1:9090");
        d("server.read-timeout", "3s");
        d("server.write-timeout", "3s");
        d("server.idle-timeout", "60s");
        d("server.max-body-bytes", "1MiB");
        d("server.max-header-bytes", "16KiB");
        d("server.tls.cert", "");
        d("server.tls.key", "");
        d("server.tls.client-ca", "");
        d("server.tls.reload-interval", "10s");
        d("log.level", "info");
        d("log.format", "auto");
        d("log.access", "false");
        d("auth.admin-user", "admin");
        d("auth.admin-password", "");
        d("auth.admin-password-file", "");
        d("auth.admin-user-file", "");
        d("auth.jwt-key", "");
        d("auth.jwt-key-file", "");
        d("auth.issuer", "eventqueue");
        d("auth.audience", "eventqueue");
        d("auth.token-ttl", "1h");
        d("auth.max-token-ttl", "24h");
        d("auth.clock-skew", "30s");
        d("auth.stats-require-reader", "false");
        d("auth.login-max-failures", "5");
        d("auth.login-failure-window", "1m");
        d("auth.external.jwks-url", "");
        d("auth.external.jwks-file", "");
        d("auth.external.issuer", "");
        d("auth.external.audience", "");
        d("auth.external.roles-claim", "roles");
        d("auth.external.role-mapping", "");
        d("auth.external.jwks-refresh", "5m");
        d("auth.external.jwks-timeout", "5s");
        d("queue.capacity", "100");
        d("queue.max-bytes", "64MiB");
        d("queue.workers", "4");
        d("queue.max-event-bytes", "64KiB");
        d("queue.batch-max", "1000");
        d("queue.high-water-mark", "0.9");
        d("queue.unready-above-high-water", "false");
        d("rate-limit.enabled", "false");
        d("rate-limit.global-rate", "25");
        d("rate-limit.global-burst", "");
        d("rate-limit.per-client-rate", "2");
        d("rate-limit.per-client-burst", "");
        d("rate-limit.max-clients", "100000");
        d("sinks.log.enabled", "true");
        d("sinks.file.enabled", "false");
        d("sinks.file.path", "/tmp/events.json");
        d("sinks.file.max-bytes", "100MiB");
        d("sinks.file.max-files", "5");
        d("sinks.webhook.enabled", "false");
        d("sinks.webhook.url", "");
        d("sinks.webhook.timeout", "5s");
        d("sinks.webhook.mode", "binary");
        d("sinks.webhook.secret-file", "");
        d("sinks.webhook.concurrency", "4");
        d("delivery.max-attempts", "3");
        d("delivery.backoff-base", "100ms");
        d("delivery.backoff-max", "10s");
        d("delivery.allowed-networks", "");
        d("subscriptions", "");
        d("data-dir", "./data");
        d("durability", "journal");
        d("journal.fsync", "interval");
        d("journal.fsync-interval", "10ms");
        d("journal.max-bytes", "1GiB");
        d("kafka.bootstrap-servers", "");
        d("kafka.topic", "eventqueue");
        d("kafka.topics.create", "false");
        d("kafka.partitions", "6");
        d("kafka.replication-factor", "3");
        d("kafka.min-insync-replicas", "2");
        d("kafka.group-id", "eventqueue");
        d("kafka.instance-id", "");
        d("kafka.partition-key", "source");
        d("kafka.tls.ca-file", "");
        d("kafka.tls.cert-file", "");
        d("kafka.tls.key-file", "");
        d("kafka.sasl.mechanism", "none");
        d("kafka.sasl.username-file", "");
        d("kafka.sasl.password-file", "");
        d("kafka.produce-timeout", "2s");
        d("kafka.max-in-flight-bytes", "32MiB");
        d("kafka.max-record-bytes", "1MiB");
        d("kafka.consumer.max-poll-records", "500");
        d("kafka.consumer.max-poll-interval", "5m");
        d("kafka.consumer.session-timeout", "45s");
        d("kafka.commit-interval", "1s");
        d("kafka.start-timeout", "30s");
        d("kafka.retry.in-memory-attempts", "2");
        d("dedup.window", "5m");
        d("dedup.max-entries", "100000");
        d("dlq.max-entries", "10000");
        d("dlq.max-bytes", "64MiB");
        d("reads.max-events", "10000");
        d("reads.max-bytes", "32MiB");
        d("reads.window", "1h");
        d("stream.buffer", "1000");
        d("stream.replay", "1000");
        d("tracing.enabled", "false");
        d("tracing.endpoint", "http://localhost:4317");
        d("tracing.protocol", "grpc");
        d("tracing.sample-ratio", "1.0");
        d("tracing.headers", "");
        d("shutdown.drain-timeout", "30s");
        d("events.types.mode", "open");
        d("events.types.declared", "");
    }

    /** Keys whose value is a list or mapping in the config file (JSON text in a flag or variable). */
    private static final Set<String> STRUCTURED = Set.of("events.types.declared", "subscriptions");

    private ConfigKeys() {
    }

    private static void d(String key, String value) {
        DEFAULTS.put(key, value);
    }

    public static Map<String, String> defaults() {
        return DEFAULTS;
    }

    public static Set<String> names() {
        return DEFAULTS.keySet();
    }

    public static boolean isStructured(String key) {
        return STRUCTURED.contains(key);
    }

    public static boolean isKnown(String key) {
        return DEFAULTS.containsKey(key);
    }

    /** {@code queue.max-bytes} → {@code EVENTQUEUE_QUEUE_MAX_BYTES}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
