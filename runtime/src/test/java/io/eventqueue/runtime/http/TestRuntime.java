package io.eventqueue.runtime.http;

import io.eventqueue.runtime.EventQueueRuntime;
import io.eventqueue.runtime.config.ConfigLoader;
import io.eventqueue.runtime.config.RuntimeConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real runtime on random ports with a known admin password and signing key, plus a plain JDK HTTP client. */
final class TestRuntime implements AutoCloseable {
    static final String ADMIN_PASSWORD = "test-admin-password";
    static final String JWT_KEY = "test-signing-key-0123456789abcdef-xyz";
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");

    final EventQueueRuntime runtime;
    final Path eventsFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestRuntime(EventQueueRuntime runtime, Path eventsFile) {
        this.runtime = runtime;
        this.eventsFile = eventsFile;
    }

    static TestRuntime start(Path dir, String... args) {
        return start(dir, b -> b, args);
    }

    static TestRuntime start(Path dir, UnaryOperator<EventQueueRuntime.Builder> customize, String... args) {
        Path events = dir.resolve("events.json");
        List<String> all = new ArrayList<>(List.of(
                "--listen-addr=http://127.0.0.1:0",
                "--management-addr=http://127.0.0.1:0",
                "--auth.admin-password=" + ADMIN_PASSWORD,
                "--auth.jwt-key=" + JWT_KEY,
                "--sinks.log.enabled=false",
                "--event-processor-file=" + events,
                "--durability=memory",
                "--shutdown.drain-timeout=10s"));
        all.addAll(List.of(args));
        RuntimeConfig config = ConfigLoader.load(all, Map.of());
        try {
            return new TestRuntime(customize.apply(EventQueueRuntime.builder(config)).build().start(), events);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI api(String path) {
        return URI.create("http://127.0.0.1:" + runtime.port() + path);
    }

    URI management(String path) {
        return URI.create("http://127.0.0.1:" + runtime.managementPort() + path);
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> post(String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(api(path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    HttpResponse<String> get(URI uri, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code POST /v1/tokens} with the admin credentials and an optional JSON body. */
    String token(String requestBody) {
        HttpResponse<String> r = requestBody == null
                ? post("/v1/tokens", "", "Authorization", basic("admin", ADMIN_PASSWORD))
                : post("/v1/tokens", requestBody, "Authorization", basic("admin", ADMIN_PASSWORD),
                "Content-Type", "application/json");
        if (r.statusCode() != 200) {
            throw new AssertionError("token request failed: " + r.statusCode() + " " + r.body());
        }
        Matcher m = TOKEN.matcher(r.body());
        if (!m.find()) {
            throw new AssertionError("no token in " + r.body());
        }
        return m.group(1);
    }

    String token() {
        return token(null);
    }

    HttpResponse<String> postEvent(String token, String json) {
        return post("/v1/events", json, "Authorization", "Bearer " + token, "Content-Type", "application/json");
    }

    @Override
    public void close() {
        runtime.shutdown();
    }
}
