package io.eventqueue.runtime.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.eventqueue.runtime.testing.Await;
import io.eventqueue.runtime.testing.TestRuntime;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code subscriptions[]} in the config file: routed by filter, each delivering on its own, named in dead letters. */
class SubscriptionsHttpTest {
    private static final int EVENTS = 20;

    @TempDir
    Path dir;
    private TestRuntime rt;
    private final List<HttpServer> receivers = new ArrayList<>();

    @AfterEach
    void stop() {
        if (rt != null) {
            rt.close();
        }
        receivers.forEach(r -> r.stop(0));
    }

    /** A webhook receiver on loopback: records the ce-id of every request it answers 2xx. */
    private final class Receiver {
        final Set<String> got = ConcurrentHashMap.newKeySet();
        final AtomicInteger requests = new AtomicInteger();
        final String url;

        Receiver(IntSupplier status) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/hook", exchange -> {
                exchange.getRequestBody().readAllBytes();
                requests.incrementAndGet();
                int answer = status.getAsInt();
                if (answer / 100 == 2) {
                    got.add(exchange.getRequestHeaders().getFirst("ce-id"));
                }
                exchange.sendResponseHeaders(answer, -1);
                exchange.close();
            });
            server.start();
            receivers.add(server);
            url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }
    }

    private TestRuntime start(String yaml, String... args) throws IOException {
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, yaml);
        List<String> all = new ArrayList<>(List.of("--config=" + config, "--durability=memory"));
        all.addAll(List.of(args));
        rt = TestRuntime.start(dir, all);
        return rt;
    }

    private void postMetric(String id) {
        assertThat(rt.postEvent(rt.admin(), "{\"event\":{\"event_type\":\"metric\",\"event_id\":\"" + id
                + "\",\"value\":1}}").statusCode()).isEqualTo(202);
    }

    private static Set<String> ids(String prefix) {
        Set<String> out = new java.util.HashSet<>();
        IntStream.range(0, EVENTS).forEach(i -> out.add(prefix + i));
        return out;
    }

    @Test
    void aSubscriptionReceivesWhatItsFilterMatchesAndTheStaticSinksStillReceiveEverything() throws IOException {
        Receiver metrics = new Receiver(() -> 204);
        start("""
                sinks: {file: {enabled: true}}
                subscriptions:
                  - name: metrics
                    filters: [{exact: {type: metric}}]
                    sink: {webhook: {url: "%s"}}
                    delivery: {max-attempts: 5}
                """.formatted(metrics.url));
        rt.postLog("log-1", "not for the metrics subscription");
        postMetric("metric-1");

        Await.until(Duration.ofSeconds(10), "the file sink has both", () -> rt.fileSink().size() == 2);
        Await.until(Duration.ofSeconds(10), "the subscriber has the metric", () -> metrics.got.contains("metric-1"));
        assertThat(metrics.got).containsExactly("metric-1");
    }

    @Test
    void aSlowSubscriberDelaysNoOtherAndGetsEverythingOnceItAnswers() throws Exception {
        CountDownLatch slowMayAnswer = new CountDownLatch(1);
        Receiver quick = new Receiver(() -> 204);
        Receiver slow = new Receiver(() -> {
            try {
                return slowMayAnswer.await(60, TimeUnit.SECONDS) ? 204 : 500;
            } catch (InterruptedException e) {
                return 500;
            }
        });
        start("""
                subscriptions:
                  - name: quick
                    sink: {webhook: {url: "%s"}}
                  - name: slow
                    sink: {webhook: {url: "%s", timeout: 60s}}
                    delivery: {max-attempts: 50, backoff-base: 10ms, backoff-max: 100ms}
                """.formatted(quick.url, slow.url));
        for (int i = 0; i < EVENTS; i++) {
            rt.postLog("e" + i, "to both");
        }

        Await.until(Duration.ofSeconds(15), () -> "the quick subscriber has all, got " + quick.got.size(),
                () -> quick.got.equals(ids("e")));
        assertThat(slow.got).as("the slow one is still answering its first requests").isEmpty();
        slowMayAnswer.countDown();
        Await.until(Duration.ofSeconds(30), () -> "the slow subscriber has all, got " + slow.got.size(),
                () -> slow.got.equals(ids("e")));
    }

    @Test
    void aDownSubscriberRetriesOnItsOwnAndGetsEverythingAfterRecovery() throws Exception {
        AtomicInteger downStatus = new AtomicInteger(503);
        Receiver up = new Receiver(() -> 204);
        Receiver down = new Receiver(downStatus::get);
        start("""
                subscriptions:
                  - name: up
                    sink: {webhook: {url: "%s"}}
                  - name: down
                    sink: {webhook: {url: "%s"}}
                    delivery: {max-attempts: 100, backoff-base: 20ms, backoff-max: 200ms}
                """.formatted(up.url, down.url));
        for (int i = 0; i < EVENTS; i++) {
            rt.postLog("e" + i, "to both");
        }

        Await.until(Duration.ofSeconds(15), () -> "the up subscriber has all, got " + up.got.size(),
                () -> up.got.equals(ids("e")));
        Await.until(Duration.ofSeconds(15), "the down one was asked again", () -> down.requests.get() > EVENTS);
        assertThat(down.got).isEmpty();
        Await.until(Duration.ofSeconds(15), "every event waits for a retry of the down one",
                () -> rt.getJson("/v1/stats").at("/result/durability/retrying").asInt() == EVENTS);

        downStatus.set(204);
        Await.until(Duration.ofSeconds(30), () -> "the recovered subscriber has all, got " + down.got.size(),
                () -> down.got.equals(ids("e")));
        Await.until(Duration.ofSeconds(10), "nothing left to retry",
                () -> rt.getJson("/v1/stats").at("/result/durability/retrying").asInt() == 0);
        assertThat(up.requests.get()).as("the up subscriber got each event once").isEqualTo(EVENTS);
    }

    @Test
    void deadLettersAndMetricsNameTheSubscriptionAndAReplayGoesToItAlone() throws Exception {
        AtomicInteger ordersStatus = new AtomicInteger(400);
        Receiver orders = new Receiver(ordersStatus::get);
        Receiver audit = new Receiver(() -> 204);
        start("""
                subscriptions:
                  - name: orders
                    sink: {webhook: {url: "%s"}}
                    delivery: {max-attempts: 1}
                  - name: audit
                    sink: {webhook: {url: "%s"}}
                """.formatted(orders.url, audit.url));
        rt.postLog("o-1", "refused by orders");

        Await.until(Duration.ofSeconds(10), "dead-lettered",
                () -> rt.getJson("/v1/stats").at("/result/durability/dead_lettered").asInt() == 1);
        JsonNode dlq = rt.get("/v1/dlq", rt.admin()).body().transform(TestRuntime::json);
        assertThat(dlq.at("/result/items/0/subscription").asText()).isEqualTo("orders");
        assertThat(dlq.at("/result/items/0/sink").asText()).isEqualTo("orders");
        assertThat(dlq.at("/result/items/0/reason").asText()).contains("400");
        assertThat(rt.metric("eventqueue_events_dead_lettered_total", Map.of("sink", "orders", "type", "log")))
                .contains(1.0);
        assertThat(rt.metric("eventqueue_events_processed_total", Map.of("sink", "audit", "type", "log")))
                .contains(1.0);

        ordersStatus.set(204);
        assertThat(rt.post("/v1/dlq/replay", "", "Authorization", "Bearer " + rt.admin()).statusCode()).isEqualTo(202);
        Await.until(Duration.ofSeconds(10), "orders got the replay", () -> orders.got.contains("o-1"));
        assertThat(audit.requests.get()).as("the replay is for the subscription that failed only").isEqualTo(1);
    }

    @Test
    void aReplyEventFromASubscriberIsNotQueuedAgain() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer replying = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        replying.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            exchange.getResponseHeaders().add("ce-specversion", "1.0");
            exchange.getResponseHeaders().add("ce-id", "reply-1");
            exchange.getResponseHeaders().add("ce-type", "com.example.order.confirmed");
            exchange.getResponseHeaders().add("ce-source", "/orders");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] body = "{\"ok\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        replying.start();
        receivers.add(replying);
        start("""
                subscriptions:
                  - name: orders
                    filters: [{prefix: {type: "com.example.order."}}]
                    sink: {webhook: {url: "http://127.0.0.1:%d/hook"}}
                """.formatted(replying.getAddress().getPort()));
        assertThat(rt.postEvent(rt.admin(), "{\"specversion\":\"1.0\",\"id\":\"o-1\",\"source\":\"/shop\","
                + "\"type\":\"com.example.order.created\",\"data\":{\"order\":1}}").statusCode()).isEqualTo(202);

        Await.until(Duration.ofSeconds(10), "processed",
                () -> rt.getJson("/v1/stats").at("/result/processed").asInt() == 1);
        JsonNode stats = rt.getJson("/v1/stats").at("/result");
        assertThat(stats.get("accepted").asInt()).as("the reply was not admitted").isEqualTo(1);
        assertThat(rt.get("/v1/events/reply-1", rt.admin()).statusCode()).isEqualTo(404);
        assertThat(requests.get()).isEqualTo(1);
    }
}
