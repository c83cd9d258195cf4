package io.eventqueue.runtime.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventqueue.runtime.testing.Await;
import io.eventqueue.runtime.testing.TestRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CloudEvents JavaScript SDK (npm {@code cloudevents} 10) as a real client: its HTTP emitter sends a declared
 * {@code com.example.order.created} event in structured and binary mode, an invalid one, and events of undeclared
 * types with text and binary data. npm installs the SDK once into a cache outside the work tree.
 */
class CloudEventsJsSdkHttpTest {
    private static final String SDK_VERSION = "10.0.0";
    private static final Path SDK_DIR = Path.of(System.getProperty("user.home"), ".cache", "eventqueue", "npm",
            "cloudevents-" + SDK_VERSION);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static TestRuntime server;

    @BeforeAll
    static void start() {
        server = TestRuntime.start(dir, "--events.types.declared=[{\"type\":\"com.example.order.created\","
                + "\"schema\":{\"type\":\"object\",\"required\":[\"order\"],\"properties\":{\"order\":{\"type\":\"integer\"}}}}]");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void installSdk() throws IOException, InterruptedException {
        if (Files.exists(SDK_DIR.resolve("node_modules/cloudevents/package.json"))) {
            return;
        }
        Files.createDirectories(SDK_DIR);
        Process npm;
        try {
            npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--prefix", SDK_DIR.toString(),
                    "cloudevents@" + SDK_VERSION).redirectErrorStream(true)
                    .redirectOutput(SDK_DIR.resolve("npm-install.log").toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("npm is required for this test (the CloudEvents JS SDK is installed with it): "
                    + e.getMessage(), e);
        }
        if (!npm.waitFor(180, TimeUnit.SECONDS)) {
            npm.destroyForcibly();
            throw new AssertionError("npm install cloudevents@" + SDK_VERSION + " took over 180 s");
        }
        assertThat(npm.exitValue()).as("npm install: " + Files.readString(SDK_DIR.resolve("npm-install.log")))
                .isZero();
    }

    /** Runs the SDK client; its answers by event id. */
    private static Map<String, JsonNode> runClient(String token) throws Exception {
        Path script = scriptPath();
        Path out = dir.resolve("client.out");
        ProcessBuilder node = new ProcessBuilder("node", script.toString()).redirectOutput(out.toFile())
                .redirectError(dir.resolve("client.err").toFile());
        node.environment().put("NODE_PATH", SDK_DIR.resolve("node_modules").toString());
        node.environment().put("EQ_URL", server.api(EventsService.EVENTS).toString());
        node.environment().put("EQ_TOKEN", token);
        Process p;
        try {
            p = node.start();
        } catch (IOException e) {
            throw new AssertionError("node is required for this test: " + e.getMessage(), e);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the SDK client took over 60 s");
        }
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("client.err"))).isZero();
        Map<String, JsonNode> answers = new HashMap<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            JsonNode n = JSON.readTree(line);
            answers.put(n.path("id").asText(), n.path("body"));
        }
        return answers;
    }

    private static Path scriptPath() throws URISyntaxException {
        return Path.of(CloudEventsJsSdkHttpTest.class.getResource("/js/cloudevents-sdk-client.cjs").toURI());
    }

    /** The file sink's record of the event: what a sink got of it. */
    private static JsonNode delivered(String id) {
        JsonNode[] found = new JsonNode[1];
        Await.until(java.time.Duration.ofSeconds(10), "event " + id + " in the file sink", () -> {
            try {
                if (!Files.exists(server.eventsFile)) {
                    return false;
                }
                for (String line : Files.readAllLines(server.eventsFile)) {
                    JsonNode n = JSON.readTree(line);
                    if (n.path("id").asText().equals(id)) {
                        found[0] = n;
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return found[0];
    }

    @Test
    void theSdksEmitterSendsAnyTypeInStructuredAndBinaryMode() throws Exception {
        installSdk();
        Map<String, JsonNode> answers = runClient(server.token("{\"roles\":[\"writer\"]}"));
        assertThat(answers).containsOnlyKeys("js-structured-1", "js-binary-1", "js-binary-invalid", "js-text-1",
                "js-blob-1");
        for (String id : List.of("js-structured-1", "js-binary-1", "js-text-1", "js-blob-1")) {
            assertThat(answers.get(id).path("result").path("status").asText()).as(id + ": " + answers.get(id))
                    .isEqualTo("queued");
        }
        JsonNode invalid = answers.get("js-binary-invalid");
        assertThat(invalid.path("type").asText()).endsWith("/validation-failed");
        assertThat(invalid.at("/errors/0/pointer").asText()).isEqualTo("/order");

        for (String id : List.of("js-structured-1", "js-binary-1")) {
            JsonNode e = delivered(id);
            assertThat(e.path("type").asText()).isEqualTo("com.example.order.created");
            assertThat(e.path("source").asText()).isEqualTo("/shop/js");
            assertThat(e.path("subject").asText()).startsWith("order-");
            assertThat(e.at("/extensions/partitionkey").asText()).startsWith("customer-");
            assertThat(e.at("/data/order").isInt()).isTrue();
        }
        JsonNode text = delivered("js-text-1");
        assertThat(text.path("datacontenttype").asText()).isEqualTo("text/plain");
        assertThat(text.path("data").asText()).isEqualTo("héllo");
        JsonNode blob = delivered("js-blob-1");
        assertThat(blob.path("datacontenttype").asText()).isEqualTo("application/octet-stream");
        assertThat(blob.path("data_base64").asText()).isEqualTo("AAEC/w==");
    }
}
