package io.eventqueue.runtime.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventqueue.runtime.EventQueueRuntime;
import io.eventqueue.runtime.config.ConfigLoader;
import io.eventqueue.runtime.config.RuntimeConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A real runtime with durability wired in, on random ports, plus a small HTTP client for tests. */
final class TestRuntime implements AutoCloseable {
    static final String ADMIN_PASSWORD = "test-admin-password-1234";
    static final String JWT_KEY = "0123456789abcdef0123456789abcdef-test-key";
    static final ObjectMapper JSON = new ObjectMapper();

    final EventQueueRuntime runtime;
    final Path eventsFile;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String adminToken;

    TestRuntime(Path dataDir, List<String> extraArgs) {
        this.eventsFile = dataDir.resolve("events.json");
        List<String> args = new ArrayList<>(List.of(
                "--listen-addr=http://127.0.0.1:0",
                "--management-addr=http://127.0.0.1:0",
                "--data-dir=" + dataDir.resolve("data"),
                "--event-processor-file=" + eventsFile,
                "--sinks.log.enabled=false",
                "--auth.admin-password=" + ADMIN_PASSWORD,
                "--auth.jwt-key=" + JWT_KEY,
                "--shutdown.drain-timeout=5s"));
        args.addAll(extraArgs);
        RuntimeConfig config = ConfigLoader.load(args, Map.of());
        EventQueueRuntime.Builder builder = EventQueueRuntime.builder(config);
        try {
            Durability.install(builder, config, Clock.systemUTC());
            this.runtime = builder.build().start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + runtime.port() + path;
    }

    String token(String... roles) throws Exception {
        String body = roles.length == 0 ? "" : JSON.writeValueAsString(Map.of("roles", List.of(roles)));
        HttpRequest req = HttpRequest.newBuilder(URI.create(url("/v1/tokens")))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200 && res.statusCode() != 201) {
            throw new IllegalStateException("token request failed: " + res.statusCode() + " " + res.body());
        }
        return JSON.readTree(res.body()).at("/result/token").asText();
    }

    String admin() throws Exception {
        if (adminToken == null) {
            adminToken = token();
        }
        return adminToken;
    }

    HttpResponse<String> post(String path, String token, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode getJson(String path) throws Exception {
        HttpResponse<String> res = get(path, admin());
        if (res.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + res.statusCode() + ": " + res.body());
        }
        return JSON.readTree(res.body());
    }

    HttpResponse<String> postLog(String id, String message) throws Exception {
        return post("/v1/events", admin(), "application/json",
                "{\"event\":{\"event_type\":\"log\",\"event_id\":\"" + id + "\",\"level\":\"info\",\"message\":\"" + message + "\"}}");
    }

    /** Lines of the file sink (JSON Lines) parsed; empty when the file does not exist yet. */
    List<JsonNode> fileSink() throws IOException {
        if (!Files.exists(eventsFile)) {
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(eventsFile)) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        runtime.shutdown();
    }
}
