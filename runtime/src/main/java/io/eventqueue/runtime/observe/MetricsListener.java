package io.eventqueue.runtime.observe;

import java.time.Clock;
import java.time.Duration;

import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.process.ProcessedEvent;

/** Feeds the event pipeline's notifications into the Prometheus meters of {@link EventQueueMetrics}. */
public final class MetricsListener implements PipelineListener {
    private final EventQueueMetrics metrics;
    private final Clock clock;

    public MetricsListener(EventQueueMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void accepted(Event event) {
        metrics.accepted(event.type());
    }

    @Override
    public void rejected(RejectReason reason, String type, int count) {
        metrics.rejected(reason, count);
    }

    @Override
    public void processed(ProcessedEvent event, long nanos) {
        // accepted → last sink write; receivedAt is wall-clock time because an event may outlive the process (journal)
        Duration e2e = Duration.between(event.event().receivedAt(), clock.instant());
        metrics.endToEnd(Math.max(0, e2e.toNanos()));
    }

    @Override
    public void delivered(ProcessedEvent event, String sink) {
        metrics.processed(event.event().type(), sink);
    }

    @Override
    public void deliveryFailed(Event event, String sink, Throwable error) {
        metrics.failed(event.type(), sink);
    }

    @Override
    public void deadLettered(Event event, String sink) {
        metrics.deadLettered(event.type(), sink);
    }
}
