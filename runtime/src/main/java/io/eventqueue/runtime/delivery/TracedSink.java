package io.eventqueue.runtime.delivery;

import java.io.IOException;

import io.eventqueue.runtime.observe.EventSpans;
import io.eventqueue.runtime.process.ProcessedEvent;
import io.eventqueue.runtime.sink.Sink;
import io.helidon.tracing.Scope;
import io.helidon.tracing.Span;

/** A sink whose every write is an {@code eventqueue.deliver} span, a child of the active process span. */
public final class TracedSink implements Sink {
    private final Sink delegate;
    private final EventSpans spans;

    public TracedSink(Sink delegate, EventSpans spans) {
        this.delegate = delegate;
        this.spans = spans;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public void write(ProcessedEvent event) throws IOException {
        Span span = spans.deliver(Span.current().map(Span::context), delegate.name(), event.attempts());
        // active, so a sink that calls out (webhook) sends this span as the receiver's parent: TraceContext.current()
        try (Scope ignored = span.activate()) {
            delegate.write(event);
            span.end();
        } catch (IOException | RuntimeException e) {
            span.end(e);
            throw e;
        }
    }

    @Override
    public void flush() throws IOException {
        delegate.flush();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
