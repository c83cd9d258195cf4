package io.eventqueue.runtime.delivery;

import io.eventqueue.runtime.admission.Admitted;
import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.observe.EventSpans;
import io.eventqueue.runtime.observe.LogContext;
import io.helidon.tracing.Scope;
import io.helidon.tracing.Span;

import java.time.Duration;

/**
 * Runs the workers' consumer with the event in view: its id on every log line written meanwhile ({@code event_id})
 * and, with tracing on, inside an active {@code eventqueue.process} span in the trace stored with the event, so the
 * sinks' delivery spans and log lines ({@code trace_id}) join it.
 */
public final class ObservedConsumer implements EventConsumer {
    private final EventConsumer delegate;
    private final EventSpans spans;

    public ObservedConsumer(EventConsumer delegate, EventSpans spans) {
        this.delegate = delegate;
        this.spans = spans;
    }

    @Override
    public void consume(Admitted admitted) {
        Event event = admitted.event();
        try (LogContext.Scope ignored = LogContext.event(event.id())) {
            if (!spans.enabled()) {
                delegate.consume(admitted);
                return;
            }
            Span process = spans.process(event.trace(), event.id(), event.type());
            try (Scope active = process.activate()) {
                delegate.consume(admitted);
            } finally {
                process.end();
            }
        }
    }

    @Override
    public void idle() {
        delegate.idle();
    }

    @Override
    public boolean awaitSettled(Duration timeout) throws InterruptedException {
        return delegate.awaitSettled(timeout);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
