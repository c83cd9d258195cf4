package io.eventqueue.runtime.observe;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.eventqueue.runtime.config.RuntimeConfig;
import io.helidon.tracing.Tracer;
import io.helidon.tracing.providers.opentelemetry.HelidonOpenTelemetry;
import io.helidon.webserver.observe.tracing.TracingObserver;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * The process's tracer. Enabled: an OpenTelemetry SDK exporting over OTLP in batches, W3C trace context
 * propagation, parent-based ratio sampling, wrapped as a Helidon tracer so the web server's own request span
 * and ours share one trace. Disabled: Helidon's no-op tracer, no SDK and no exporter thread.
 */
public final class Tracing implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Tracing.class.getName());
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);
    /** Helidon's name of the default listener, which serves the API; the management port is not traced. */
    private static final String API_SOCKET = "@default";

    private final Tracer tracer;
    private final OpenTelemetrySdk sdk;

    private Tracing(Tracer tracer, OpenTelemetrySdk sdk) {
        this.tracer = tracer;
        this.sdk = sdk;
    }

    /** Tracing per the {@code tracing.*} keys. */
    public static Tracing create(TracingSettings settings) {
        if (!settings.enabled()) {
            return disabled();
        }
        Tracing tracing = create(BatchSpanProcessor.builder(exporter(settings)).build(), settings.serviceName(),
                                 settings.sampleRatio());
        LOG.log(System.Logger.Level.INFO, "tracing on: OTLP " + settings.protocol() + " to " + settings.exportUrl()
                + ", sample ratio " + settings.sampleRatio());
        return tracing;
    }

    /** Tracing off: spans are Helidon's shared no-op instances. */
    public static Tracing disabled() {
        return new Tracing(Tracer.noOp(), null);
    }

    /** Tracing into {@code exporter}, each span exported as it ends (tests read it from an in-memory exporter). */
    public static Tracing create(SpanExporter exporter, String serviceName) {
        return create(SimpleSpanProcessor.create(exporter), serviceName, 1.0);
    }

    private static Tracing create(SpanProcessor processor, String serviceName, double ratio) {
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                io.opentelemetry.api.common.AttributeKey.stringKey("service.name"), serviceName)));
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(resource)
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(ratio)))
                .addSpanProcessor(processor)
                .build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        Tracer tracer = HelidonOpenTelemetry.create(sdk, sdk.getTracer("io.eventqueue.runtime"), Map.of());
        return new Tracing(tracer, sdk);
    }

    private static SpanExporter exporter(TracingSettings settings) {
        if (settings.protocol() == RuntimeConfig.TracingProtocol.GRPC) {
            OtlpGrpcSpanExporterBuilder b = OtlpGrpcSpanExporter.builder().setEndpoint(settings.exportUrl());
            settings.headers().forEach(b::addHeader);
            return b.build();
        }
        OtlpHttpSpanExporterBuilder b = OtlpHttpSpanExporter.builder().setEndpoint(settings.exportUrl());
        settings.headers().forEach(b::addHeader);
        return b.build();
    }

    public Tracer tracer() {
        return tracer;
    }

    public boolean enabled() {
        return sdk != null;
    }

    /**
     * The web server's request-span observer, for the API socket's {@code ObserveFeature}; empty when off,
     * so a disabled tracer adds no filter to the request path.
     */
    public Optional<TracingObserver> observer() {
        return enabled()
                ? Optional.of(TracingObserver.builder().tracer(tracer).addSocket(API_SOCKET).build())
                : Optional.empty();
    }

    /** The span helpers for the event path. */
    public EventSpans eventSpans() {
        return new EventSpans(tracer);
    }

    /** Flushes buffered spans (bounded wait) and stops the exporter. */
    @Override
    public void close() {
        if (sdk != null) {
            sdk.getSdkTracerProvider().shutdown().join(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
