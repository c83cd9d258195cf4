package io.eventqueue.runtime.observe;

import io.eventqueue.runtime.testing.TestRuntime;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.eventqueue.runtime.EventQueueRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /openapi serves an OpenAPI 3.1 document that lists exactly the routes the runtime registers. */
class OpenApiDocumentTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    @TempDir
    static Path dir;
    private static EventQueueRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        // the production wiring, so every route (reads, stream, dead letters) is registered
        runtime = TestRuntime.start(dir, "--durability=memory").runtime;
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.shutdown();
        }
    }

    @Test
    void documentIsServedAsYamlAndJsonWithoutAuthentication() throws Exception {
        HttpResponse<String> yaml = get("application/yaml");
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.headers().firstValue("content-type")).hasValueSatisfying(ct -> assertThat(ct).contains("yaml"));
        JsonNode doc = new YAMLMapper().readTree(yaml.body());
        assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(doc.get("info").get("title").asText()).isEqualTo("EventQueue runtime API");

        HttpResponse<String> json = get("application/json");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(json.body()).get("paths")).isEqualTo(doc.get("paths"));
    }

    @Test
    void everyRegisteredRouteIsDocumentedAndEveryDocumentedRouteIsRegistered() throws Exception {
        JsonNode doc = new YAMLMapper().readTree(get("application/yaml").body());
        Map<String, Set<String>> documented = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            Set<String> methods = new TreeSet<>();
            path.getValue().fieldNames().forEachRemaining(m -> {
                if (HTTP_METHODS.contains(m)) {
                    methods.add(m.toUpperCase(Locale.ROOT));
                }
            });
            documented.put(path.getKey(), methods);
        }
        Map<String, Set<String>> registered = new TreeMap<>();
        runtime.routes().all().forEach((path, methods) -> registered.put(path, new TreeSet<>(methods)));

        assertThat(documented).isEqualTo(registered);
    }

    @Test
    void everyOperationDocumentsItsResponsesAndAnId() throws Exception {
        JsonNode doc = new YAMLMapper().readTree(get("application/yaml").body());
        Set<String> ids = new TreeSet<>();
        doc.get("paths").forEach(path -> path.fields().forEachRemaining(op -> {
            if (HTTP_METHODS.contains(op.getKey())) {
                assertThat(op.getValue().get("responses")).as(op.getKey()).isNotEmpty();
                assertThat(ids.add(op.getValue().get("operationId").asText())).as("unique operationId").isTrue();
            }
        }));
        // every $ref resolves inside the document
        List<String> refs = doc.findValuesAsText("$ref");
        assertThat(refs).isNotEmpty().allSatisfy(ref -> assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse());
    }

    private static HttpResponse<String> get(String accept) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.port() + EventQueueRuntime.OPENAPI))
                                   .header("Accept", accept).build(),
                           HttpResponse.BodyHandlers.ofString());
    }
}
