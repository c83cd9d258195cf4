package io.eventqueue.runtime.observe;

import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.process.ProcessedEvent;

/**
 * Hook for everything that watches events flow: {@link RuntimeStats} for {@code /v1/stats}, and metrics or tracing
 * listeners. Called on request threads and workers concurrently; must be cheap and must not throw.
 */
public interface PipelineListener {
    default void accepted(Event event) {
    }

    /** {@code count} events (or one request) refused for {@code reason}; {@code type} is null when unknown. */
    default void rejected(RejectReason reason, String type, int count) {
    }

    /** Delivered to every sink; {@code nanos} from dequeue to the last sink write. */
    default void processed(ProcessedEvent event, long nanos) {
    }

    /** A delivery attempt failed ({@code willRetry}) or the event was given up. */
    default void failed(Event event, Throwable error, boolean willRetry) {
    }

    /** Several listeners as one. */
    static PipelineListener of(java.util.List<? extends PipelineListener> listeners) {
        if (listeners.size() == 1) {
            return listeners.get(0);
        }
        PipelineListener[] all = listeners.toArray(new PipelineListener[0]);
        return new PipelineListener() {
            @Override
            public void accepted(Event event) {
                for (PipelineListener l : all) {
                    l.accepted(event);
                }
            }

            @Override
            public void rejected(RejectReason reason, String type, int count) {
                for (PipelineListener l : all) {
                    l.rejected(reason, type, count);
                }
            }

            @Override
            public void processed(ProcessedEvent event, long nanos) {
                for (PipelineListener l : all) {
                    l.processed(event, nanos);
                }
            }

            @Override
            public void failed(Event event, Throwable error, boolean willRetry) {
                for (PipelineListener l : all) {
                    l.failed(event, error, willRetry);
                }
            }
        };
    }
}
