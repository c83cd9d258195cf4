package io.eventqueue.runtime.observe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.LogManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccessLogTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @AfterEach
    void restoreLogging() throws IOException {
        LogManager.getLogManager().readConfiguration();
    }

    @Test
    void oneJsonLinePerRequestWhenEnabled() throws Exception {
        String logged = serveOneRequest(true);
        JsonNode line = new ObjectMapper().readTree(logged.lines()
                .filter(l -> l.contains("\"logger\":\"eventqueue.access\"")).findFirst().orElseThrow());
        assertThat(line.get("msg").asText()).isEqualTo("request");
        assertThat(line.get("method").asText()).isEqualTo("GET");
        assertThat(line.get("path").asText()).isEqualTo("/v1/ping");
        assertThat(line.get("status").asInt()).isEqualTo(418);
        assertThat(line.get("duration_ms").asDouble()).isGreaterThanOrEqualTo(0.0);
        assertThat(line.get("remote").asText()).isNotBlank();
    }

    @Test
    void noAccessLinesWhenDisabled() throws Exception {
        assertThat(serveOneRequest(false)).doesNotContain("eventqueue.access");
    }

    private String serveOneRequest(boolean accessLog) throws Exception {
        Logging.install(Level.INFO, new JsonLogFormatter(), new PrintStream(out, true, StandardCharsets.UTF_8));
        WebServer server = WebServer.builder()
                .port(0)
                .routing(r -> r.addFilter(new HttpObserveFilter(new HttpMetrics(MetricsSetup.registry()), accessLog))
                        .get("/v1/ping", (req, res) -> res.status(418).send()))
                .build()
                .start();
        try {
            HttpResponse<Void> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/ping?secret=x")).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(r.statusCode()).isEqualTo(418);
        } finally {
            server.stop();
        }
        String logged = out.toString(StandardCharsets.UTF_8);
        assertThat(logged).doesNotContain("secret=x");
        return logged;
    }
}
