package io.eventqueue.runtime.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.eventqueue.runtime.testing.Await;
import io.eventqueue.runtime.testing.KafkaBrokers;
import io.eventqueue.runtime.testing.TestRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code durability=kafka} under faults, against real KRaft brokers: every event that got a 202 reaches the sink;
 * what arrives twice is counted and bounded. Each test prints its figures (accepted, delivered, lost, duplicated).
 */
class KafkaFaultTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int CLIENTS = 4;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void killDashNineOfOneOfThreeBrokersUnderLoadLosesNoAcknowledgedEvent() throws Exception {
        try (KafkaBrokers kafka = KafkaBrokers.start(3);
             TestRuntime rt = TestRuntime.start(dir, kafkaArgs(kafka, "brokers-" + UUID.randomUUID(), "3", "2"))) {
            Set<String> accepted;
            int refused;
            try (Load load = new Load(rt.url(""), rt.admin(), "b")) {
                load.awaitMore(500, "before the kill");
                kafka.kill(1);
                load.awaitMore(1000, "after the kill");
                accepted = load.accepted;
                refused = load.refused.get();
            }
            Map<String, Integer> counts = awaitInFileSink(rt, accepted);
            report("kill -9 of 1 of 3 brokers", accepted, counts, refused);
            assertThat(counts.keySet()).containsAll(accepted);
        }
    }

    @Test
    void allThreeBrokersDownAnswers503WithRetryAfterTurnsUnreadyAndRecoversLosingNothing() throws Exception {
        try (KafkaBrokers kafka = KafkaBrokers.start(3)) {
            try (TestRuntime rt = TestRuntime.start(dir, kafkaArgs(kafka, "outage-" + UUID.randomUUID(), "3", "2",
                    "1500ms"))) {
                String token = rt.admin();
                Set<String> accepted;
                int refused;
                try (Load load = new Load(rt.url(""), token, "o")) {
                    load.awaitMore(300, "before the outage");
                    Await.until(WAIT, "ready", () -> rt.get(rt.management("/health/ready")).statusCode() == 200);
                    kafka.stopAll();
                    int refusedBefore = load.refused.get();
                    long started = System.nanoTime();
                    HttpResponse<String> down = http.send(request(rt.url(""), token, "during-outage", "/down"),
                            HttpResponse.BodyHandlers.ofString());
                    long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
                    assertThat(down.statusCode()).isEqualTo(503);
                    assertThat(down.headers().firstValue("Retry-After")).isPresent();
                    assertThat(down.body()).contains("log-unavailable");
                    assertThat(millis).as("answered within about 2 s").isLessThan(2_500);
                    Await.until(WAIT, "unready while no broker is reachable",
                            () -> rt.get(rt.management("/health/ready")).statusCode() == 503);
                    Await.until(WAIT, "the clients refused with 503 too", () -> load.refused.get() > refusedBefore);
                    kafka.restartAll();
                    Await.until(WAIT, "ready again", () -> rt.get(rt.management("/health/ready")).statusCode() == 200);
                    load.awaitMore(300, "after the recovery");
                    accepted = load.accepted;
                    refused = load.refused.get();
                }
                Map<String, Integer> counts = awaitInFileSink(rt, accepted);
                int duplicates = report("all 3 brokers stopped, then restarted", accepted, counts, refused);
                assertThat(counts.keySet()).containsAll(accepted);
                assertThat(duplicates).as("events delivered twice").isZero();
            }
        }
    }

    @Test
    void killDashNineOfOneOfTwoRuntimesInAConsumerGroupTheOtherDeliversEverything() throws Exception {
        Set<String> received = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<String> deliveries = new ConcurrentLinkedQueue<>();
        HttpServer receiver = receiver(deliveries, received, new AtomicBoolean(true), Duration.ofMillis(5));
        String topic = "group-" + UUID.randomUUID();
        try (KafkaBrokers kafka = KafkaBrokers.start(1)) {
            List<String> common = new ArrayList<>(kafkaArgs(kafka, topic, "1", "1"));
            common.addAll(List.of("--kafka.consumer.session-timeout=3s", "--kafka.consumer.max-poll-records=100",
                    "--sinks.webhook.enabled=true",
                    "--sinks.webhook.url=http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"));
            Set<String> accepted;
            int refused;
            try (RuntimeProcess a = RuntimeProcess.start(dir, "a", with(common, "a"));
                 RuntimeProcess b = RuntimeProcess.start(dir, "b", with(common, "b"))) {
                try (Load load = new Load(a.api, token(a.api), "g")) {
                    Await.until(WAIT, "both members of the group committed deliveries",
                            () -> commits(a) > 0 && commits(b) > 0 && load.accepted.size() >= 500);
                    b.kill();
                    load.awaitMore(1000, "after the kill");
                    accepted = load.accepted;
                    refused = load.refused.get();
                }
                Await.until(WAIT, () -> "every accepted id at the webhook (" + received.size() + "/" + accepted.size() + ")",
                        () -> received.containsAll(accepted));
            }
            Map<String, Integer> counts = new HashMap<>();
            deliveries.forEach(id -> counts.merge(id, 1, Integer::sum));
            int duplicates = report("kill -9 of 1 of 2 runtimes in a consumer group", accepted, counts, refused);
            assertThat(counts.keySet()).containsAll(accepted);
            // What b held and had not committed: its queue (100), one poll (100), and the commit interval's acks.
            assertThat(duplicates).as("events delivered twice").isLessThanOrEqualTo(100 + 100 + 500);
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void aWebhookDownForAWhileLosesNothingAndDoesNotBlockOtherKeys() throws Exception {
        Set<String> received = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<String> deliveries = new ConcurrentLinkedQueue<>();
        AtomicBoolean up = new AtomicBoolean(false);
        HttpServer receiver = receiver(deliveries, received, up, Duration.ZERO);
        try (KafkaBrokers kafka = KafkaBrokers.start(1)) {
            List<String> args = new ArrayList<>(kafkaArgs(kafka, "webhook-" + UUID.randomUUID(), "1", "1"));
            args.addAll(List.of("--sinks.webhook.enabled=true", "--delivery.max-attempts=100",
                    "--delivery.backoff-base=50ms", "--delivery.backoff-max=200ms",
                    "--sinks.webhook.url=http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"));
            try (TestRuntime rt = TestRuntime.start(dir, args)) {
                String token = rt.admin();
                List<String> down = new ArrayList<>();
                List<String> others = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    down.add(postOne(rt.url(""), token, "down-" + i, "/down"));
                }
                for (int i = 0; i < 50; i++) {
                    others.add(postOne(rt.url(""), token, "other-" + i, "/other"));
                }
                Await.until(WAIT, "the other key's events delivered while /down's fail", () -> received.containsAll(others));
                assertThat(received).doesNotContainAnyElementsOf(down);
                up.set(true);
                Await.until(WAIT, "every /down event delivered once the webhook is up", () -> received.containsAll(down));
                Map<String, Integer> counts = new HashMap<>();
                deliveries.forEach(id -> counts.merge(id, 1, Integer::sum));
                Set<String> accepted = ConcurrentHashMap.newKeySet();
                accepted.addAll(down);
                accepted.addAll(others);
                report("webhook down then up", accepted, counts, 0);
            }
        } finally {
            receiver.stop(0);
        }
    }

    private static List<String> kafkaArgs(KafkaBrokers kafka, String topic, String replication, String minIsr) {
        return kafkaArgs(kafka, topic, replication, minIsr, "5s");
    }

    private static List<String> kafkaArgs(KafkaBrokers kafka, String topic, String replication, String minIsr,
                                          String produceTimeout) {
        return List.of("--durability=kafka", "--kafka.bootstrap-servers=" + kafka.bootstrap(), "--kafka.topic=" + topic,
                "--kafka.topics.create=true", "--kafka.partitions=3", "--kafka.replication-factor=" + replication,
                "--kafka.min-insync-replicas=" + minIsr, "--kafka.group-id=g-" + topic, "--kafka.commit-interval=50ms",
                "--kafka.produce-timeout=" + produceTimeout);
    }

    private List<String> with(List<String> common, String name) {
        List<String> out = new ArrayList<>(common);
        out.add("--kafka.instance-id=" + name);
        out.add("--event-processor-file=" + dir.resolve(name + "-events.json"));
        return out;
    }

    /** Offset commits of a runtime's member of the group, from its {@code GET /v1/stats}. */
    private long commits(RuntimeProcess p) {
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(p.api + "/v1/stats")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return TestRuntime.JSON.readTree(res.body()).at("/result/durability/commits").asLong();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** A webhook that answers 503 to events of source /down while {@code up} is false, 204 otherwise. */
    private static HttpServer receiver(ConcurrentLinkedQueue<String> deliveries, Set<String> received, AtomicBoolean up,
                                       Duration delay) throws IOException {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("ce-id");
            boolean failing = !up.get() && "/down".equals(exchange.getRequestHeaders().getFirst("ce-source"));
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (!failing) {
                deliveries.add(id);
                received.add(id);
            }
            exchange.sendResponseHeaders(failing ? 503 : 204, -1);
            exchange.close();
        });
        receiver.start();
        return receiver;
    }

    private static int report(String fault, Set<String> accepted, Map<String, Integer> counts, int refused) {
        int duplicates = counts.values().stream().mapToInt(n -> n - 1).sum();
        long lost = accepted.stream().filter(id -> !counts.containsKey(id)).count();
        System.out.printf("%s: acknowledged %d, delivered %d, lost %d, duplicated %d, refused (503) %d%n", fault,
                accepted.size(), counts.size(), lost, duplicates, refused);
        return duplicates;
    }

    private String postOne(String api, String token, String id, String source) throws Exception {
        HttpResponse<String> res = http.send(request(api, token, id, source), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
        return id;
    }

    /** {@link #CLIENTS} clients posting events (each its own key) until closed. */
    private final class Load implements AutoCloseable {
        final Set<String> accepted = ConcurrentHashMap.newKeySet();
        final AtomicInteger refused = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();

        Load(String api, String token, String name) {
            for (int c = 0; c < CLIENTS; c++) {
                String prefix = name + c + "-";
                clients.submit(() -> post(api, token, prefix, "/k" + prefix, accepted, refused, stop));
            }
        }

        void awaitMore(int events, String when) {
            int before = accepted.size();
            Await.until(WAIT, events + " more accepted " + when, () -> accepted.size() >= before + events);
        }

        /** Stops the clients and waits for their last requests. */
        @Override
        public void close() {
            stop.set(true);
            clients.close();
        }
    }

    /** Waits until every accepted id is in the runtime's file sink; returns how often each id is there. */
    private static Map<String, Integer> awaitInFileSink(TestRuntime rt, Set<String> accepted) {
        Await.until(WAIT, () -> "every accepted id in the file sink (" + accepted.size() + ")",
                () -> idCounts(rt.eventsFile).keySet().containsAll(accepted));
        return idCounts(rt.eventsFile);
    }

    /** Posts events until told to stop; records the ids that got a 202; a 503 is the only other answer allowed. */
    private Void post(String api, String token, String prefix, String source, Set<String> accepted, AtomicInteger refused,
                      AtomicBoolean stop) {
        for (int n = 0; !stop.get(); n++) {
            String id = prefix + n;
            try {
                HttpResponse<String> res = http.send(request(api, token, id, source), HttpResponse.BodyHandlers.ofString());
                if (res.statusCode() == 202) {
                    accepted.add(id);
                } else if (res.statusCode() == 503) {
                    refused.incrementAndGet();
                } else {
                    throw new AssertionError("unexpected " + res.statusCode() + ": " + res.body());
                }
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private static HttpRequest request(String api, String token, String id, String source) {
        return HttpRequest.newBuilder(URI.create(api + "/v1/events"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"event\":{\"event_type\":\"log\",\"event_id\":\"" + id
                        + "\",\"source\":\"" + source + "\",\"level\":\"info\",\"message\":\"fault test\"}}"))
                .build();
    }

    private String token(String api) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(api + "/v1/tokens"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:" + TestRuntime.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        return TestRuntime.JSON.readTree(res.body()).at("/result/token").asText();
    }

    /** How often each id occurs in a file sink. */
    private static Map<String, Integer> idCounts(Path file) {
        Map<String, Integer> counts = new HashMap<>();
        if (!Files.exists(file)) {
            return counts;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    JsonNode node = TestRuntime.JSON.readTree(line);
                    counts.merge(node.get("id").asText(), 1, Integer::sum);
                }
            }
        } catch (IOException e) {
            return counts;
        }
        return counts;
    }
}
