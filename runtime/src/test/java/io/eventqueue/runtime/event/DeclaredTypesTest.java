package io.eventqueue.runtime.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Open and strict mode, declared types with JSON Schemas and required extensions. */
class DeclaredTypesTest {
    private static final Instant NOW = Instant.parse("2026-12-04T01:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final DeclaredType ORDER = new DeclaredType("com.example.order.created", Optional.of(DataSchema.compile(
            "com.example.order.created",
            json("{\"type\":\"object\",\"required\":[\"order\"],\"properties\":{\"order\":{\"type\":\"integer\"}}}"))),
            List.of());
    private static final DeclaredType AUDIT = new DeclaredType("com.example.audit.*", Optional.empty(), List.of("tenant"));

    private static EventDecoder decoder(TypesMode mode) {
        return new EventDecoder(new EventValidator(EventTypeRegistry.of(mode, List.of(ORDER, AUDIT)), 64 * 1024), 10);
    }

    private static Event structured(TypesMode mode, String json) throws EventRejectedException {
        return decoder(mode).decodeOne("application/cloudevents+json", false, h -> { },
                json.getBytes(StandardCharsets.UTF_8), "/d", NOW);
    }

    private static Event binary(TypesMode mode, Map<String, String> headers, byte[] body) throws EventRejectedException {
        return decoder(mode).decodeOne(headers.get("content-type"), true, sink -> headers.forEach(sink), body, "/d", NOW);
    }

    private static EventRejectedException rejected(TypesMode mode, String json) {
        try {
            structured(mode, json);
        } catch (EventRejectedException e) {
            return e;
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void openModeAcceptsAnyTypeWithItsDataOpaque() throws Exception {
        Event e = structured(TypesMode.OPEN, "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\","
                + "\"type\":\"com.example.anything\",\"data\":[1,\"two\",{\"three\":3}]}");
        assertThat(e.type()).isEqualTo("com.example.anything");
        assertThat(((JsonData) e.payload()).value()).isEqualTo(List.of(1L, "two", Map.of("three", 3L)));
    }

    @Test
    void openModeKeepsBinaryAndTextDataWithTheirContentType() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xFF};
        Event bin = binary(TypesMode.OPEN, Map.of("ce-specversion", "1.0", "ce-id", "b", "ce-source", "/cam",
                "ce-type", "com.example.image", "content-type", "image/png"), png);
        assertThat(bin.payload()).isEqualTo(new OpaqueData("image/png", png));
        Event text = structured(TypesMode.OPEN, "{\"specversion\":\"1.0\",\"id\":\"t\",\"source\":\"/s\",\"type\":\"note\","
                + "\"datacontenttype\":\"text/plain\",\"data\":\"héllo\"}");
        assertThat(text.payload()).isEqualTo(new OpaqueData("text/plain", "héllo".getBytes(StandardCharsets.UTF_8)));
        Event base64 = structured(TypesMode.OPEN, "{\"specversion\":\"1.0\",\"id\":\"b64\",\"source\":\"/s\","
                + "\"type\":\"blob\",\"datacontenttype\":\"application/octet-stream\",\"data_base64\":\"AAEC/w==\"}");
        assertThat(base64.payload()).isEqualTo(new OpaqueData("application/octet-stream", new byte[] {0, 1, 2, (byte) 0xFF}));
    }

    @Test
    void strictModeRefusesUndeclaredTypesListingTheKnownOnes() {
        EventRejectedException e = rejected(TypesMode.STRICT,
                "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"com.example.other\"}");
        assertThat(e.reason()).isEqualTo(EventRejectedException.Reason.UNKNOWN_TYPE);
        assertThat(e.getMessage()).isEqualTo("unknown event type 'com.example.other'; known types: "
                + "com.example.audit.*, com.example.order.created, log, metric");
    }

    @Test
    void strictModeAcceptsDeclaredExactAndPrefixTypes() throws Exception {
        assertThat(structured(TypesMode.STRICT, "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\","
                + "\"type\":\"com.example.order.created\",\"data\":{\"order\":42}}").type())
                .isEqualTo("com.example.order.created");
        assertThat(structured(TypesMode.STRICT, "{\"specversion\":\"1.0\",\"id\":\"2\",\"source\":\"/s\","
                + "\"type\":\"com.example.audit.login\",\"tenant\":\"acme\"}").extensions())
                .isEqualTo(Map.of("tenant", "acme"));
    }

    @Test
    void schemaViolationsAreOneEntryEachWithAJsonPointer() {
        EventRejectedException e = rejected(TypesMode.OPEN, "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\","
                + "\"type\":\"com.example.order.created\",\"data\":{\"order\":\"forty-two\"}}");
        assertThat(e.reason()).isEqualTo(EventRejectedException.Reason.INVALID);
        assertThat(e.violations()).hasSize(1);
        Violation v = e.violations().get(0);
        assertThat(v.field()).isEqualTo("data.order");
        assertThat(v.pointer()).contains("/order");
        assertThat(v.message()).contains("integer");
        EventRejectedException missing = rejected(TypesMode.OPEN, "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\","
                + "\"type\":\"com.example.order.created\",\"data\":{}}");
        assertThat(missing.violations()).singleElement().satisfies(m -> {
            assertThat(m.pointer()).contains("");
            assertThat(m.message()).contains("order");
        });
    }

    @Test
    void schemaViolationsAreCapped() {
        DeclaredType many = new DeclaredType("many", Optional.of(DataSchema.compile("many",
                json("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"))), List.of());
        EventDecoder d = new EventDecoder(new EventValidator(EventTypeRegistry.of(TypesMode.OPEN, List.of(many)), 64 * 1024), 10);
        StringBuilder numbers = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            numbers.append(i == 0 ? "" : ",").append(i);
        }
        assertThatThrownBy(() -> d.decodeOne("application/cloudevents+json", false, h -> { },
                ("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"many\",\"data\":[" + numbers + "]}")
                        .getBytes(StandardCharsets.UTF_8), "/d", NOW))
                .isInstanceOfSatisfying(EventRejectedException.class, e -> {
                    assertThat(e.violations()).hasSize(DataSchema.MAX_VIOLATIONS + 1);
                    assertThat(e.violations().get(DataSchema.MAX_VIOLATIONS).message()).isEqualTo("30 more violations not listed");
                });
    }

    @Test
    void aTypeWithASchemaNeedsJsonData() {
        Map<String, String> h = Map.of("ce-specversion", "1.0", "ce-id", "b", "ce-source", "/s",
                "ce-type", "com.example.order.created", "content-type", "text/plain");
        assertThatThrownBy(() -> binary(TypesMode.OPEN, h, "order 42".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(EventRejectedException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("data"));
    }

    @Test
    void requiredExtensionsAreChecked() {
        EventRejectedException e = rejected(TypesMode.OPEN,
                "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"com.example.audit.login\"}");
        assertThat(e.violations()).containsExactly(
                new Violation("tenant", "is a required extension attribute of type com.example.audit.*"));
    }

    @Test
    void theSchemaOfDraft07IsHonoured() throws Exception {
        DataSchema s = DataSchema.compile("d7", json("{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
                + "\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"number\",\"exclusiveMinimum\":0}}}"));
        assertThat(s.validate(json("{\"n\":1}"), "data")).isEmpty();
        assertThat(s.validate(json("{\"n\":0}"), "data")).extracting(Violation::field).containsExactly("data.n");
    }

    @Test
    void aBadSchemaIsRefusedAtCompileTime() {
        assertThatThrownBy(() -> DataSchema.compile("bad", json("{\"type\":\"objekt\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("is not a valid JSON Schema");
        assertThatThrownBy(() -> DataSchema.compile("bad", json("[1]")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DataSchema.compile("bad", json("{\"$schema\":\"https://example.com/mine\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dialect");
    }

    @Test
    void exactBeatsPrefixAndTheLongerPrefixWins() {
        DeclaredType broad = new DeclaredType("com.*", Optional.empty(), List.of());
        DeclaredType narrow = new DeclaredType("com.example.*", Optional.empty(), List.of("x"));
        DeclaredType exact = new DeclaredType("com.example.one", Optional.empty(), List.of());
        EventTypeRegistry r = EventTypeRegistry.of(TypesMode.STRICT, List.of(broad, narrow, exact));
        assertThat(r.resolve("com.example.one")).isEqualTo(new EventTypeRegistry.Resolution.Declared(exact));
        assertThat(r.resolve("com.example.two")).isEqualTo(new EventTypeRegistry.Resolution.Declared(narrow));
        assertThat(r.resolve("com.other")).isEqualTo(new EventTypeRegistry.Resolution.Declared(broad));
        assertThat(r.resolve("org.other")).isEqualTo(new EventTypeRegistry.Resolution.Unknown());
        assertThat(r.resolve("log")).isInstanceOf(EventTypeRegistry.Resolution.BuiltIn.class);
    }

    @Test
    void builtInTypesCannotBeDeclared() {
        assertThatThrownBy(() -> EventTypeRegistry.of(TypesMode.OPEN,
                List.of(new DeclaredType("log", Optional.empty(), List.of()))))
                .hasMessage("type log is built in and cannot be declared");
    }

    @Test
    void aRemoteReferenceIsNeverFetched() throws Exception {
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "{\"type\":\"string\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/schema.json";
            assertThatThrownBy(() -> DataSchema.compile("remote", json("{\"$ref\":\"" + url + "\"}")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("is not a usable JSON Schema");
            assertThat(requests).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aSchemaThatFailsOnAnEventFailsThatEventsValidationOnly() {
        DataSchema recursive = DataSchema.compile("codes", json("{\"type\":\"string\",\"pattern\":\"^(a|b)*$\"}"));
        List<Violation> v = recursive.validate(new com.fasterxml.jackson.databind.node.TextNode("ab".repeat(30_000)), "data");
        assertThat(v).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("data");
            assertThat(x.message()).isEqualTo("could not be checked against the schema of type codes");
        });
        assertThat(recursive.validate(new com.fasterxml.jackson.databind.node.TextNode("abba"), "data")).isEmpty();
    }
}
