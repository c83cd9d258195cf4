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

    /** The event was written to the sink named {@code sink}. */
    default void delivered(ProcessedEvent event, String sink) {
    }

    /** One attempt to write the event to the sink named {@code sink} failed. */
    default void deliveryFailed(Event event, String sink, Throwable error) {
    }

    /** The event was moved to the dead-letter store after its last failed attempt at {@code sink}. */
    default void deadLettered(Event event, String sink) {
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

            @Override
            public void delivered(ProcessedEvent event, String sink) {
                for (PipelineListener l : all) {
                    l.delivered(event, sink);
                }
            }

            @Override
            public void deliveryFailed(Event event, String sink, Throwable error) {
                for (PipelineListener l : all) {
                    l.deliveryFailed(event, sink, error);
                }
            }

            @Override
            public void deadLettered(Event event, String sink) {
                for (PipelineListener l : all) {
                    l.deadLettered(event, sink);
                }
            }
        };
    }
}
