package io.eventqueue.runtime.log.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.eventqueue.runtime.config.ConfigException;
import io.eventqueue.runtime.testing.Await;
import io.eventqueue.runtime.testing.KafkaBrokers;
import io.eventqueue.runtime.testing.TestRuntime;
import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code durability=kafka} against one real KRaft broker (a child JVM): what reaches the topic and the sinks. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaDurabilityTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static KafkaBrokers kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        kafka = KafkaBrokers.start(1);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private TestRuntime runtime(String topic, String... extra) {
        List<String> args = new ArrayList<>(List.of("--durability=kafka", "--kafka.bootstrap-servers=" + kafka.bootstrap(),
                "--kafka.topic=" + topic, "--kafka.topics.create=true", "--kafka.partitions=3",
                "--kafka.replication-factor=1", "--kafka.min-insync-replicas=1", "--kafka.group-id=g-" + topic,
                "--kafka.commit-interval=50ms"));
        args.addAll(List.of(extra));
        return TestRuntime.start(dir, args);
    }

    @Test
    @Order(1)
    void everyInputFormatReachesTheTopicAsABindingConformantRecord() {
        String topic = "formats-" + UUID.randomUUID();
        try (TestRuntime rt = runtime(topic)) {
            String token = rt.admin();
            assertThat(rt.postLog("native-1", "from the envelope").statusCode()).isEqualTo(202);
            assertThat(rt.post("/v1/events", "{\"specversion\":\"1.0\",\"id\":\"structured-1\",\"type\":\"log\","
                            + "\"source\":\"/tests\",\"subject\":\"s1\",\"data\":{\"level\":\"warn\",\"message\":\"structured\"}}",
                    "Authorization", "Bearer " + token, "Content-Type", "application/cloudevents+json").statusCode())
                    .isEqualTo(202);
            assertThat(rt.post("/v1/events", "{\"level\":\"error\",\"message\":\"binary\"}",
                    "Authorization", "Bearer " + token, "Content-Type", "application/json", "ce-specversion", "1.0",
                    "ce-id", "binary-1", "ce-type", "log", "ce-source", "/tests").statusCode()).isEqualTo(202);
            assertThat(rt.post("/v1/events/batch", "[{\"specversion\":\"1.0\",\"id\":\"batch-1\",\"type\":\"log\","
                            + "\"source\":\"/tests\",\"data\":{\"level\":\"info\",\"message\":\"b1\"}},"
                            + "{\"specversion\":\"1.0\",\"id\":\"batch-2\",\"type\":\"log\",\"source\":\"/tests\","
                            + "\"data\":{\"level\":\"info\",\"message\":\"b2\"}}]",
                    "Authorization", "Bearer " + token, "Content-Type", "application/cloudevents-batch+json").statusCode())
                    .isIn(200, 202, 207);

            Map<String, ConsumerRecord<String, CloudEvent>> byId = readTopic(topic, 5);
            assertThat(byId).containsOnlyKeys("native-1", "structured-1", "binary-1", "batch-1", "batch-2");
            ConsumerRecord<String, CloudEvent> structured = byId.get("structured-1");
            assertThat(header(structured, "ce_specversion")).isEqualTo("1.0");
            assertThat(header(structured, "ce_type")).isEqualTo("log");
            assertThat(header(structured, "ce_source")).isEqualTo("/tests");
            assertThat(header(structured, "ce_subject")).isEqualTo("s1");
            assertThat(header(structured, "content-type")).isEqualTo("application/json");
            assertThat(structured.key()).isEqualTo("/tests");
            assertThat(TestRuntime.json(new String(structured.value().getData().toBytes(), StandardCharsets.UTF_8)))
                    .isEqualTo(TestRuntime.json("{\"level\":\"warn\",\"message\":\"structured\"}"));
            CloudEvent binary = byId.get("binary-1").value();
            assertThat(binary.getType()).isEqualTo("log");
            assertThat(new String(binary.getData().toBytes(), StandardCharsets.UTF_8)).contains("\"message\":\"binary\"");
            assertThat(byId.get("native-1").value().getType()).isEqualTo("log");
            assertThat(byId.get("native-1").value().getExtension(KafkaRecords.RECEIVED_AT)).isNotNull();
        }
    }

    @Test
    @Order(2)
    void consumedEventsReachTheSinkInOrderPerKeyAndAreCommitted() {
        String topic = "order-" + UUID.randomUUID();
        try (TestRuntime rt = runtime(topic, "--queue.workers=1")) {
            int n = 40;
            for (int i = 0; i < n; i++) {
                assertThat(rt.postLog("e-" + i, "m" + i).statusCode()).isEqualTo(202);
            }
            Await.until(WAIT, () -> "file sink has " + n + " events, has " + rt.fileSink().size(),
                    () -> rt.fileSink().size() >= n);
            List<String> ids = rt.fileSink().stream().map(e -> e.path("id").asText()).toList();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                expected.add("e-" + i);
            }
            assertThat(ids).containsExactlyElementsOf(expected);
            Await.until(WAIT, "offsets committed", () -> {
                JsonNode d = rt.getJson("/v1/stats").path("result").path("durability");
                return d.path("commits").asLong() > 0 && d.path("mode").asText().equals("kafka");
            });
        }
    }

    @Test
    @Order(2)
    void thePartitionkeyExtensionKeysTheRecordElseTheConfiguredAttribute() {
        String topic = "keys-" + UUID.randomUUID();
        try (TestRuntime rt = runtime(topic, "--kafka.partition-key=subject")) {
            String token = rt.admin();
            for (int i = 0; i < 6; i++) {
                String key = i % 2 == 0 ? "customer-7" : "customer-8";
                assertThat(rt.post("/v1/events", "{\"specversion\":\"1.0\",\"id\":\"pk-" + i + "\",\"type\":\"log\","
                                + "\"source\":\"/s" + i + "\",\"subject\":\"sub-" + i + "\",\"partitionkey\":\"" + key + "\","
                                + "\"data\":{\"level\":\"info\",\"message\":\"m\"}}",
                        "Authorization", "Bearer " + token, "Content-Type", "application/cloudevents+json").statusCode())
                        .isEqualTo(202);
            }
            assertThat(rt.post("/v1/events", "{\"level\":\"info\",\"message\":\"binary\"}",
                    "Authorization", "Bearer " + token, "Content-Type", "application/json", "ce-specversion", "1.0",
                    "ce-id", "pk-binary", "ce-type", "log", "ce-source", "/b", "ce-partitionkey", "customer-7")
                    .statusCode()).isEqualTo(202);
            assertThat(rt.post("/v1/events", "{\"specversion\":\"1.0\",\"id\":\"by-subject\",\"type\":\"log\","
                            + "\"source\":\"/s\",\"subject\":\"order-42\",\"data\":{\"level\":\"info\",\"message\":\"m\"}}",
                    "Authorization", "Bearer " + token, "Content-Type", "application/cloudevents+json").statusCode())
                    .isEqualTo(202);

            Map<String, ConsumerRecord<String, CloudEvent>> byId = readTopic(topic, 8);
            for (int i = 0; i < 6; i++) {
                assertThat(byId.get("pk-" + i).key()).isEqualTo(i % 2 == 0 ? "customer-7" : "customer-8");
                assertThat(byId.get("pk-" + i).partition()).isEqualTo(byId.get("pk-" + (i % 2)).partition());
            }
            assertThat(byId.get("pk-binary").key()).isEqualTo("customer-7");
            assertThat(byId.get("pk-binary").partition()).isEqualTo(byId.get("pk-0").partition());
            assertThat(byId.get("pk-0").value().getExtension("partitionkey")).isEqualTo("customer-7");
            assertThat(byId.get("by-subject").key()).isEqualTo("order-42");
        }
        String unkeyed = "unkeyed-" + UUID.randomUUID();
        try (TestRuntime rt = runtime(unkeyed, "--kafka.partition-key=none")) {
            assertThat(rt.postLog("no-key", "m").statusCode()).isEqualTo(202);
            assertThat(readTopic(unkeyed, 1).get("no-key").key()).isNull();
        }
    }

    @Test
    @Order(3)
    void aMissingTopicStopsTheStartNamingIt() {
        String topic = "missing-" + UUID.randomUUID();
        assertThatThrownBy(() -> TestRuntime.start(dir, "--durability=kafka",
                "--kafka.bootstrap-servers=" + kafka.bootstrap(), "--kafka.topic=" + topic))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.topic").hasMessageContaining(topic);
    }

    @Test
    @Order(4)
    void kafkaDownAnswers503WithRetryAfterTurnsUnreadyAndRecoversWithoutRestart() {
        String topic = "outage-" + UUID.randomUUID();
        try (TestRuntime rt = runtime(topic, "--kafka.produce-timeout=1500ms")) {
            assertThat(rt.postLog("before", "up").statusCode()).isEqualTo(202);
            Await.until(WAIT, "ready", () -> rt.get(rt.management("/health/ready")).statusCode() == 200);
            kafka.stop(0);
            try {
                long started = System.nanoTime();
                HttpResponse<String> down = rt.postLog("during", "down");
                long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(down.headers().firstValue("Retry-After")).isPresent();
                assertThat(down.body()).contains("log-unavailable");
                assertThat(millis).as("answered within about 2 s").isLessThan(2_500);
                Await.until(WAIT, "unready while Kafka is down",
                        () -> rt.get(rt.management("/health/ready")).statusCode() == 503);
            } finally {
                kafka.restart(0);
            }
            Await.until(WAIT, "ready again", () -> rt.get(rt.management("/health/ready")).statusCode() == 200);
            Await.until(WAIT, "accepting again", () -> rt.postLog("after-" + System.nanoTime(), "back").statusCode() == 202);
            Await.until(WAIT, "before delivered", () -> rt.fileSink().stream()
                    .anyMatch(e -> e.path("id").asText().equals("before")));
        }
    }

    @Test
    @Order(5)
    void aPoisonEventLandsInTheDeadLetterTopicWithItsErrorAndReplayBringsItBack() throws Exception {
        String topic = "dlq-" + UUID.randomUUID();
        java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.Set<String> delivered = java.util.concurrent.ConcurrentHashMap.newKeySet();
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("ce-id");
            boolean refuse = failing.get() && id.startsWith("poison");
            if (!refuse) {
                delivered.add(id);
            }
            exchange.sendResponseHeaders(refuse ? 500 : 204, -1);
            exchange.close();
        });
        receiver.start();
        String[] webhook = {"--sinks.webhook.enabled=true", "--sinks.file.enabled=false",
                "--sinks.webhook.url=http://127.0.0.1:" + receiver.getAddress().getPort() + "/",
                "--delivery.max-attempts=3", "--delivery.backoff-base=10ms", "--delivery.backoff-max=20ms",
                "--kafka.retry.in-memory-attempts=1"};
        try {
            try (TestRuntime rt = runtime(topic, webhook)) {
                assertThat(rt.postLog("poison-1", "refused by the webhook").statusCode()).isEqualTo(202);
                assertThat(rt.postLog("good-1", "taken").statusCode()).isEqualTo(202);
                Await.until(WAIT, "one dead letter", () -> rt.getJson("/v1/dlq").at("/result/total").asInt() == 1);
                assertThat(rt.getJson("/v1/dlq").at("/result/items/0/id").asText()).isEqualTo("poison-1");
            }
            ConsumerRecord<String, byte[]> letter = readRecords(topic + ".dlq", 1).getFirst();
            assertThat(letter.key()).isEqualTo("poison-1/webhook");
            assertThat(header(letter, "eq_dlq_reason")).contains("500");
            assertThat(header(letter, "eq_dlq_sink")).isEqualTo("webhook");
            assertThat(header(letter, "eq_dlq_attempts")).isEqualTo("3");
            List<ConsumerRecord<String, byte[]>> retries = readRecords(topic + ".retry", 2);
            assertThat(retries).extracting(r -> header(r, KafkaRecords.RETRY_ATTEMPTS)).containsExactly("1", "2");
            assertThat(retries).extracting(r -> header(r, KafkaRecords.RETRY_TARGET)).containsOnly("webhook");

            // Another runtime of the instance (a new pod) finds the dead letter in the topic and replays it.
            try (TestRuntime rt = runtime(topic, webhook)) {
                JsonNode dlq = rt.getJson("/v1/dlq");
                assertThat(dlq.at("/result/total").asInt()).isEqualTo(1);
                assertThat(dlq.at("/result/items/0/reason").asText()).contains("500");
                failing.set(false);
                HttpResponse<String> replay = rt.postAs("/v1/dlq/replay", rt.admin(), "application/json", "");
                assertThat(replay.statusCode()).isEqualTo(202);
                Await.until(WAIT, "the replayed event delivered", () -> delivered.contains("poison-1"));
                assertThat(rt.getJson("/v1/dlq").at("/result/total").asInt()).isZero();
            }
            try (TestRuntime rt = runtime(topic, webhook)) {
                assertThat(rt.getJson("/v1/dlq").at("/result/total").asInt()).as("the tombstone").isZero();
            }
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    @Order(6)
    void aFailingThenRecoveringWebhookGetsTheEventOnceWhileTheEventsPartitionKeepsCommitting() throws Exception {
        String topic = "retry-" + UUID.randomUUID();
        Receiver receiver = Receiver.start();
        try (TestRuntime rt = runtime(topic, receiver.args())) {
            assertThat(rt.postLog("retried-1", "refused for a while").statusCode()).isEqualTo(202);
            List<ConsumerRecord<String, byte[]>> retries = readRecords(topic + ".retry", 2);
            ConsumerRecord<String, byte[]> first = retries.getFirst();
            assertThat(header(first, KafkaRecords.RETRY_TARGET)).isEqualTo("webhook");
            assertThat(header(first, KafkaRecords.RETRY_ATTEMPTS)).isEqualTo("2");
            assertThat(Instant.parse(header(first, KafkaRecords.RETRY_NOT_BEFORE)))
                    .isAfter(Instant.ofEpochMilli(first.timestamp()).minusSeconds(1));
            assertThat(header(first, KafkaRecords.RETRY_REASON)).contains("500");
            assertThat(header(first, "ce_id")).isEqualTo("retried-1");
            assertThat(Integer.parseInt(header(retries.get(1), KafkaRecords.RETRY_ATTEMPTS))).isGreaterThan(2);
            Await.until(WAIT, "the events topic committed to its end while the webhook still fails",
                    () -> uncommitted("g-" + topic, topic) == 0 && receiver.failing.get());
            assertThat(receiver.delivered).isEmpty();

            receiver.failing.set(false);
            Await.until(WAIT, "delivered once the webhook recovers", () -> receiver.delivered.contains("retried-1"));
            Await.until(WAIT, "the retry topic committed to its end", () -> uncommitted("g-" + topic, topic + ".retry") == 0);
            assertThat(receiver.delivered).containsExactly("retried-1");
            assertThat(rt.getJson("/v1/dlq").at("/result/total").asInt()).isZero();
        } finally {
            receiver.stop();
        }
    }

    @Test
    @Order(7)
    void aRestartWhileRetriesWaitOnTheRetryTopicLosesNothing() throws Exception {
        String topic = "restart-" + UUID.randomUUID();
        Receiver receiver = Receiver.start();
        int n = 20;
        try {
            try (TestRuntime rt = runtime(topic, receiver.args())) {
                for (int i = 0; i < n; i++) {
                    assertThat(rt.postLog("waiting-" + i, "refused until the restart").statusCode()).isEqualTo(202);
                }
                readRecords(topic + ".retry", n);
                Await.until(WAIT, "the events topic committed: every event waits on the retry topic",
                        () -> uncommitted("g-" + topic, topic) == 0);
            }
            receiver.failing.set(false);
            try (TestRuntime rt = runtime(topic, receiver.args())) {
                Await.until(WAIT, () -> "every event delivered by the next runtime, have " + Set.copyOf(receiver.delivered),
                        () -> Set.copyOf(receiver.delivered).size() == n);
                Await.until(WAIT, "the retry topic committed to its end", () -> uncommitted("g-" + topic, topic + ".retry") == 0);
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                expected.add("waiting-" + i);
            }
            assertThat(Set.copyOf(receiver.delivered)).containsExactlyInAnyOrderElementsOf(expected);
            System.out.println("restart during retries: " + n + " acknowledged, " + Set.copyOf(receiver.delivered).size()
                    + " delivered, 0 lost, " + (receiver.delivered.size() - n) + " duplicated");
        } finally {
            receiver.stop();
        }
    }

    /** Records of the topic not yet committed by the group, over all its partitions. */
    private static long uncommitted(String group, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            long behind = 0;
            for (var e : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                behind += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return behind;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return Long.MAX_VALUE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Long.MAX_VALUE;
        }
    }

    /** A webhook receiver that answers 500 while {@code failing}, and records the ids it took. */
    private record Receiver(HttpServer server, AtomicBoolean failing, List<String> delivered) {
        static Receiver start() throws IOException {
            AtomicBoolean failing = new AtomicBoolean(true);
            List<String> delivered = new CopyOnWriteArrayList<>();
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                boolean refuse = failing.get();
                if (!refuse) {
                    delivered.add(exchange.getRequestHeaders().getFirst("ce-id"));
                }
                exchange.sendResponseHeaders(refuse ? 500 : 204, -1);
                exchange.close();
            });
            server.start();
            return new Receiver(server, failing, delivered);
        }

        String[] args() {
            return new String[]{"--sinks.webhook.enabled=true", "--sinks.file.enabled=false",
                    "--sinks.webhook.url=http://127.0.0.1:" + server.getAddress().getPort() + "/",
                    "--delivery.max-attempts=100", "--delivery.backoff-base=50ms", "--delivery.backoff-max=200ms",
                    "--kafka.retry.in-memory-attempts=2"};
        }

        void stop() {
            server.stop(0);
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readRecords(String topic, int count) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            Await.until(WAIT, () -> count + " records on " + topic, () -> {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
                return out.size() >= count;
            });
        }
        return out;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, ConsumerRecord<String, CloudEvent>> readTopic(String topic, int count) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, ConsumerRecord<String, CloudEvent>> out = new HashMap<>();
        try (KafkaConsumer<String, CloudEvent> c = new KafkaConsumer<>(props, new StringDeserializer(),
                new CloudEventDeserializer())) {
            c.subscribe(List.of(topic));
            Await.until(WAIT, () -> count + " records on " + topic + ", have " + out.keySet(), () -> {
                for (ConsumerRecord<String, CloudEvent> r : c.poll(Duration.ofMillis(200))) {
                    out.put(r.value().getId(), r);
                }
                return out.size() >= count;
            });
        }
        return out;
    }
}
