package io.eventqueue.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.eventqueue.runtime.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The process contract of {@link Main}: exit codes and what it prints. */
class MainTest {
    private static final Pattern API = Pattern.compile("\"api\":\"(http://[^\"]+)\"");
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");

    private record Result(int exit, String stdout, String stderr) {
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("EVENTQUEUE_"));
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("Main did not exit");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void badValueExitsWithStatus2AndOneLineNamingTheKey() throws Exception {
        Result r = run("--event-queue-size=lots");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr()).isEqualTo("config: queue.capacity: must be a whole number, got 'lots'" + System.lineSeparator());
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void aBadDeclaredSchemaExitsWithStatus2AndOneLineNamingIt() throws Exception {
        Result r = run("--events.types.declared=[{\"type\":\"com.example.order.created\",\"schema\":{\"type\":\"objekt\"}}]");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr()).startsWith("config: events.types.declared[0].schema: type com.example.order.created: "
                + "is not a valid JSON Schema").endsWith(System.lineSeparator());
        assertThat(r.stderr().lines()).hasSize(1);
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void sigtermDrainsFlushesAndExits(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("events.json");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--listen-addr=http://127.0.0.1:0", "--management-addr=http://127.0.0.1:0", "--log.format=json",
                "--sinks.log.enabled=false", "--event-processor-file=" + events, "--durability=memory");
        pb.environment().keySet().removeIf(k -> k.startsWith("EVENTQUEUE_"));
        pb.environment().put("ADMINPASS", "main-test-password");
        pb.redirectErrorStream(true);
        // A file, not a pipe: Process.destroy() closes our end of the pipes, which would cut off the drain's log lines.
        Path log = dir.resolve("stdout.log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            String api = awaitApiUrl(log, p);
            HttpClient http = HttpClient.newHttpClient();
            String auth = "Basic " + Base64.getEncoder().encodeToString("admin:main-test-password".getBytes(StandardCharsets.UTF_8));
            String tokenBody = http.send(HttpRequest.newBuilder(URI.create(api + "/v1/tokens")).header("Authorization", auth)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher token = TOKEN.matcher(tokenBody);
            assertThat(token.find()).as(tokenBody).isTrue();
            HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(api + "/v1/events"))
                    .header("Authorization", "Bearer " + token.group(1)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"event\":{\"event_type\":\"log\",\"event_id\":\"sigterm-1\",\"level\":\"info\",\"message\":\"m\"}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).isEqualTo(202);

            p.destroy();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
            assertThat(p.exitValue()).isIn(0, 143);
            assertThat(Files.readString(events)).contains("\"id\":\"sigterm-1\"");
            assertThat(Files.readString(log)).contains("draining", "stopped: 1 accepted, 1 processed, 0 failed");
        } finally {
            p.destroyForcibly();
        }
    }

    /** The API address from the start-up log line; the runtime listens on a random port. */
    private static String awaitApiUrl(Path log, Process p) {
        return Await.value(Duration.ofSeconds(60), () -> "the start-up line (" + (p.isAlive() ? "still running"
                : "exited " + p.exitValue()) + "): " + read(log), () -> {
            Matcher m = API.matcher(read(log));
            if (m.find()) {
                return Optional.of(m.group(1));
            }
            if (!p.isAlive()) {
                throw new AssertionError("runtime exited " + p.exitValue() + ": " + read(log));
            }
            return Optional.empty();
        });
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void helpExitsZeroWithUsage() throws Exception {
        Result r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).contains("usage: eventqueue-runtime");
    }
}
