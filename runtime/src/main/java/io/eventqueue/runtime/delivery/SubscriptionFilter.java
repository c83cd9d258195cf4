package io.eventqueue.runtime.delivery;

import io.eventqueue.runtime.event.Event;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A subscription's compiled filters, made safe to run on a worker: a filter that throws does not match, and the
 * reason is logged (the first failure, then every 1000th, so a broken filter cannot flood the log).
 */
final class SubscriptionFilter implements Predicate<Event> {
    private static final System.Logger LOG = System.getLogger(SubscriptionFilter.class.getName());

    private final String subscription;
    private final Predicate<Event> filter;
    private final AtomicLong failures = new AtomicLong();

    SubscriptionFilter(String subscription, Predicate<Event> filter) {
        this.subscription = subscription;
        this.filter = filter;
    }

    @Override
    public boolean test(Event event) {
        try {
            return filter.test(event);
        } catch (RuntimeException | StackOverflowError e) {
            long n = failures.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                LOG.log(System.Logger.Level.WARNING, "subscription " + subscription + ": filter failed for event "
                        + event.id() + " (" + n + " failures so far), not delivered to it: " + e.getMessage());
            }
            return false;
        }
    }
}
