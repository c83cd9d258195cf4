package io.eventqueue.runtime.delivery;

import io.eventqueue.runtime.testing.TestRuntime;
import io.eventqueue.runtime.testing.Await;

import io.eventqueue.runtime.config.RuntimeConfig.Fsync;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import io.eventqueue.runtime.log.journal.Journal;
import io.eventqueue.runtime.log.journal.JournalOptions;
import com.sun.net.httpserver.HttpServer;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults against the runtime as a separate JVM: kill -9 while clients post, and SIGTERM under load.
 * The file sink is the witness: every event that got a 202 must be in it.
 */
class CrashAndShutdownFaultTest {
    private static final int CLIENTS = 4;
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The queue (100), the acks not yet written (at most one batch of 256), and one request per client. */
    private static final int IN_FLIGHT_BOUND = 100 + 256 + CLIENTS;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void killDashNineWhileClientsPostLosesNoAcceptedEventAndDuplicatesAreBounded() throws Exception {
        Path events = dir.resolve("events.json");
        Set<String> webhook = ConcurrentHashMap.newKeySet();
        // A receiver slower than the clients, so a backlog is queued and in flight when the kill lands.
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            webhook.add(exchange.getRequestHeaders().getFirst("ce-id"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        List<String> args = List.of("--data-dir=" + dir.resolve("data"), "--event-processor-file=" + events,
                "--sinks.webhook.enabled=true", "--sinks.webhook.url=http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        try {
            killAndRestart(events, webhook, args, accepted);
        } finally {
            receiver.stop(0);
        }
    }

    private void killAndRestart(Path events, Set<String> webhook, List<String> args, Set<String> accepted) throws Exception {
        try (RuntimeProcess first = RuntimeProcess.start(dir, "first", args)) {
            String token = token(first.api);
            AtomicBoolean stop = new AtomicBoolean();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < CLIENTS; c++) {
                    int client = c;
                    clients.submit(() -> post(first.api, token, "k" + client + "-", accepted, stop));
                }
                Await.until(WAIT, "2000 accepted events", () -> accepted.size() >= 2000);
                first.kill();
                stop.set(true);
            }
        }
        assertThat(accepted).hasSizeGreaterThanOrEqualTo(2000);

        try (RuntimeProcess second = RuntimeProcess.start(dir, "second", args)) {
            assertThat(second.process.isAlive()).isTrue();
            Await.until(WAIT, "every accepted id in the file sink", () -> idCounts(events).keySet().containsAll(accepted));
            Await.until(WAIT, "every accepted id at the webhook", () -> webhook.containsAll(accepted));
            Map<String, Integer> counts = idCounts(events);
            int duplicates = counts.values().stream().mapToInt(n -> n - 1).sum();
            System.out.printf("kill -9: %d events accepted before the kill, %d delivered twice; %s%n", accepted.size(),
                    duplicates, second.log().lines().filter(l -> l.contains("journal replay")).findFirst()
                            .orElse("nothing to replay"));
            assertThat(counts.keySet()).containsAll(accepted);
            assertThat(duplicates).as("events delivered twice").isLessThanOrEqualTo(IN_FLIGHT_BOUND);
        }
    }

    @Test
    void sigtermUnderLoadProcessesEveryAcceptedEventAndExitsZero() throws Exception {
        Path events = dir.resolve("events.json");
        Path data = dir.resolve("data");
        List<String> args = List.of("--data-dir=" + data, "--event-processor-file=" + events, "--queue.workers=2");
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        int exit;
        try (RuntimeProcess runtime = RuntimeProcess.start(dir, "runtime", args)) {
            String token = token(runtime.api);
            AtomicBoolean stop = new AtomicBoolean();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < CLIENTS; c++) {
                    int client = c;
                    clients.submit(() -> post(runtime.api, token, "t" + client + "-", accepted, stop));
                }
                Await.until(WAIT, "1000 accepted events", () -> accepted.size() >= 1000);
                exit = runtime.terminate(WAIT);
                stop.set(true);
            }
            assertThat(exit).as(runtime.log()).isZero();
        }
        Map<String, Integer> counts = idCounts(events);
        assertThat(counts.keySet()).containsAll(accepted);
        assertThat(counts.values()).as("nothing delivered twice").allMatch(n -> n == 1);
        try (Journal journal = Journal.open(JournalOptions.of(data.resolve("journal"), Fsync.NEVER,
                Duration.ofMillis(10), 1L << 30))) {
            assertThat(journal.recovered()).as("unacked journal entries after a clean shutdown").isEmpty();
        }
    }

    /** Posts events until told to stop or the server goes away; records the ids that got a 202. */
    private Void post(String api, String token, String prefix, Set<String> accepted, AtomicBoolean stop) {
        for (int n = 0; !stop.get(); n++) {
            String id = prefix + n;
            HttpRequest req = HttpRequest.newBuilder(URI.create(api + "/v1/events"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"event\":{\"event_type\":\"log\",\"event_id\":\"" + id
                            + "\",\"level\":\"info\",\"message\":\"fault test\"}}"))
                    .build();
            try {
                HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (res.statusCode() == 202) {
                    accepted.add(id);
                } else if (res.statusCode() != 503) {
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

    private String token(String api) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(api + "/v1/tokens"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:" + TestRuntime.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        return TestRuntime.JSON.readTree(res.body()).at("/result/token").asText();
    }

    /** How often each id occurs in the file sink; a torn last line (the process was killed mid-write) is skipped. */
    private static Map<String, Integer> idCounts(Path file) {
        Map<String, Integer> counts = new HashMap<>();
        if (!Files.exists(file)) {
            return counts;
        }
        List<String> lines;
        try {
            lines = new ArrayList<>(Files.readAllLines(file));
        } catch (IOException e) {
            return counts;
        }
        for (String line : lines) {
            try {
                JsonNode node = TestRuntime.JSON.readTree(line);
                counts.merge(node.get("id").asText(), 1, Integer::sum);
            } catch (IOException | RuntimeException torn) {
                // A line cut by kill -9; the event is replayed and written again whole.
            }
        }
        return counts;
    }
}
