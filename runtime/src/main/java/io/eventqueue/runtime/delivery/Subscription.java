package io.eventqueue.runtime.delivery;

import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.sink.Sink;

import java.util.List;
import java.util.function.Predicate;

/**
 * Who receives which events: a filter, the sinks it delivers to, and its own delivery policy. Each subscription
 * delivers on its own: its first attempts run on its own threads when there are several subscriptions (on the worker
 * when it is the only one), its retries and dead letters are its own, so a slow or failing subscriber holds up no
 * other; an event is acked to the log once every subscription that matched it is done with it.
 *
 * <p>This shape is what every event log's delivery side builds on (a Kafka log runs one consumer group per
 * subscription, named after {@link #name}): the implicit {@value #IMPLICIT} subscription first, then
 * {@code subscriptions[]} in configuration order.
 *
 * @param name   stable name for logs, metrics and dead letters
 * @param filter which events this subscription receives; must not throw (see {@code SubscriptionFilter})
 * @param sinks     the implicit subscription's static sinks, or a named subscription's one sink
 * @param transform applied to what its sinks receive (the log and dead letters keep the event as admitted)
 */
public record Subscription(String name, Predicate<Event> filter, List<Sink> sinks, RetryPolicy policy,
                           EventTransform transform) {
    /** The subscription the static {@code sinks.*} configuration describes: every event, to every enabled sink. */
    public static final String IMPLICIT = "sinks";

    public Subscription {
        sinks = List.copyOf(sinks);
    }

    /** A subscription that delivers events as admitted. */
    public Subscription(String name, Predicate<Event> filter, List<Sink> sinks, RetryPolicy policy) {
        this(name, filter, sinks, policy, EventTransform.NONE);
    }

    /**
     * The name a sink of this subscription has in metrics, dead letters and replays: the static sinks keep their own
     * ({@code log}, {@code file}, {@code webhook}); a named subscription's sink is named after the subscription.
     */
    public String targetName(Sink sink) {
        return name.equals(IMPLICIT) ? sink.name() : name;
    }

    public static Predicate<Event> everyEvent() {
        return event -> true;
    }
}
