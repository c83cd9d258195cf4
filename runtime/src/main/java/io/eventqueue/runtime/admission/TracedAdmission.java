package io.eventqueue.runtime.admission;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.observe.EventSpans;
import io.eventqueue.runtime.admission.Admission;
import io.eventqueue.runtime.admission.EventAdmission;
import io.helidon.tracing.Span;
import io.helidon.tracing.SpanContext;

/**
 * Admission inside an {@code eventqueue.enqueue} span, a child of the request's server span (active on the request
 * thread), storing with each event the context its processing continues. Used only when tracing is on: with tracing
 * off the runtime hands the queue itself to the API, so untraced admission costs nothing.
 */
public final class TracedAdmission implements EventAdmission {
    private final EventAdmission delegate;
    private final EventSpans spans;

    public TracedAdmission(EventAdmission delegate, EventSpans spans) {
        this.delegate = delegate;
        this.spans = spans;
    }

    @Override
    public Admission offer(Event event) {
        Span span = spans.enqueue(requestSpan(), 1);
        try {
            Admission admitted = delegate.offer(traced(event, span));
            span.tag("eventqueue.admission", admitted.name().toLowerCase(java.util.Locale.ROOT));
            return admitted;
        } finally {
            span.end();
        }
    }

    @Override
    public Admission offerAll(List<Event> events) {
        Span span = spans.enqueue(requestSpan(), events.size());
        try {
            List<Event> traced = new ArrayList<>(events.size());
            for (Event e : events) {
                traced.add(traced(e, span));
            }
            Admission admitted = delegate.offerAll(traced);
            span.tag("eventqueue.admission", admitted.name().toLowerCase(java.util.Locale.ROOT));
            return admitted;
        } finally {
            span.end();
        }
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public boolean isClosed() {
        return delegate.isClosed();
    }

    private Event traced(Event event, Span enqueue) {
        return event.withTrace(spans.contextToStore(enqueue, event.trace()));
    }

    private static Optional<SpanContext> requestSpan() {
        return Span.current().map(Span::context);
    }
}
