package io.eventqueue.runtime.observe;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.eventqueue.runtime.config.ConfigException;
import io.eventqueue.runtime.config.ConfigLoader;
import io.eventqueue.runtime.config.OtlpHeaders;
import io.eventqueue.runtime.config.RuntimeConfig;
import io.eventqueue.runtime.config.RuntimeConfig.TracingProtocol;
import io.eventqueue.runtime.event.TraceContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TracingSettingsTest {
    @Test
    void goEventQueueApiJaegerFlagsBecomeAnOtlpEndpoint() {
        assertThat(TracingSettings.jaegerEndpoint("host.docker.internal", 4317))
                .isEqualTo(URI.create("http://host.docker.internal:4317"));
        assertThatThrownBy(() -> TracingSettings.jaegerEndpoint("jaeger", 0)).hasMessageContaining("--jeager-port");
    }

    @Test
    void otlpHttpGetsTheTracesPathGrpcTheBareAddress() {
        assertThat(settings("http://collector:4318", TracingProtocol.HTTP_PROTOBUF).exportUrl()).isEqualTo("http://collector:4318/v1/traces");
        assertThat(settings("http://collector:4318/", TracingProtocol.HTTP_PROTOBUF).exportUrl()).isEqualTo("http://collector:4318/v1/traces");
        assertThat(settings("https://otlp.example/custom/traces", TracingProtocol.HTTP_PROTOBUF).exportUrl())
                .isEqualTo("https://otlp.example/custom/traces");
        assertThat(settings("http://collector:4317", TracingProtocol.GRPC).exportUrl()).isEqualTo("http://collector:4317");
    }

    @Test
    void headersParseLikeTheOtelEnvironmentVariable() {
        assertThat(OtlpHeaders.parse("api-key=s3cr3t, x-tenant = blue")).containsExactly(
                Map.entry("api-key", "s3cr3t"), Map.entry("x-tenant", "blue"));
        assertThat(OtlpHeaders.parse("")).isEmpty();
        assertThatThrownBy(() -> OtlpHeaders.parse("novalue")).hasMessage("expected key=value pairs separated by commas, got 'novalue'");
    }

    @Test
    void headersComeFromConfigAndABadValueNamesTheKey() {
        RuntimeConfig config = ConfigLoader.load(List.of("--tracing.headers=api-key=s3cr3t"), Map.of());
        assertThat(TracingSettings.from(config.tracing()).headers()).containsEntry("api-key", "s3cr3t");
        assertThat(config.tracing().toString()).doesNotContain("s3cr3t");
        assertThat(TracingSettings.from(ConfigLoader.load(List.of(), Map.of()).tracing()).headers()).isEmpty();
        assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of("EVENTQUEUE_TRACING_HEADERS", "oops")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tracing.headers");
    }

    @Test
    void headerValuesNeverAppearWhenSettingsArePrinted() {
        TracingSettings s = new TracingSettings(true, URI.create("http://c:4317"), TracingProtocol.GRPC, Map.of("api-key", "s3cr3t"), 0.5, "eq");
        assertThat(s.toString()).contains("api-key").doesNotContain("s3cr3t");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> new TracingSettings(true, URI.create("http://c:4317"), TracingProtocol.GRPC, Map.of(), 1.5, "eq"))
                .hasMessageStartingWith("tracing.sample-ratio:");
        assertThatThrownBy(() -> settings("udp://jaeger:6831", TracingProtocol.GRPC)).hasMessageStartingWith("tracing.endpoint:");
    }

    @Test
    void enabledTracingBuildsAnExporterWithoutContactingTheCollector() {
        try (Tracing tracing = Tracing.create(new TracingSettings(true, URI.create("http://127.0.0.1:9"), TracingProtocol.HTTP_PROTOBUF,
                                                                  Map.of("api-key", "k"), 0.25, "eq"))) {
            assertThat(tracing.enabled()).isTrue();
            assertThat(tracing.tracer().enabled()).isTrue();
            assertThat(tracing.observer()).isPresent();
        }
    }

    @Test
    void traceparentValidationBoundsClientInput() {
        assertThat(TraceContext.valid("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isTrue();
        assertThat(TraceContext.valid("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isFalse();
        assertThat(TraceContext.valid("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")).isFalse();
        assertThat(TraceContext.valid("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isFalse();
        assertThat(TraceContext.valid("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isFalse();
        assertThat(TraceContext.valid("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" + "x".repeat(100))).isFalse();
        assertThat(TraceContext.fromExtensions("garbage", null)).isEmpty();
        TraceContext ctx = TraceContext.fromExtensions("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "a".repeat(600))
                .orElseThrow();
        assertThat(ctx.tracestate()).isNull();
        assertThat(ctx.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    private static TracingSettings settings(String endpoint, TracingProtocol protocol) {
        return new TracingSettings(true, URI.create(endpoint), protocol, Map.of(), 1.0, "eq");
    }
}
