package io.eventqueue.runtime.delivery;

import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.sink.Sink;

import java.util.List;
import java.util.function.Predicate;

/**
 * Who receives which events: a filter, the sinks it delivers to, and its own delivery policy. Each subscription
 * retries and dead-letters on its own (a sink waiting for a retry holds up no other subscription; first attempts
 * run on the worker, one subscription after the other); an event is acked to the log once every subscription that
 * matched it is done with it.
 *
 * @param name   stable name for logs and dead letters
 * @param filter which events this subscription receives
 */
public record Subscription(String name, Predicate<Event> filter, List<Sink> sinks, RetryPolicy policy) {
    /** The subscription the static {@code sinks.*} configuration describes: every event, to every enabled sink. */
    public static final String IMPLICIT = "sinks";

    public Subscription {
        sinks = List.copyOf(sinks);
    }

    public static Predicate<Event> everyEvent() {
        return event -> true;
    }
}
