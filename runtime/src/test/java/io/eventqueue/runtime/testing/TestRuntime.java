package io.eventqueue.runtime.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventqueue.runtime.EventQueueRuntime;
import io.eventqueue.runtime.config.ConfigLoader;
import io.eventqueue.runtime.config.RuntimeConfig;
import io.eventqueue.runtime.observe.PrometheusText;
import io.eventqueue.runtime.observe.Tracing;
import io.eventqueue.runtime.observe.TracingSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime as {@code Main} composes it, from command-line arguments only, on random loopback ports with a known
 * admin password and signing key, the log sink off and the file sink writing {@link #eventsFile}; plus a plain JDK
 * HTTP client. Durability is the default ({@code journal} under {@code <dir>/data}) unless the arguments say otherwise.
 */
public final class TestRuntime implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "test-admin-password";
    public static final String JWT_KEY = "test-signing-key-0123456789abcdef-xyz";
    public static final ObjectMapper JSON = new ObjectMapper();

    public final EventQueueRuntime runtime;
    public final Path eventsFile;
    public final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String adminToken;

    private TestRuntime(EventQueueRuntime runtime, Path eventsFile) {
        this.runtime = runtime;
        this.eventsFile = eventsFile;
    }

    /** The arguments every test runtime starts with (before the test's own, which win). */
    public static List<String> baseArgs(Path dir) {
        return List.of(
                "--listen-addr=http://127.0.0.1:0",
                "--management-addr=http://127.0.0.1:0",
                "--auth.admin-password=" + ADMIN_PASSWORD,
                "--auth.jwt-key=" + JWT_KEY,
                "--sinks.log.enabled=false",
                "--event-processor-file=" + dir.resolve("events.json"),
                "--data-dir=" + dir.resolve("data"),
                "--shutdown.drain-timeout=10s");
    }

    public static TestRuntime start(Path dir, String... args) {
        return start(dir, List.of(args));
    }

    public static TestRuntime start(Path dir, List<String> args) {
        RuntimeConfig config = config(dir, args);
        return start(dir, config, Tracing.create(TracingSettings.from(config.tracing())));
    }

    /** With a given tracing (an in-memory exporter) in place of the one {@code tracing.*} describes. */
    public static TestRuntime start(Path dir, Tracing tracing, String... args) {
        return start(dir, config(dir, List.of(args), Map.of()), tracing);
    }

    /** With environment variables, read as the process environment is ({@code EVENTQUEUE_*} and the aliases). */
    public static TestRuntime start(Path dir, Map<String, String> env, String... args) {
        RuntimeConfig config = config(dir, List.of(args), env);
        return start(dir, config, Tracing.create(TracingSettings.from(config.tracing())));
    }

    private static RuntimeConfig config(Path dir, List<String> args) {
        return config(dir, args, Map.of());
    }

    private static RuntimeConfig config(Path dir, List<String> args, Map<String, String> env) {
        List<String> all = new ArrayList<>(baseArgs(dir));
        all.addAll(args);
        return ConfigLoader.load(all, env);
    }

    private static TestRuntime start(Path dir, RuntimeConfig config, Tracing tracing) {
        try {
            return new TestRuntime(EventQueueRuntime.create(config, tracing).start(), dir.resolve("events.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI api(String path) {
        return URI.create("http://127.0.0.1:" + runtime.port() + path);
    }

    public String url(String path) {
        return api(path).toString();
    }

    public URI management(String path) {
        return URI.create("http://127.0.0.1:" + runtime.managementPort() + path);
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> post(String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(api(path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    /** POST with a bearer token (none when null). */
    public HttpResponse<String> postAs(String path, String token, String contentType, String body) {
        return token == null ? post(path, body, "Content-Type", contentType)
                : post(path, body, "Content-Type", contentType, "Authorization", "Bearer " + token);
    }

    public HttpResponse<String> get(URI uri, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    /** GET on the API with a bearer token (none when null). */
    public HttpResponse<String> get(String path, String token) {
        return token == null ? get(api(path)) : get(api(path), "Authorization", "Bearer " + token);
    }

    /** GET with the admin token; fails unless 200. */
    public JsonNode getJson(String path) {
        HttpResponse<String> res = get(path, admin());
        if (res.statusCode() != 200) {
            throw new AssertionError(path + " answered " + res.statusCode() + ": " + res.body());
        }
        return json(res.body());
    }

    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code POST /v1/tokens} with the admin credentials and an optional JSON body. */
    public String token(String requestBody) {
        HttpResponse<String> r = requestBody == null
                ? post("/v1/tokens", "", "Authorization", basic("admin", ADMIN_PASSWORD))
                : post("/v1/tokens", requestBody, "Authorization", basic("admin", ADMIN_PASSWORD),
                "Content-Type", "application/json");
        if (r.statusCode() != 200) {
            throw new AssertionError("token request failed: " + r.statusCode() + " " + r.body());
        }
        return json(r.body()).at("/result/token").asText();
    }

    public String token() {
        return token(null);
    }

    /** A token with exactly these roles. */
    public String tokenWithRoles(String... roles) {
        try {
            return token(JSON.writeValueAsString(Map.of("roles", List.of(roles))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An admin token, issued once per runtime. */
    public String admin() {
        if (adminToken == null) {
            adminToken = token();
        }
        return adminToken;
    }

    public HttpResponse<String> postEvent(String token, String json) {
        return post("/v1/events", json, "Authorization", "Bearer " + token, "Content-Type", "application/json");
    }

    /** A native log event with this id, as the admin. */
    public HttpResponse<String> postLog(String id, String message) {
        return postEvent(admin(), "{\"event\":{\"event_type\":\"log\",\"event_id\":\"" + id
                + "\",\"level\":\"info\",\"message\":\"" + message + "\"}}");
    }

    /** Lines of the file sink (JSON Lines) parsed; empty when the file does not exist yet. */
    public List<JsonNode> fileSink() {
        if (!Files.exists(eventsFile)) {
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(eventsFile)) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** {@code GET /metrics} on the management port, parsed. */
    public List<PrometheusText.Family> scrape() {
        HttpResponse<String> r = get(management("/metrics"));
        if (r.statusCode() != 200) {
            throw new AssertionError("/metrics answered " + r.statusCode());
        }
        try {
            return PrometheusText.parse(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One sample's value from a fresh scrape, if it is there. */
    public Optional<Double> metric(String sample, Map<String, String> labels) {
        return PrometheusText.sample(scrape(), sample, labels).map(PrometheusText.Sample::value);
    }

    @Override
    public void close() {
        runtime.shutdown();
    }
}
