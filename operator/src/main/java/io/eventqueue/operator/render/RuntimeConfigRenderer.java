package io.eventqueue.operator.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.eventqueue.operator.api.v1alpha1.EventQueueSpec;
import io.eventqueue.operator.api.v1alpha1.RateLimitSpec;
import io.eventqueue.operator.api.v1alpha1.SinksSpec;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders the runtime's config.yaml from a spec, using exactly the keys of docs/configuration.md. The runtime listens
 * on all interfaces in a pod; secrets are read from the mounted Secret files, never written into the ConfigMap.
 */
public final class RuntimeConfigRenderer {
    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build());

    private RuntimeConfigRenderer() {
    }

    public static String render(Instance instance) {
        try {
            return YAML.writeValueAsString(tree(instance));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The config as nested maps, in the order of docs/configuration.md. */
    public static Map<String, Object> tree(Instance instance) {
        EventQueueSpec spec = instance.spec();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("server", server(instance));
        root.put("log", map("level", spec.logging().level().name(), "format", "json", "access", spec.logging().access()));
        root.put("auth", auth(spec));
        root.put("queue", map(
                "capacity", spec.queue().capacity(),
                "max-bytes", spec.queue().maxBytes(),
                "workers", spec.queue().workers(),
                "max-event-bytes", spec.queue().maxEventBytes(),
                "batch-max", spec.queue().batchMax(),
                "high-water-mark", spec.queue().highWaterMark(),
                "unready-above-high-water", spec.queue().unreadyAboveHighWater()));
        root.put("rate-limit", rateLimit(spec.rateLimit(), instance.maximumReplicas()));
        root.put("sinks", sinks(spec.sinks()));
        root.put("delivery", map(
                "max-attempts", spec.delivery().maxAttempts(),
                "backoff-base", spec.delivery().backoffBase(),
                "backoff-max", spec.delivery().backoffMax()));
        root.put("data-dir", RuntimeLayout.DATA_DIR);
        root.put("durability", spec.durability().mode().name());
        root.put("journal", map(
                "fsync", spec.durability().fsync().name(),
                "fsync-interval", spec.durability().fsyncInterval(),
                "max-bytes", spec.durability().journalMaxBytes()));
        Map<String, Object> tracing = map("enabled", spec.tracing().enabled());
        putIfPresent(tracing, "endpoint", spec.tracing().endpoint());
        tracing.put("protocol", spec.tracing().protocol().value());
        tracing.put("sample-ratio", spec.tracing().sampleRatio());
        root.put("tracing", tracing);
        root.put("shutdown", map("drain-timeout", spec.shutdown().drainTimeout()));
        root.put("events", EventTypesRenderer.render(instance));
        return root;
    }

    private static Map<String, Object> server(Instance instance) {
        Map<String, Object> server = map(
                "listen-addr", (instance.tls() ? "https" : "http") + "://0.0.0.0:" + RuntimeLayout.HTTP_PORT,
                "management-addr", "http://0.0.0.0:" + RuntimeLayout.MANAGEMENT_PORT);
        if (instance.tls()) {
            Map<String, Object> tls = map(
                    "cert", RuntimeLayout.TLS_DIR + "/tls.crt",
                    "key", RuntimeLayout.TLS_DIR + "/tls.key");
            if (instance.spec().tls().clientAuth()) {
                tls.put("client-ca", RuntimeLayout.TLS_DIR + "/ca.crt");
            }
            server.put("tls", tls);
        }
        return server;
    }

    private static Map<String, Object> auth(EventQueueSpec spec) {
        return map(
                "admin-user-file", RuntimeLayout.SECRETS_DIR + "/" + RuntimeLayout.ADMIN_USER_KEY,
                "admin-password-file", RuntimeLayout.SECRETS_DIR + "/" + RuntimeLayout.ADMIN_PASSWORD_KEY,
                "jwt-key-file", RuntimeLayout.SECRETS_DIR + "/" + RuntimeLayout.JWT_KEY_KEY,
                "token-ttl", spec.auth().tokenTtl(),
                "max-token-ttl", spec.auth().maxTokenTtl(),
                "stats-require-reader", spec.auth().statsRequireReader());
    }

    /** Instance-wide limits split evenly over the largest number of pods, never below 1 event/s per pod. */
    private static Map<String, Object> rateLimit(RateLimitSpec limit, int pods) {
        return map(
                "enabled", limit.enabled(),
                "global-rate", share(limit.globalRate(), pods),
                "global-burst", share(limit.globalBurst(), pods),
                "per-client-rate", share(limit.perClientRate(), pods),
                "per-client-burst", share(limit.perClientBurst(), pods));
    }

    static int share(int instanceValue, int pods) {
        return Math.max(1, instanceValue / pods);
    }

    private static Map<String, Object> sinks(SinksSpec sinks) {
        Map<String, Object> webhook = map("enabled", sinks.webhook().enabled());
        putIfPresent(webhook, "url", sinks.webhook().url());
        webhook.put("timeout", sinks.webhook().timeout());
        webhook.put("mode", sinks.webhook().mode().name());
        webhook.put("concurrency", sinks.webhook().concurrency());
        return map(
                "log", map("enabled", sinks.log().enabled()),
                "file", map(
                        "enabled", sinks.file().enabled(),
                        "path", sinks.file().path(),
                        "max-bytes", sinks.file().maxBytes(),
                        "max-files", sinks.file().maxFiles()),
                "webhook", webhook);
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
