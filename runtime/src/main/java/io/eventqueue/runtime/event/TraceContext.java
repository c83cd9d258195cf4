package io.eventqueue.runtime.event;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.helidon.tracing.HeaderConsumer;
import io.helidon.tracing.HeaderProvider;
import io.helidon.tracing.SpanContext;
import io.helidon.tracing.Tracer;

/**
 * A W3C trace context in its wire form, small enough to store with a queued event (journal included), so the
 * worker that processes the event continues the producer's trace. The same two fields are the HTTP headers
 * {@code traceparent}/{@code tracestate} and the CloudEvents distributed-tracing extension attributes.
 *
 * @param traceparent {@code 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>}
 * @param tracestate  vendor state, or {@code null}
 */
public record TraceContext(String traceparent, String tracestate) {
    /** Header and CloudEvents extension name of the parent. */
    public static final String TRACEPARENT = "traceparent";
    /** Header and CloudEvents extension name of the vendor state. */
    public static final String TRACESTATE = "tracestate";
    /** W3C caps {@code tracestate} at 32 members; 512 characters holds that comfortably and bounds client input. */
    static final int MAX_TRACESTATE = 512;

    private static final Pattern TRACEPARENT_FORMAT =
            Pattern.compile("[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");

    public TraceContext {
        if (!valid(traceparent)) {
            throw new IllegalArgumentException("traceparent: not a W3C trace context: " + traceparent);
        }
        if (tracestate != null && (tracestate.isBlank() || tracestate.length() > MAX_TRACESTATE)) {
            tracestate = null;
        }
    }

    /** Whether {@code value} is a well-formed {@code traceparent} (version 00 layout; later versions may extend it). */
    public static boolean valid(String value) {
        return value != null && value.length() >= 55 && value.length() <= 128 && !value.startsWith("ff")
                && TRACEPARENT_FORMAT.matcher(value.substring(0, 55)).matches()
                && (value.length() == 55 || value.charAt(55) == '-');
    }

    /**
     * The context a producer attached to a CloudEvent (distributed-tracing extension), or empty when the event
     * has none or a malformed one (ignored rather than rejected: tracing must never refuse an event).
     */
    public static Optional<TraceContext> fromExtensions(Object traceparent, Object tracestate) {
        if (traceparent == null || !valid(traceparent.toString())) {
            return Optional.empty();
        }
        return Optional.of(new TraceContext(traceparent.toString(), tracestate == null ? null : tracestate.toString()));
    }

    /**
     * The active span in wire form, for an outgoing call's {@code traceparent}/{@code tracestate} headers (a webhook
     * sink's request is then a child of its delivery span); empty when nothing is traced.
     */
    public static Optional<TraceContext> current() {
        io.opentelemetry.api.trace.SpanContext span = io.opentelemetry.api.trace.Span.current().getSpanContext();
        if (!span.isValid()) {
            return Optional.empty();
        }
        String state = encode(span.getTraceState());
        return Optional.of(new TraceContext("00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
                                                    + span.getTraceFlags().asHex(), state));
    }

    private static String encode(io.opentelemetry.api.trace.TraceState state) {
        if (state.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        state.forEach((k, v) -> b.append(b.isEmpty() ? "" : ",").append(k).append('=').append(v));
        return b.toString();
    }

    /** The wire form of {@code span} as {@code tracer} propagates it, or empty for a no-op span. */
    public static Optional<TraceContext> of(Tracer tracer, SpanContext span) {
        Map<String, List<String>> headers = new HashMap<>();
        tracer.inject(span, HeaderProvider.empty(), HeaderConsumer.create(headers));
        List<String> parent = headers.get(TRACEPARENT);
        if (parent == null || parent.isEmpty() || !valid(parent.getFirst())) {
            return Optional.empty();
        }
        List<String> state = headers.get(TRACESTATE);
        return Optional.of(new TraceContext(parent.getFirst(), state == null || state.isEmpty() ? null : state.getFirst()));
    }

    /** This context as a parent for spans of {@code tracer}. */
    public Optional<SpanContext> extract(Tracer tracer) {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put(TRACEPARENT, List.of(traceparent));
        if (tracestate != null) {
            headers.put(TRACESTATE, List.of(tracestate));
        }
        return tracer.extract(HeaderProvider.create(headers));
    }

    /** The trace id part of {@code traceparent}. */
    public String traceId() {
        return traceparent.substring(3, 35);
    }
}
