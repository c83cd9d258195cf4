package io.eventqueue.runtime.delivery;

import io.eventqueue.runtime.testing.TestRuntime;
import io.eventqueue.runtime.testing.Await;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durability features through the real HTTP API of a running runtime. */
class DurabilityHttpTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private TestRuntime rt;
    private HttpServer receiver;

    @AfterEach
    void stop() {
        if (rt != null) {
            rt.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void goEventQueueApiLogAndMetricWithTheSameEventIdAreBothAcceptedAndARepeatIsAcknowledgedAsDuplicate() throws Exception {
        rt = TestRuntime.start(dir, List.of());
        HttpResponse<String> log = rt.postLog("42", "first");
        HttpResponse<String> metric = rt.postAs("/v1/events", rt.admin(), "application/json",
                "{\"event\":{\"event_type\":\"metric\",\"event_id\":\"42\",\"value\":1.5}}");
        HttpResponse<String> again = rt.postLog("42", "first");

        assertThat(log.statusCode()).isEqualTo(202);
        assertThat(TestRuntime.JSON.readTree(log.body()).at("/result/status").asText()).isEqualTo("queued");
        assertThat(metric.statusCode()).isEqualTo(202);
        assertThat(TestRuntime.JSON.readTree(metric.body()).at("/result/status").asText()).isEqualTo("queued");
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(TestRuntime.JSON.readTree(again.body()).at("/result/duplicate").asBoolean()).isTrue();

        Await.until(WAIT, "both events in the file sink", () -> fileSinkSize() == 2);
        assertThat(rt.fileSink()).extracting(n -> n.get("type").asText()).containsExactlyInAnyOrder("log", "metric");
    }

    @Test
    void anIdSharedByALogAndAMetricIsNeverAnsweredWithJustOneOfThem() throws Exception {
        rt = TestRuntime.start(dir, List.of());
        rt.postLog("42", "first");
        rt.postAs("/v1/events", rt.admin(), "application/json",
                "{\"event\":{\"event_type\":\"metric\",\"event_id\":\"42\",\"value\":1.5}}");
        Await.until(WAIT, "both events in the file sink", () -> fileSinkSize() == 2);

        HttpResponse<String> ambiguous = rt.get("/v1/events/42", rt.admin());
        assertThat(ambiguous.statusCode()).isEqualTo(409);
        JsonNode problem = TestRuntime.JSON.readTree(ambiguous.body());
        assertThat(problem.get("type").asText()).isEqualTo("https://eventqueue.io/problems/ambiguous-event-id");
        assertThat(problem.get("matches").findValuesAsText("type")).containsExactlyInAnyOrder("log", "metric");

        JsonNode log = rt.getJson("/v1/events/42?type=log").get("result");
        assertThat(log.at("/event/type").asText()).isEqualTo("log");
        String source = log.at("/event/source").asText();
        JsonNode metric = rt.getJson("/v1/events/42?type=metric&source=" + java.net.URLEncoder.encode(source,
                java.nio.charset.StandardCharsets.UTF_8)).get("result");
        assertThat(metric.at("/event/type").asText()).isEqualTo("metric");
        assertThat(rt.get("/v1/events/42?type=nope", rt.admin()).statusCode()).isEqualTo(404);
    }

    @Test
    void aBatchReportsDuplicatesPerItem() throws Exception {
        rt = TestRuntime.start(dir, List.of());
        rt.postLog("a", "one");
        HttpResponse<String> batch = rt.postAs("/v1/events/batch", rt.admin(), "application/json",
                "[{\"event\":{\"event_type\":\"log\",\"event_id\":\"a\",\"level\":\"info\",\"message\":\"x\"}},"
                        + "{\"event\":{\"event_type\":\"log\",\"event_id\":\"b\",\"level\":\"info\",\"message\":\"y\"}}]");
        assertThat(batch.statusCode()).isEqualTo(202);
        JsonNode result = TestRuntime.JSON.readTree(batch.body()).get("result");
        assertThat(result.get("queued").asInt()).isEqualTo(1);
        assertThat(result.get("duplicates").asInt()).isEqualTo(1);
        assertThat(result.get("rejected").asInt()).isZero();
        assertThat(result.at("/items/0/status").asText()).isEqualTo("duplicate");
        assertThat(result.at("/items/1/status").asText()).isEqualTo("queued");
    }

    @Test
    void recentEventsAreListedNewestFirstWithFiltersStatusAndCursor() throws Exception {
        rt = TestRuntime.start(dir, List.of());
        for (int i = 0; i < 3; i++) {
            rt.postLog("log-" + i, "m" + i);
        }
        rt.postAs("/v1/events", rt.admin(), "application/json",
                "{\"event\":{\"event_type\":\"metric\",\"event_id\":\"metric-0\",\"value\":2}}");
        Await.until(WAIT, "all processed", () -> fileSinkSize() == 4);
        String reader = rt.tokenWithRoles("reader");

        JsonNode page = json(rt.get("/v1/events?type=log&limit=2", reader));
        assertThat(page.at("/result/items")).extracting(n -> n.get("id").asText()).containsExactly("log-2", "log-1");
        assertThat(page.at("/result/items/0/status").asText()).isEqualTo("processed");
        assertThat(page.at("/result/items/0/attempts").asInt()).isEqualTo(1);
        assertThat(page.at("/result/items/0/event/data/message").asText()).isEqualTo("m2");
        assertThat(page.at("/result/retention/max_events").asInt()).isEqualTo(10000);
        assertThat(page.at("/result/retention/window").asText()).as("written as in the config").isEqualTo("1h");
        String cursor = page.at("/result/next_cursor").asText();
        JsonNode next = json(rt.get("/v1/events?type=log&limit=2&cursor=" + cursor, reader));
        assertThat(next.at("/result/items")).extracting(n -> n.get("id").asText()).containsExactly("log-0");
        assertThat(next.at("/result/next_cursor").isMissingNode()).isTrue();

        JsonNode processed = json(rt.get("/v1/events?status=processed", reader));
        assertThat(processed.at("/result/items")).hasSize(4);

        JsonNode one = json(rt.get("/v1/events/metric-0", reader));
        assertThat(one.at("/result/type").asText()).isEqualTo("metric");
        assertThat(one.at("/result/status").asText()).isEqualTo("processed");
        assertThat(one.at("/result/received_at").asText()).isNotEmpty();

        assertThat(rt.get("/v1/events/nope", reader).statusCode()).isEqualTo(404);
        assertThat(rt.get("/v1/events", null).statusCode()).isEqualTo(401);
        assertThat(rt.get("/v1/events?status=weird", reader).statusCode()).isEqualTo(400);
        assertThat(rt.get("/v1/events?cursor=forged", reader).statusCode()).isEqualTo(400);
        assertThat(rt.get("/v1/events", rt.tokenWithRoles("writer")).statusCode()).isEqualTo(403);
    }

    @Test
    void failingWebhookRetriesThenDeadLettersThenReplayDeliversEachEventExactlyOnceMore() throws Exception {
        AtomicBoolean failing = new AtomicBoolean(true);
        Map<String, AtomicInteger> attemptsById = new ConcurrentHashMap<>();
        List<String> delivered = new CopyOnWriteArrayList<>();
        List<String> attemptHeaders = new CopyOnWriteArrayList<>();
        URI url = startReceiver((id, attempt) -> {
            attemptsById.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            if (failing.get()) {
                return 500;
            }
            delivered.add(id);
            attemptHeaders.add(attempt);
            return 204;
        });
        rt = TestRuntime.start(dir, List.of("--sinks.webhook.enabled=true", "--sinks.webhook.url=" + url,
                "--delivery.max-attempts=3", "--delivery.backoff-base=1ms", "--delivery.backoff-max=5ms"));
        List<String> ids = List.of("w-1", "w-2", "w-3", "w-4", "w-5");
        for (String id : ids) {
            assertThat(rt.postLog(id, "to the webhook").statusCode()).isEqualTo(202);
        }

        Await.until(WAIT, "five dead letters", () -> deadLettered() == 5);
        assertThat(attemptsById).hasSize(5).allSatisfy((id, n) -> assertThat(n.get()).isEqualTo(3));
        // The file sink is flushed with the journal acks, so its lines may trail the webhook's dead letters.
        Await.until(WAIT, "five lines in the file sink", () -> fileSinkSize() == 5);
        assertThat(rt.fileSink()).extracting(n -> n.get("id").asText()).containsExactlyInAnyOrderElementsOf(ids);
        JsonNode dlq = rt.getJson("/v1/dlq");
        assertThat(dlq.at("/result/total").asInt()).isEqualTo(5);
        assertThat(dlq.at("/result/items/0/sink").asText()).isEqualTo("webhook");
        assertThat(dlq.at("/result/items/0/attempts").asInt()).isEqualTo(3);
        assertThat(dlq.at("/result/items/0/reason").asText()).contains("500");
        assertThat(dlq.at("/result/items/0/event/data/message").asText()).isEqualTo("to the webhook");
        assertThat(rt.getJson("/v1/events/w-1").at("/result/status").asText()).isEqualTo("dead-lettered");
        assertThat(rt.get("/v1/dlq", rt.tokenWithRoles("reader")).statusCode()).isEqualTo(403);

        failing.set(false);
        HttpResponse<String> replay = rt.postAs("/v1/dlq/replay", rt.admin(), "application/json", "");
        assertThat(replay.statusCode()).isEqualTo(202);
        assertThat(TestRuntime.JSON.readTree(replay.body()).at("/result/replayed").asInt()).isEqualTo(5);

        Await.until(WAIT, "five deliveries", () -> delivered.size() >= 5 && deadLettered() == 0);
        Await.until(WAIT, "replayed events processed", () -> processed("w-5"));
        assertThat(delivered).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(attemptHeaders).containsOnly("4");
        assertThat(rt.fileSink()).as("the file sink is not delivered to again").hasSize(5);
        JsonNode event = rt.getJson("/v1/events/w-3");
        assertThat(event.at("/result/status").asText()).isEqualTo("processed");
        assertThat(event.at("/result/attempts").asInt()).isEqualTo(4);
    }

    @Test
    void replayByIdsReplaysOnlyThose() throws Exception {
        AtomicBoolean failing = new AtomicBoolean(true);
        List<String> delivered = new CopyOnWriteArrayList<>();
        URI url = startReceiver((id, attempt) -> {
            if (failing.get()) {
                return 503;
            }
            delivered.add(id);
            return 200;
        });
        rt = TestRuntime.start(dir, List.of("--sinks.webhook.enabled=true", "--sinks.webhook.url=" + url,
                "--sinks.file.enabled=false", "--delivery.max-attempts=1"));
        rt.postLog("r-1", "x");
        rt.postLog("r-2", "y");
        Await.until(WAIT, "two dead letters", () -> deadLettered() == 2);
        failing.set(false);
        HttpResponse<String> replay = rt.postAs("/v1/dlq/replay", rt.admin(), "application/json",
                "{\"ids\":[\"r-2\",\"unknown\"]}");
        JsonNode result = TestRuntime.JSON.readTree(replay.body()).get("result");
        assertThat(result.get("replayed").asInt()).isEqualTo(1);
        assertThat(result.get("not_found")).extracting(JsonNode::asText).containsExactly("unknown");
        Await.until(WAIT, "r-2 delivered", () -> delivered.contains("r-2"));
        assertThat(deadLettered()).isEqualTo(1);
        assertThat(rt.getJson("/v1/dlq").at("/result/items/0/id").asText()).isEqualTo("r-1");
    }

    @Test
    void liveStreamSendsProcessedEventsAndResumesAfterLastEventId() throws Exception {
        rt = TestRuntime.start(dir, List.of());
        String reader = rt.tokenWithRoles("reader");
        HttpRequest req = HttpRequest.newBuilder(URI.create(rt.url("/v1/events/stream?type=log")))
                .header("Authorization", "Bearer " + reader).GET().build();
        HttpResponse<InputStream> live = rt.http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(live.body(), StandardCharsets.UTF_8))) {
            Await.until(WAIT, "subscribed", () -> subscribers() == 1);
            rt.postAs("/v1/events", rt.admin(), "application/json",
                    "{\"event\":{\"event_type\":\"metric\",\"event_id\":\"m\",\"value\":1}}");
            rt.postLog("s-1", "streamed");
            List<String> event = readEvent(lines);
            assertThat(event).contains("event: event");
            assertThat(event).anySatisfy(l -> assertThat(l).startsWith("data: ").contains("\"id\":\"s-1\""));
            String id = event.stream().filter(l -> l.startsWith("id: ")).findFirst().orElseThrow().substring(4);

            rt.postLog("s-2", "after");
            Await.until(WAIT, "s-2 processed", () -> processed("s-2"));
            HttpRequest resume = HttpRequest.newBuilder(URI.create(rt.url("/v1/events/stream?type=log")))
                    .header("Authorization", "Bearer " + reader).header("Last-Event-ID", id).GET().build();
            HttpResponse<InputStream> resumed = rt.http.send(resume, HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader again = new BufferedReader(new InputStreamReader(resumed.body(), StandardCharsets.UTF_8))) {
                List<String> missed = readEvent(again);
                assertThat(missed).anySatisfy(l -> assertThat(l).contains("\"id\":\"s-2\""));
            }

            HttpRequest fromEarlierRun = HttpRequest.newBuilder(URI.create(rt.url("/v1/events/stream?type=log")))
                    .header("Authorization", "Bearer " + reader).header("Last-Event-ID", "1-999").GET().build();
            HttpResponse<InputStream> restarted = rt.http.send(fromEarlierRun, HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader again = new BufferedReader(new InputStreamReader(restarted.body(), StandardCharsets.UTF_8))) {
                List<String> gap = readEvent(again);
                assertThat(gap).contains("event: gap");
                assertThat(gap).anySatisfy(l -> assertThat(l).contains("server restarted"));
                assertThat(readEvent(again)).anySatisfy(l -> assertThat(l).contains("\"id\":\"s-1\""));
                assertThat(readEvent(again)).anySatisfy(l -> assertThat(l).contains("\"id\":\"s-2\""));
            }
        }
        assertThat(rt.get("/v1/events/stream", null).statusCode()).isEqualTo(401);
        HttpRequest garbage = HttpRequest.newBuilder(URI.create(rt.url("/v1/events/stream")))
                .header("Authorization", "Bearer " + reader).header("Last-Event-ID", "not-an-id").GET().build();
        assertThat(rt.http.send(garbage, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(400);
    }

    @Test
    void aFullJournalAnswers503JournalFullInsteadOfCrashing() throws Exception {
        URI url = startReceiver((id, attempt) -> 503);
        rt = TestRuntime.start(dir, List.of("--journal.max-bytes=1MiB", "--sinks.webhook.enabled=true",
                "--sinks.webhook.url=" + url, "--delivery.max-attempts=100", "--delivery.backoff-base=1h",
                "--delivery.backoff-max=1h", "--shutdown.drain-timeout=0s"));
        String message = "x".repeat(16_000);
        int accepted = 0;
        HttpResponse<String> refused = null;
        for (int i = 0; i < 200 && refused == null; i++) {
            HttpResponse<String> res = rt.postLog("big-" + i, message);
            if (res.statusCode() == 202) {
                accepted++;
            } else {
                refused = res;
            }
        }
        assertThat(accepted).isBetween(40, 70);
        assertThat(refused).isNotNull();
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        JsonNode problem = TestRuntime.JSON.readTree(refused.body());
        assertThat(problem.get("type").asText()).endsWith("/journal-full");
        assertThat(problem.get("detail").asText()).contains("journal.max-bytes");
        assertThat(rt.getJson("/v1/stats").at("/result/rejected/journal_full").asInt()).isPositive();
        assertThat(rt.postLog("big-again", message).statusCode()).as("still refusing, still alive").isEqualTo(503);
    }

    @Test
    void eventsStillWaitingForARetryAtShutdownAreDeliveredAfterRestart() throws Exception {
        AtomicBoolean failing = new AtomicBoolean(true);
        List<String> delivered = new CopyOnWriteArrayList<>();
        URI url = startReceiver((id, attempt) -> {
            if (failing.get()) {
                return 503;
            }
            delivered.add(id);
            return 200;
        });
        List<String> args = List.of("--sinks.webhook.enabled=true", "--sinks.webhook.url=" + url,
                "--sinks.file.enabled=false", "--delivery.max-attempts=50", "--delivery.backoff-base=1h",
                "--delivery.backoff-max=1h", "--shutdown.drain-timeout=0s");
        rt = TestRuntime.start(dir, args);
        for (int i = 0; i < 3; i++) {
            assertThat(rt.postLog("pending-" + i, "waits for the receiver").statusCode()).isEqualTo(202);
        }
        Await.until(WAIT, "three events waiting for a retry",
                () -> json("/v1/stats", "/result/durability/retrying") == 3);
        rt.close();
        rt = null;

        failing.set(false);
        rt = TestRuntime.start(dir, args);
        Await.until(WAIT, "the three events delivered after restart", () -> delivered.size() >= 3);
        assertThat(delivered).containsExactlyInAnyOrder("pending-0", "pending-1", "pending-2");
        Await.until(WAIT, "acked", () -> json("/v1/stats", "/result/durability/journal_unacked") == 0);
    }

    @Test
    void memoryDurabilityKeepsNoJournalButStillDeliversAndDeadLetters() throws Exception {
        URI url = startReceiver((id, attempt) -> 500);
        rt = TestRuntime.start(dir, List.of("--durability=memory", "--sinks.webhook.enabled=true",
                "--sinks.webhook.url=" + url, "--delivery.max-attempts=1"));
        assertThat(rt.postLog("mem-1", "in memory").statusCode()).isEqualTo(202);
        Await.until(WAIT, "in the file sink", () -> fileSinkSize() == 1);
        Await.until(WAIT, "dead-lettered for the webhook", () -> deadLettered() == 1);
        assertThat(rt.getJson("/v1/stats").at("/result/durability/mode").asText()).isEqualTo("memory");
        assertThat(dir.resolve("data").resolve("journal")).doesNotExist();
    }

    @Test
    void statsReportDurability() throws Exception {
        rt = TestRuntime.start(dir, List.of());
        JsonNode d = rt.getJson("/v1/stats").at("/result/durability");
        assertThat(d.get("mode").asText()).isEqualTo("journal");
        assertThat(d.get("dead_lettered").asInt()).isZero();
        assertThat(d.get("journal_max_bytes").asLong()).isEqualTo(1L << 30);
    }

    private interface Receiver {
        int answer(String id, String attemptHeader);
    }

    private URI startReceiver(Receiver answer) throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("ce-id");
            int status = answer.answer(id, exchange.getRequestHeaders().getFirst(WebhookClient.ATTEMPT_HEADER));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
    }

    /** Lines of the next SSE event that carries data, skipping comments and the retry hint. */
    private static List<String> readEvent(BufferedReader lines) throws Exception {
        List<String> event = new ArrayList<>();
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isEmpty()) {
                if (event.stream().anyMatch(l -> l.startsWith("data: "))) {
                    return event;
                }
                event.clear();
            } else {
                event.add(line);
            }
        }
        throw new AssertionError("stream ended early: " + event);
    }

    private static JsonNode json(HttpResponse<String> res) throws Exception {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return TestRuntime.JSON.readTree(res.body());
    }

    private int fileSinkSize() {
        try {
            return rt.fileSink().size();
        } catch (Exception e) {
            return -1;
        }
    }

    private int deadLettered() {
        try {
            return rt.getJson("/v1/stats").at("/result/durability/dead_lettered").asInt();
        } catch (Exception e) {
            return -1;
        }
    }

    private long json(String path, String pointer) {
        try {
            return rt.getJson(path).at(pointer).asLong();
        } catch (Exception e) {
            return -1;
        }
    }

    private int subscribers() {
        try {
            return rt.getJson("/v1/stats").at("/result/durability/stream_subscribers").asInt();
        } catch (Exception e) {
            return -1;
        }
    }

    private boolean processed(String id) {
        try {
            return rt.getJson("/v1/events/" + id).at("/result/status").asText().equals("processed");
        } catch (Exception e) {
            return false;
        }
    }
}
