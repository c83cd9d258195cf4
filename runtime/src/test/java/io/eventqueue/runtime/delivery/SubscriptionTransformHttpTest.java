package io.eventqueue.runtime.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventqueue.runtime.config.ConfigLoader;
import io.eventqueue.runtime.testing.Await;
import io.eventqueue.runtime.testing.TestRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A subscription's transform changes what its sink gets, never the event in the log, the reads or the dead letters. */
class SubscriptionTransformHttpTest {
    private static final String ORDER = "{\"specversion\":\"1.0\",\"id\":\"o-1\",\"source\":\"/shop\","
            + "\"type\":\"com.example.order.created\",\"subject\":\"order-1\",\"region\":\"eu\","
            + "\"data\":{\"order\":1,\"secret\":\"s3cr3t\"}}";

    @TempDir
    Path dir;
    private TestRuntime rt;

    @AfterEach
    void stop() {
        if (rt != null) {
            rt.close();
        }
    }

    private void start(String yaml) throws IOException {
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, yaml);
        rt = TestRuntime.start(dir, "--config=" + config, "--durability=memory");
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    out.add(TestRuntime.json(line));
                }
            }
        }
        return out;
    }

    @Test
    void theSinkGetsTheTransformedEventAndTheReadsKeepTheOriginal() throws IOException {
        Path out = dir.resolve("enriched.json");
        start("""
                subscriptions:
                  - name: enriched
                    sink: {file: {path: "%s"}}
                    transform:
                      set: {type: com.example.order.v2, tenant: acme}
                      remove: [region, subject]
                      data:
                        - {op: add, path: /enriched, value: true}
                        - {op: remove, path: /secret}
                """.formatted(out));
        assertThat(rt.postEvent(rt.admin(), ORDER).statusCode()).isEqualTo(202);

        Await.until(Duration.ofSeconds(10), "the file sink has the event", () -> {
            try {
                return lines(out).size() == 1;
            } catch (IOException e) {
                return false;
            }
        });
        JsonNode line = lines(out).getFirst();
        assertThat(line.get("id").asText()).isEqualTo("o-1");
        assertThat(line.get("type").asText()).isEqualTo("com.example.order.v2");
        assertThat(line.has("subject")).isFalse();
        assertThat(line.at("/extensions/tenant").asText()).isEqualTo("acme");
        assertThat(line.at("/extensions/region").isMissingNode()).isTrue();
        assertThat(line.get("data")).isEqualTo(TestRuntime.json("{\"order\":1,\"enriched\":true}"));

        JsonNode read = rt.getJson("/v1/events/o-1").at("/result");
        assertThat(read.toString()).contains("com.example.order.created", "s3cr3t", "order-1");
    }

    @Test
    void aPatchThatDoesNotApplyDeadLettersTheOriginalEvent() throws IOException {
        start("""
                subscriptions:
                  - name: strict
                    sink: {log: {}}
                    transform:
                      data: [{op: replace, path: /missing, value: 1}]
                """);
        assertThat(rt.postEvent(rt.admin(), ORDER).statusCode()).isEqualTo(202);

        Await.until(Duration.ofSeconds(10), "dead-lettered",
                () -> rt.getJson("/v1/stats").at("/result/durability/dead_lettered").asInt() == 1);
        JsonNode letter = rt.get("/v1/dlq", rt.admin()).body().transform(TestRuntime::json).at("/result/items/0");
        assertThat(letter.get("subscription").asText()).isEqualTo("strict");
        assertThat(letter.get("reason").asText()).startsWith("transform: the JSON Patch does not apply");
        assertThat(letter.get("attempts").asInt()).as("not retried: it would fail again").isEqualTo(1);
        assertThat(letter.get("event").toString()).contains("s3cr3t", "com.example.order.created");
    }

    @Test
    void aBadTransformFailsStartUpNamingItsKey() {
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--subscriptions=[{\"name\":\"s\",\"sink\":{\"log\":{}},"
                + "\"transform\":{\"data\":[{\"op\":\"frobnicate\",\"path\":\"/a\"}]}}]"), Map.of())
                .delivery().subscriptions().forEach(s -> EventTransform.compile(s.transform(), "subscriptions[0].transform")))
                .hasMessageStartingWith("config: subscriptions[0].transform.data: is not a valid JSON Patch");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--subscriptions=[{\"name\":\"s\",\"sink\":{\"log\":{}},"
                + "\"transform\":{\"set\":{\"id\":\"x\"}}}]"), Map.of()))
                .hasMessageStartingWith("config: subscriptions[0].transform.set.id: cannot be set");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--subscriptions=[{\"name\":\"s\",\"sink\":{\"log\":{}},"
                + "\"transform\":{\"remove\":[\"type\"]}}]"), Map.of()))
                .hasMessageStartingWith("config: subscriptions[0].transform.remove: 'type' cannot be removed");
    }
}
