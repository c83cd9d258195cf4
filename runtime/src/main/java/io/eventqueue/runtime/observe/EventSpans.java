package io.eventqueue.runtime.observe;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

import io.helidon.tracing.HeaderConsumer;
import io.helidon.tracing.HeaderProvider;
import io.helidon.tracing.Span;
import io.helidon.tracing.SpanContext;
import io.helidon.tracing.Tracer;

import io.eventqueue.runtime.event.TraceContext;

/**
 * The spans of an event's life, one trace from producer to sink:
 * <pre>
 * HTTP server span (producer's traceparent header)
 *   └ eventqueue.enqueue        admission + journal, on the request thread
 *       └ eventqueue.process    on a worker, parented by the context stored with the event
 *           └ eventqueue.deliver one per sink delivery (attempt), its context sent on to webhooks
 * </pre>
 * An event carrying the CloudEvents distributed-tracing extension is processed in the trace the extension
 * names: when it is the request's trace (binary mode sends it as the {@code traceparent} header), the tree is
 * the one above; when it differs, {@code eventqueue.process} becomes a child of the producer's span from the
 * extension, so the event's own trace wins over the transport's. With tracing off every method returns
 * Helidon's shared no-op span and stores no context.
 */
public final class EventSpans {
    public static final String ENQUEUE = "eventqueue.enqueue";
    public static final String PROCESS = "eventqueue.process";
    public static final String DELIVER = "eventqueue.deliver";

    private final Tracer tracer;
    private final boolean enabled;

    EventSpans(Tracer tracer) {
        this.tracer = tracer;
        this.enabled = tracer.enabled();
    }

    /** Spans that are never recorded, for a runtime built without tracing. */
    public static EventSpans disabled() {
        return new EventSpans(Tracer.noOp());
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * Starts the enqueue span of a request admitting {@code events} events, a child of the HTTP server span
     * ({@code req.context().get(SpanContext.class)}) when there is one.
     */
    public Span enqueue(Optional<SpanContext> requestSpan, int events) {
        if (!enabled) {
            return Tracer.noOp().spanBuilder(ENQUEUE).start();
        }
        Span.Builder<?> builder = tracer.spanBuilder(ENQUEUE).kind(Span.Kind.PRODUCER).tag("eventqueue.events", events);
        requestSpan.ifPresent(builder::parent);
        return builder.start();
    }

    /**
     * The context to store with one queued event: the enqueue span's, unless the event's CloudEvents tracing
     * extension names another trace.
     */
    public Optional<TraceContext> contextToStore(Span enqueueSpan, Optional<TraceContext> eventExtension) {
        if (!enabled) {
            return Optional.empty();
        }
        if (eventExtension.isPresent() && !eventExtension.get().traceId().equals(enqueueSpan.context().traceId())) {
            return eventExtension;
        }
        return TraceContext.of(tracer, enqueueSpan.context());
    }

    /** Starts the processing span of a dequeued event, in the trace of the context stored with it. */
    public Span process(Optional<TraceContext> stored, String eventId, String type) {
        if (!enabled) {
            return Tracer.noOp().spanBuilder(PROCESS).start();
        }
        Span.Builder<?> builder = tracer.spanBuilder(PROCESS)
                .kind(Span.Kind.CONSUMER)
                .tag("eventqueue.event.id", eventId)
                .tag("eventqueue.event.type", type);
        stored.flatMap(c -> c.extract(tracer)).ifPresent(builder::parent);
        return builder.start();
    }

    /** Starts the span of one delivery attempt of the event to {@code sink}, a child of the process span. */
    public Span deliver(Span process, String sink, int attempt) {
        return deliver(Optional.of(process.context()), sink, attempt);
    }

    /** Starts the span of one delivery attempt, a child of {@code parent} (the active process span). */
    public Span deliver(Optional<SpanContext> parent, String sink, int attempt) {
        if (!enabled) {
            return Tracer.noOp().spanBuilder(DELIVER).start();
        }
        Span.Builder<?> builder = tracer.spanBuilder(DELIVER)
                .kind(Span.Kind.CLIENT)
                .tag("eventqueue.sink", sink)
                .tag("eventqueue.attempt", attempt);
        parent.ifPresent(builder::parent);
        return builder.start();
    }

    /** Writes {@code span}'s context as outgoing headers ({@code traceparent}, {@code tracestate}) of a webhook call. */
    public void inject(Span span, BiConsumer<String, String> header) {
        if (!enabled) {
            return;
        }
        Map<String, List<String>> headers = new HashMap<>();
        tracer.inject(span.context(), HeaderProvider.empty(), HeaderConsumer.create(headers));
        headers.forEach((name, values) -> values.forEach(v -> header.accept(name, v)));
    }
}
