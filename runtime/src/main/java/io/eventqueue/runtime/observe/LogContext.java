package io.eventqueue.runtime.observe;

/**
 * The event a thread is working on, so every log line written meanwhile carries its {@code event_id}.
 * Workers handle one event at a time, which makes a thread-local scope exact and free of allocation
 * beyond the scope object.
 */
public final class LogContext {
    private static final ThreadLocal<String> EVENT_ID = new ThreadLocal<>();

    private LogContext() {
    }

    /** Marks {@code eventId} as the current event until the returned scope is closed. */
    public static Scope event(String eventId) {
        String previous = EVENT_ID.get();
        EVENT_ID.set(eventId);
        return new Scope(previous);
    }

    /** The current event id, or {@code null}. */
    public static String eventId() {
        return EVENT_ID.get();
    }

    /** Restores the previous event id on close. */
    public static final class Scope implements AutoCloseable {
        private final String previous;

        private Scope(String previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (previous == null) {
                EVENT_ID.remove();
            } else {
                EVENT_ID.set(previous);
            }
        }
    }
}
