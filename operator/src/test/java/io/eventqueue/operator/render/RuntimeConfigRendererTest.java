package io.eventqueue.operator.render;

import static io.eventqueue.operator.Fixtures.instance;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.eventqueue.operator.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RuntimeConfigRendererTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    private static JsonNode config(String spec) throws IOException {
        return YAML.readTree(RuntimeConfigRenderer.render(instance(spec)));
    }

    @Test
    void everyRenderedKeyIsAKeyOfTheConfigurationContract() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `([a-z0-9.-]+)` \\|")
                .matcher(Files.readString(Fixtures.root().resolve("docs/configuration.md")));
        while (m.find()) {
            documented.add(m.group(1));
        }
        JsonNode everything = config("""
                durability: {mode: kafka}
                kafka:
                  bootstrapServers: "k1.kafka:9093,k2.kafka:9094"
                  tls: {caSecretName: kafka-ca, clientSecretName: kafka-client}
                  sasl: {mechanism: SCRAM-SHA-512, secretName: kafka-user}
                tls: {secretName: t, clientAuth: true}
                tracing: {enabled: true, endpoint: "http://otel:4317"}
                sinks: {webhook: {enabled: true, url: "https://hook.test/e"}, file: {enabled: true}}
                """);

        assertThat(documented).hasSizeGreaterThan(40);
        assertThat(leafKeys("", everything, new TreeSet<>())).isSubsetOf(documented);
    }

    @Test
    void kafkaModeNamesTheClusterTopicGroupAndMountedCredentialFiles() throws IOException {
        JsonNode config = config("""
                durability: {mode: kafka}
                kafka:
                  bootstrapServers: "k1.kafka:9093,k2.kafka:9094"
                  tls: {caSecretName: kafka-ca, clientSecretName: kafka-client}
                  sasl: {mechanism: SCRAM-SHA-512, secretName: kafka-user}
                """);

        assertThat(config.at("/durability").asText()).isEqualTo("kafka");
        assertThat(config.at("/kafka/bootstrap-servers").asText()).isEqualTo("k1.kafka:9093,k2.kafka:9094");
        assertThat(config.at("/kafka/topic").asText()).isEqualTo("eventqueue.ns.q1");
        assertThat(config.at("/kafka/group-id").asText()).isEqualTo("eventqueue.ns.q1");
        assertThat(config.at("/kafka/topics/create").asBoolean()).isFalse();
        assertThat(config.at("/kafka/partitions").asInt()).isEqualTo(6);
        assertThat(config.at("/kafka/tls/ca-file").asText()).isEqualTo("/etc/eventqueue/kafka/ca/ca.crt");
        assertThat(config.at("/kafka/tls/cert-file").asText()).isEqualTo("/etc/eventqueue/kafka/client/tls.crt");
        assertThat(config.at("/kafka/sasl/mechanism").asText()).isEqualTo("SCRAM-SHA-512");
        assertThat(config.at("/kafka/sasl/password-file").asText()).isEqualTo("/etc/eventqueue/kafka/sasl/password");
        assertThat(config.at("/kafka/instance-id").isMissingNode()).as("from the pod name (env)").isTrue();
        assertThat(config("").at("/kafka").isMissingNode()).isTrue();
    }

    @Test
    void listensOnAllInterfacesWithTheManagementPortApart() throws IOException {
        JsonNode config = config("");

        assertThat(config.at("/server/listen-addr").asText()).isEqualTo("http://0.0.0.0:8080");
        assertThat(config.at("/server/management-addr").asText()).isEqualTo("http://0.0.0.0:9090");
        assertThat(config.at("/server/tls").isMissingNode()).isTrue();
        assertThat(config.at("/data-dir").asText()).isEqualTo("/var/lib/eventqueue");
        assertThat(config.at("/log/format").asText()).isEqualTo("json");
    }

    @Test
    void readsCredentialsFromTheMountedSecretFilesAndNeverHoldsThem() throws IOException {
        JsonNode auth = config("auth: {tokenTtl: 15m, maxTokenTtl: 2h, statsRequireReader: true}").path("auth");

        assertThat(auth.path("admin-user-file").asText()).isEqualTo("/etc/eventqueue/secrets/admin-user");
        assertThat(auth.path("admin-password-file").asText()).isEqualTo("/etc/eventqueue/secrets/admin-password");
        assertThat(auth.path("jwt-key-file").asText()).isEqualTo("/etc/eventqueue/secrets/jwt-key");
        assertThat(auth.has("admin-password")).isFalse();
        assertThat(auth.has("jwt-key")).isFalse();
        assertThat(auth.path("token-ttl").asText()).isEqualTo("15m");
        assertThat(auth.path("max-token-ttl").asText()).isEqualTo("2h");
        assertThat(auth.path("stats-require-reader").asBoolean()).isTrue();
    }

    @Test
    void tlsTurnsTheApiToHttpsWithTheMountedCertificate() throws IOException {
        JsonNode server = config("tls: {secretName: my-tls}").path("server");

        assertThat(server.path("listen-addr").asText()).isEqualTo("https://0.0.0.0:8080");
        assertThat(server.at("/tls/cert").asText()).isEqualTo("/etc/eventqueue/tls/tls.crt");
        assertThat(server.at("/tls/key").asText()).isEqualTo("/etc/eventqueue/tls/tls.key");
        assertThat(server.at("/tls/client-ca").isMissingNode()).isTrue();
        assertThat(server.path("management-addr").asText()).startsWith("http://");
    }

    @Test
    void clientAuthRequiresClientCertificatesSignedByTheSecretsCa() throws IOException {
        assertThat(config("tls: {secretName: my-tls, clientAuth: true}").at("/server/tls/client-ca").asText())
                .isEqualTo("/etc/eventqueue/tls/ca.crt");
    }

    @Test
    void queueSettingsPassThrough() throws IOException {
        JsonNode queue = config("queue: {capacity: 500, maxBytes: 8MiB, workers: 7, maxEventBytes: 4KiB,"
                + " batchMax: 50, highWaterMark: 0.75, unreadyAboveHighWater: true}").path("queue");

        assertThat(queue.path("capacity").asInt()).isEqualTo(500);
        assertThat(queue.path("max-bytes").asText()).isEqualTo("8MiB");
        assertThat(queue.path("workers").asInt()).isEqualTo(7);
        assertThat(queue.path("max-event-bytes").asText()).isEqualTo("4KiB");
        assertThat(queue.path("batch-max").asInt()).isEqualTo(50);
        assertThat(queue.path("high-water-mark").asDouble()).isEqualTo(0.75);
        assertThat(queue.path("unready-above-high-water").asBoolean()).isTrue();
    }

    @Test
    void readinessByLoadIsOffUnlessTheSpecOptsIn() throws IOException {
        assertThat(config("queue: {capacity: 500}").at("/queue/unready-above-high-water").asBoolean(true)).isFalse();
    }

    @Test
    void instanceRateLimitsAreDividedAmongThePods() throws IOException {
        JsonNode limit = config("""
                replicas: 3
                rateLimit: {enabled: true, globalRate: 1000, globalBurst: 3000, perClientRate: 90}
                """).path("rate-limit");

        assertThat(limit.path("enabled").asBoolean()).isTrue();
        assertThat(limit.path("global-rate").asInt()).isEqualTo(333);
        assertThat(limit.path("global-burst").asInt()).isEqualTo(1000);
        assertThat(limit.path("per-client-rate").asInt()).isEqualTo(30);
        assertThat(limit.path("per-client-burst").asInt()).as("burst defaults to the rate").isEqualTo(30);
    }

    @Test
    void autoscaledRateLimitsAreDividedByTheMostPodsSoTheInstanceLimitHoldsAtAnyScale() throws IOException {
        JsonNode limit = config("""
                autoscaling: {minReplicas: 2, maxReplicas: 10}
                rateLimit: {enabled: true, globalRate: 1000, perClientRate: 5}
                """).path("rate-limit");

        assertThat(limit.path("global-rate").asInt()).isEqualTo(100);
        assertThat(limit.path("per-client-rate").asInt()).as("never below 1 event/s").isEqualTo(1);
    }

    @Test
    void rateLimitingIsOffByDefault() throws IOException {
        assertThat(config("").at("/rate-limit/enabled").asBoolean()).isFalse();
    }

    @Test
    void sinksAreRenderedWithTheirSettings() throws IOException {
        JsonNode sinks = config("""
                sinks:
                  log: {enabled: false}
                  file: {enabled: true, path: /var/lib/eventqueue/out/e.jsonl, maxBytes: 10MiB, maxFiles: 2}
                  webhook: {enabled: true, url: "https://hook.test/in", timeout: 2s, mode: structured, concurrency: 8}
                """).path("sinks");

        assertThat(sinks.at("/log/enabled").asBoolean()).isFalse();
        assertThat(sinks.at("/file/enabled").asBoolean()).isTrue();
        assertThat(sinks.at("/file/path").asText()).isEqualTo("/var/lib/eventqueue/out/e.jsonl");
        assertThat(sinks.at("/file/max-bytes").asText()).isEqualTo("10MiB");
        assertThat(sinks.at("/file/max-files").asInt()).isEqualTo(2);
        assertThat(sinks.at("/webhook/enabled").asBoolean()).isTrue();
        assertThat(sinks.at("/webhook/url").asText()).isEqualTo("https://hook.test/in");
        assertThat(sinks.at("/webhook/timeout").asText()).isEqualTo("2s");
        assertThat(sinks.at("/webhook/mode").asText()).isEqualTo("structured");
        assertThat(sinks.at("/webhook/concurrency").asInt()).isEqualTo(8);
    }

    @Test
    void webhookWithoutUrlLeavesTheKeyOut() throws IOException {
        assertThat(config("").at("/sinks/webhook/url").isMissingNode()).isTrue();
    }

    @Test
    void deliveryRetriesPassThrough() throws IOException {
        JsonNode delivery = config("delivery: {maxAttempts: 9, backoffBase: 50ms, backoffMax: 1m}").path("delivery");

        assertThat(delivery.path("max-attempts").asInt()).isEqualTo(9);
        assertThat(delivery.path("backoff-base").asText()).isEqualTo("50ms");
        assertThat(delivery.path("backoff-max").asText()).isEqualTo("1m");
    }

    @Test
    void durabilityChoosesMemoryOrAJournalWithItsFsyncPolicy() throws IOException {
        JsonNode journal = config("durability: {mode: journal, fsync: always, fsyncInterval: 5ms, journalMaxBytes: 2GiB}");
        JsonNode memory = config("durability: {mode: memory}");

        assertThat(journal.path("durability").asText()).isEqualTo("journal");
        assertThat(journal.at("/journal/fsync").asText()).isEqualTo("always");
        assertThat(journal.at("/journal/fsync-interval").asText()).isEqualTo("5ms");
        assertThat(journal.at("/journal/max-bytes").asText()).isEqualTo("2GiB");
        assertThat(memory.path("durability").asText()).isEqualTo("memory");
        assertThat(config("").path("durability").asText()).as("default").isEqualTo("journal");
        assertThat(config("").at("/journal/fsync").asText()).as("default").isEqualTo("interval");
    }

    @Test
    void tracingExportsToTheEndpointWithTheRuntimesProtocolSpelling() throws IOException {
        JsonNode tracing = config("tracing: {enabled: true, endpoint: \"http://otel:4318\", protocol: http/protobuf,"
                + " sampleRatio: 0.25}").path("tracing");

        assertThat(tracing.path("enabled").asBoolean()).isTrue();
        assertThat(tracing.path("endpoint").asText()).isEqualTo("http://otel:4318");
        assertThat(tracing.path("protocol").asText()).isEqualTo("http/protobuf");
        assertThat(tracing.path("sample-ratio").asDouble()).isEqualTo(0.25);
        assertThat(config("").at("/tracing/endpoint").isMissingNode()).isTrue();
    }

    @Test
    void loggingAndDrainTimeoutPassThrough() throws IOException {
        JsonNode config = config("logging: {level: debug, access: true}\nshutdown: {drainTimeout: 45s}");

        assertThat(config.at("/log/level").asText()).isEqualTo("debug");
        assertThat(config.at("/log/access").asBoolean()).isTrue();
        assertThat(config.at("/shutdown/drain-timeout").asText()).isEqualTo("45s");
    }

    @Test
    void renderingIsDeterministic() {
        String spec = "replicas: 2\nqueue: {capacity: 7}";
        assertThat(RuntimeConfigRenderer.render(instance(spec))).isEqualTo(RuntimeConfigRenderer.render(instance(spec)));
    }

    private static Set<String> leafKeys(String prefix, JsonNode node, Set<String> keys) {
        if (!node.isObject()) {
            keys.add(prefix);
            return keys;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            leafKeys(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), keys);
        }
        return keys;
    }
}
