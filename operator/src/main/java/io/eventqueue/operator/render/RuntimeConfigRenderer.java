package io.eventqueue.operator.render;

import static io.eventqueue.operator.render.RuntimeKey.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.eventqueue.operator.api.v1alpha1.EventQueueSpec;
import io.eventqueue.operator.api.v1alpha1.KafkaSpec;
import io.eventqueue.operator.api.v1alpha1.RateLimitSpec;
import io.eventqueue.operator.api.v1alpha1.SinksSpec;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Renders the runtime's config.yaml from a spec; every key is a {@link RuntimeKey}, generated from the runtime's own
 * declaration. The runtime listens
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
        RuntimeConfigTree c = new RuntimeConfigTree();
        server(c, instance);
        c.put(LOG_LEVEL, spec.logging().level().name()).put(LOG_FORMAT, "json").put(LOG_ACCESS, spec.logging().access());
        auth(c, spec);
        c.put(QUEUE_CAPACITY, spec.queue().capacity())
                .put(QUEUE_MAX_BYTES, spec.queue().maxBytes())
                .put(QUEUE_WORKERS, spec.queue().workers())
                .put(QUEUE_MAX_EVENT_BYTES, spec.queue().maxEventBytes())
                .put(QUEUE_BATCH_MAX, spec.queue().batchMax())
                .put(QUEUE_HIGH_WATER_MARK, spec.queue().highWaterMark())
                .put(QUEUE_UNREADY_ABOVE_HIGH_WATER, spec.queue().unreadyAboveHighWater());
        rateLimit(c, spec.rateLimit(), instance.maximumReplicas());
        sinks(c, spec.sinks());
        c.put(DELIVERY_MAX_ATTEMPTS, spec.delivery().maxAttempts())
                .put(DELIVERY_BACKOFF_BASE, spec.delivery().backoffBase())
                .put(DELIVERY_BACKOFF_MAX, spec.delivery().backoffMax());
        c.put(DATA_DIR, RuntimeLayout.DATA_DIR).put(DURABILITY, spec.durability().mode().name());
        c.put(JOURNAL_FSYNC, spec.durability().fsync().name())
                .put(JOURNAL_FSYNC_INTERVAL, spec.durability().fsyncInterval())
                .put(JOURNAL_MAX_BYTES, spec.durability().journalMaxBytes());
        if (instance.kafka()) {
            kafka(c, instance);
        }
        c.put(TRACING_ENABLED, spec.tracing().enabled())
                .putIfPresent(TRACING_ENDPOINT, spec.tracing().endpoint())
                .put(TRACING_PROTOCOL, spec.tracing().protocol().value())
                .put(TRACING_SAMPLE_RATIO, spec.tracing().sampleRatio());
        c.put(SHUTDOWN_DRAIN_TIMEOUT, spec.shutdown().drainTimeout());
        c.put(EVENTS_TYPES_MODE, instance.spec().eventTypesMode().name());
        List<Map<String, Object>> declared = EventTypesRenderer.render(instance);
        if (!declared.isEmpty()) {
            c.put(EVENTS_TYPES_DECLARED, declared);
        }
        if (!instance.subscriptions().isEmpty()) {
            c.put(SUBSCRIPTIONS, SubscriptionRenderer.render(instance.subscriptions(), spec.delivery()));
        }
        return c.tree();
    }

    /** The group is the instance; {@code kafka.instance-id} comes from the pod name (env), not from this file. */
    private static void kafka(RuntimeConfigTree c, Instance instance) {
        KafkaSpec k = instance.spec().kafka();
        c.put(KAFKA_BOOTSTRAP_SERVERS, k.bootstrapServers())
                .put(KAFKA_TOPIC, instance.kafkaTopic())
                .put(KAFKA_TOPICS_CREATE, k.createTopics())
                .put(KAFKA_PARTITIONS, k.partitions())
                .put(KAFKA_REPLICATION_FACTOR, k.replicationFactor())
                .put(KAFKA_MIN_INSYNC_REPLICAS, k.minInsyncReplicas())
                .put(KAFKA_GROUP_ID, "eventqueue." + instance.namespace() + "." + instance.name());
        if (k.tls() != null) {
            c.put(KAFKA_TLS_CA_FILE, RuntimeLayout.KAFKA_DIR + "/ca/ca.crt");
            if (k.tls().clientSecretName() != null) {
                c.put(KAFKA_TLS_CERT_FILE, RuntimeLayout.KAFKA_DIR + "/client/tls.crt")
                        .put(KAFKA_TLS_KEY_FILE, RuntimeLayout.KAFKA_DIR + "/client/tls.key");
            }
        }
        if (k.sasl() != null) {
            c.put(KAFKA_SASL_MECHANISM, k.sasl().mechanism().value())
                    .put(KAFKA_SASL_USERNAME_FILE, RuntimeLayout.KAFKA_DIR + "/sasl/username")
                    .put(KAFKA_SASL_PASSWORD_FILE, RuntimeLayout.KAFKA_DIR + "/sasl/password");
        }
    }

    private static void server(RuntimeConfigTree c, Instance instance) {
        c.put(SERVER_LISTEN_ADDR, (instance.tls() ? "https" : "http") + "://0.0.0.0:" + RuntimeLayout.HTTP_PORT)
                .put(SERVER_MANAGEMENT_ADDR, "http://0.0.0.0:" + RuntimeLayout.MANAGEMENT_PORT);
        if (instance.tls()) {
            c.put(SERVER_TLS_CERT, RuntimeLayout.TLS_DIR + "/tls.crt").put(SERVER_TLS_KEY, RuntimeLayout.TLS_DIR + "/tls.key");
            if (instance.spec().tls().clientAuth()) {
                c.put(SERVER_TLS_CLIENT_CA, RuntimeLayout.TLS_DIR + "/ca.crt");
            }
        }
    }

    private static void auth(RuntimeConfigTree c, EventQueueSpec spec) {
        c.put(AUTH_ADMIN_USER_FILE, RuntimeLayout.SECRETS_DIR + "/" + RuntimeLayout.ADMIN_USER_KEY)
                .put(AUTH_ADMIN_PASSWORD_FILE, RuntimeLayout.SECRETS_DIR + "/" + RuntimeLayout.ADMIN_PASSWORD_KEY)
                .put(AUTH_JWT_KEY_FILE, RuntimeLayout.SECRETS_DIR + "/" + RuntimeLayout.JWT_KEY_KEY)
                .put(AUTH_TOKEN_TTL, spec.auth().tokenTtl())
                .put(AUTH_MAX_TOKEN_TTL, spec.auth().maxTokenTtl())
                .put(AUTH_STATS_REQUIRE_READER, spec.auth().statsRequireReader());
    }

    /** Instance-wide limits split evenly over the largest number of pods, never below 1 event/s per pod. */
    private static void rateLimit(RuntimeConfigTree c, RateLimitSpec limit, int pods) {
        c.put(RATE_LIMIT_ENABLED, limit.enabled())
                .put(RATE_LIMIT_GLOBAL_RATE, share(limit.globalRate(), pods))
                .put(RATE_LIMIT_GLOBAL_BURST, share(limit.globalBurst(), pods))
                .put(RATE_LIMIT_PER_CLIENT_RATE, share(limit.perClientRate(), pods))
                .put(RATE_LIMIT_PER_CLIENT_BURST, share(limit.perClientBurst(), pods));
    }

    static int share(int instanceValue, int pods) {
        return Math.max(1, instanceValue / pods);
    }

    private static void sinks(RuntimeConfigTree c, SinksSpec sinks) {
        c.put(SINKS_LOG_ENABLED, sinks.log().enabled())
                .put(SINKS_FILE_ENABLED, sinks.file().enabled())
                .put(SINKS_FILE_PATH, sinks.file().path())
                .put(SINKS_FILE_MAX_BYTES, sinks.file().maxBytes())
                .put(SINKS_FILE_MAX_FILES, sinks.file().maxFiles())
                .put(SINKS_WEBHOOK_ENABLED, sinks.webhook().enabled())
                .putIfPresent(SINKS_WEBHOOK_URL, sinks.webhook().url())
                .put(SINKS_WEBHOOK_TIMEOUT, sinks.webhook().timeout())
                .put(SINKS_WEBHOOK_MODE, sinks.webhook().mode().name())
                .put(SINKS_WEBHOOK_CONCURRENCY, sinks.webhook().concurrency());
    }
}
