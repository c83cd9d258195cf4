package io.eventqueue.runtime.observe;

import java.net.URI;
import java.util.Map;

import io.eventqueue.runtime.config.OtlpHeaders;
import io.eventqueue.runtime.config.RuntimeConfig;
import io.eventqueue.runtime.config.RuntimeConfig.TracingProtocol;

/**
 * The {@code tracing.*} keys, validated.
 *
 * @param enabled     {@code tracing.enabled}; off means no SDK, no exporter and no-op spans
 * @param endpoint    {@code tracing.endpoint}: the OTLP receiver (a collector, or Jaeger, which ingests OTLP)
 * @param protocol    {@code tracing.protocol}: {@code grpc} or {@code http/protobuf}
 * @param headers     {@code tracing.headers}: extra export request headers (a vendor's API key, a tenant)
 * @param sampleRatio {@code tracing.sample-ratio}: share of new traces recorded; a sampled parent is always followed
 * @param serviceName {@code service.name} of the spans
 */
public record TracingSettings(boolean enabled, URI endpoint, TracingProtocol protocol, Map<String, String> headers,
                              double sampleRatio, String serviceName) {
    public static final String DEFAULT_SERVICE_NAME = "eventqueue";

    public TracingSettings {
        if (!(sampleRatio >= 0.0 && sampleRatio <= 1.0)) {
            throw new IllegalArgumentException("tracing.sample-ratio: must be between 0 and 1, got " + sampleRatio);
        }
        String scheme = endpoint.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("tracing.endpoint: must be an http:// or https:// URL, got " + endpoint);
        }
        headers = Map.copyOf(headers);
    }

    /** Tracing off: the settings {@code make run} starts with. */
    public static TracingSettings disabled() {
        return new TracingSettings(false, URI.create("http://localhost:4317"), TracingProtocol.GRPC, Map.of(), 1.0,
                                   DEFAULT_SERVICE_NAME);
    }

    /** The settings of the runtime's {@code tracing.*} configuration. */
    public static TracingSettings from(RuntimeConfig.Tracing config) {
        return new TracingSettings(config.enabled(), config.endpoint(), config.protocol(),
                                   config.headers().map(h -> OtlpHeaders.parse(h.asString())).orElse(Map.of()),
                                   config.sampleRatio(), DEFAULT_SERVICE_NAME);
    }

    /**
     * The OTLP endpoint for the Go Event Queue API's {@code --jeager-host}/{@code --jeager-port}: Jaeger (≥ 1.35) receives
     * OTLP itself, so the pair is simply the receiver's address.
     */
    public static URI jaegerEndpoint(String host, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--jeager-port: must be 1..65535, got " + port);
        }
        return URI.create("http://" + host + ":" + port);
    }

    /**
     * Where spans are sent: gRPC takes the bare address, OTLP/HTTP the traces path
     * ({@code /v1/traces}), added when the endpoint names no path.
     */
    public String exportUrl() {
        String url = endpoint.toString();
        if (protocol == TracingProtocol.HTTP_PROTOBUF && (endpoint.getPath() == null || endpoint.getPath().isEmpty()
                || endpoint.getPath().equals("/"))) {
            return url.replaceAll("/$", "") + "/v1/traces";
        }
        return url;
    }

    @Override
    public String toString() {
        // header values are credentials: never print them
        return "TracingSettings[enabled=" + enabled + ", endpoint=" + endpoint + ", protocol=" + protocol
                + ", headers=" + headers.keySet() + ", sampleRatio=" + sampleRatio + ", serviceName=" + serviceName + "]";
    }
}
