package io.eventqueue.runtime.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventqueue.runtime.testing.TestRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Declared types from the config file (inline schema, schema file, prefix pattern) in strict mode, and GET /v1/types. */
class EventTypesHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static TestRuntime server;
    static String writer;

    @BeforeAll
    static void start() throws IOException {
        Path invoice = dir.resolve("invoice.schema.json");
        Files.writeString(invoice, """
                {"$schema": "http://json-schema.org/draft-07/schema#",
                 "type": "object", "required": ["amount"],
                 "properties": {"amount": {"type": "number", "minimum": 0}}}""");
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, """
                events:
                  types:
                    mode: strict
                    declared:
                      - type: com.example.order.created
                        schema: {type: object, required: [order], properties: {order: {type: integer}}}
                      - type: "com.example.audit.*"
                      - type: com.example.invoice.paid
                        schema-file: %s
                        required-extensions: [tenant]
                """.formatted(invoice));
        server = TestRuntime.start(dir, "--config=" + config);
        writer = server.token();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private HttpResponse<String> cloudEvent(String type, String extra, String data) {
        return server.post("/v1/events", "{\"specversion\":\"1.0\",\"id\":\"" + type + "-" + data.hashCode()
                        + "\",\"source\":\"/shop\",\"type\":\"" + type + "\"" + extra + ",\"data\":" + data + "}",
                "Authorization", "Bearer " + writer, "Content-Type", "application/cloudevents+json");
    }

    @Test
    void aDeclaredTypeWhoseDataMatchesItsSchemaIsAccepted() {
        assertThat(cloudEvent("com.example.order.created", "", "{\"order\":42}").statusCode()).isEqualTo(202);
        assertThat(cloudEvent("com.example.audit.login", "", "{\"who\":\"me\"}").statusCode()).isEqualTo(202);
        assertThat(cloudEvent("com.example.invoice.paid", ",\"tenant\":\"acme\"", "{\"amount\":9.5}").statusCode())
                .isEqualTo(202);
    }

    @Test
    void schemaViolationsAreProblemEntriesWithPointers() {
        JsonNode p = BadInputHttpTest.problem(cloudEvent("com.example.order.created", "", "{\"order\":\"x\"}"),
                400, "validation-failed");
        assertThat(p.path("errors")).hasSize(1);
        assertThat(p.path("errors").get(0).path("field").asText()).isEqualTo("data.order");
        assertThat(p.path("errors").get(0).path("pointer").asText()).isEqualTo("/order");
        JsonNode draft07 = BadInputHttpTest.problem(cloudEvent("com.example.invoice.paid", ",\"tenant\":\"acme\"",
                "{\"amount\":-1}"), 400, "validation-failed");
        assertThat(draft07.path("errors").get(0).path("pointer").asText()).isEqualTo("/amount");
    }

    @Test
    void aMissingRequiredExtensionIsAViolation() {
        JsonNode p = BadInputHttpTest.problem(cloudEvent("com.example.invoice.paid", "", "{\"amount\":1}"),
                400, "validation-failed");
        assertThat(p.path("errors").get(0).path("field").asText()).isEqualTo("tenant");
    }

    @Test
    void strictModeRefusesAnUndeclaredTypeListingTheDeclaredOnes() {
        JsonNode p = BadInputHttpTest.problem(cloudEvent("com.example.other", "", "{}"), 400, "unknown-event-type");
        assertThat(p.path("known_types").toString()).isEqualTo("[\"com.example.audit.*\",\"com.example.invoice.paid\","
                + "\"com.example.order.created\",\"log\",\"metric\"]");
    }

    @Test
    void goEventQueueApiLogEventsAreUnchangedInStrictMode() {
        HttpResponse<String> r = server.postEvent(writer,
                "{\"event\":{\"event_type\":\"log\",\"level\":\"error\",\"message\":\"Database connection failed\"}}");
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.body()).matches("\\{\"result\":\\{\"id\":\"[^\"]+\",\"status\":\"queued\"}}");
    }

    @Test
    void typesAreListedWithTheirSchemasForAReader() throws IOException {
        String reader = server.token("{\"roles\":[\"reader\"]}");
        HttpResponse<String> r = server.get(server.api("/v1/types"), "Authorization", "Bearer " + reader);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode result = JSON.readTree(r.body()).path("result");
        assertThat(result.path("mode").asText()).isEqualTo("strict");
        java.util.List<String> names = new java.util.ArrayList<>();
        result.path("types").forEach(t -> names.add(t.path("type").asText()));
        assertThat(names).containsExactly("log", "metric",
                "com.example.invoice.paid", "com.example.order.created", "com.example.audit.*");
        JsonNode order = result.path("types").get(3);
        assertThat(order.path("match").asText()).isEqualTo("exact");
        assertThat(order.path("builtin").asBoolean()).isFalse();
        assertThat(order.path("schema").path("required").toString()).isEqualTo("[\"order\"]");
        assertThat(result.path("types").get(0).path("schema").path("required").toString())
                .isEqualTo("[\"level\",\"message\"]");
        assertThat(result.path("types").get(2).path("required_extensions").toString()).isEqualTo("[\"tenant\"]");
        assertThat(result.path("types").get(4).path("match").asText()).isEqualTo("prefix");
        assertThat(result.path("types").get(4).has("schema")).isFalse();
    }

    @Test
    void typesNeedAToken() {
        BadInputHttpTest.problem(server.get(server.api("/v1/types")), 401, "authentication-required");
    }
}
