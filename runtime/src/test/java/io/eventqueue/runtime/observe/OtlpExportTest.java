package io.eventqueue.runtime.observe;

import java.net.URI;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.eventqueue.runtime.config.RuntimeConfig.TracingProtocol;
import io.helidon.http.HeaderNames;
import io.helidon.tracing.Span;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The OTLP/HTTP exporter as configured by tracing.* really sends the spans, with the configured headers. */
class OtlpExportTest {
    private record Received(String path, String contentType, String apiKey, byte[] body) {
    }

    @Test
    void spansReachTheCollectorWithTheConfiguredHeaders() {
        List<Received> received = new CopyOnWriteArrayList<>();
        WebServer collector = WebServer.builder()
                .port(0)
                .host("127.0.0.1")
                .routing(r -> r.post("/v1/traces", (req, res) -> {
                    received.add(new Received(req.path().path(),
                                              req.headers().first(HeaderNames.CONTENT_TYPE).orElse(""),
                                              req.headers().first(HeaderNames.create("api-key")).orElse(""),
                                              req.content().as(byte[].class)));
                    res.send();
                }))
                .build()
                .start();
        String traceId;
        try {
            TracingSettings settings = new TracingSettings(true, URI.create("http://127.0.0.1:" + collector.port()),
                                                           TracingProtocol.HTTP_PROTOBUF, Map.of("api-key", "k-123"),
                                                           1.0, "eventqueue-test");
            try (Tracing tracing = Tracing.create(settings)) {
                Span span = tracing.eventSpans().process(Optional.empty(), "ev-1", "log");
                traceId = span.context().traceId();
                span.end();
            } // close() flushes the batch processor
        } finally {
            collector.stop();
        }

        assertThat(received).isNotEmpty();
        Received first = received.getFirst();
        assertThat(first.path()).isEqualTo("/v1/traces");
        assertThat(first.contentType()).isEqualTo("application/x-protobuf");
        assertThat(first.apiKey()).isEqualTo("k-123");
        // the OTLP protobuf carries the trace id as its 16 raw bytes
        assertThat(indexOf(first.body(), HexFormat.of().parseHex(traceId))).isNotNegative();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
