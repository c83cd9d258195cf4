package io.eventqueue.runtime.process;

import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.observe.PipelineListener;
import io.eventqueue.runtime.queue.EventConsumer;
import io.eventqueue.runtime.sink.Sink;

import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * One attempt per event: the type's processor, then every sink in order. A failure is reported to the listener and the
 * event is dropped; retries with backoff and a dead-letter store belong in a consumer that wraps or replaces this one.
 */
public final class DirectDelivery implements EventConsumer {
    private static final System.Logger LOG = System.getLogger(DirectDelivery.class.getName());

    private final ProcessorRegistry processors;
    private final List<Sink> sinks;
    private final PipelineListener listener;
    private final Clock clock;

    public DirectDelivery(ProcessorRegistry processors, List<Sink> sinks, PipelineListener listener, Clock clock) {
        this.processors = processors;
        this.sinks = List.copyOf(sinks);
        this.listener = listener;
        this.clock = clock;
    }

    @Override
    public void consume(Event event) {
        long start = System.nanoTime();
        try {
            ProcessedEvent processed = new ProcessedEvent(processors.process(event), clock.instant(), 1);
            for (Sink sink : sinks) {
                sink.write(processed);
            }
            listener.processed(processed, System.nanoTime() - start);
        } catch (Exception | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "event " + event.id() + " (" + event.type() + ") failed: " + e);
            listener.failed(event, e, false);
        }
    }

    @Override
    public void idle() {
        for (Sink sink : sinks) {
            try {
                sink.flush();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "sink " + sink.name() + " flush failed: " + e);
            }
        }
    }

    @Override
    public void close() {
        for (Sink sink : sinks) {
            try {
                sink.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "sink " + sink.name() + " close failed: " + e);
            }
        }
    }
}
