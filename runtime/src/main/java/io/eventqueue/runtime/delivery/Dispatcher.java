package io.eventqueue.runtime.delivery;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * Delivers an item to each of its targets at least once: the first attempt runs on the caller's thread, failed
 * attempts are retried on a scheduler with {@link RetryPolicy} backoff (so a broken sink never blocks a worker),
 * and a target that used up its attempts, or rejected the item permanently, dead-letters it for that target only.
 * Before a retry waits in memory the listener may hand it to a store that keeps it (Kafka's retry topic); the target
 * is then done with the item for now. When every target has delivered, dead-lettered or handed off the item,
 * {@link Listener#settled} fires exactly once; that is where the log entry is acked.
 */
public final class Dispatcher<T> {

    /** How the targets of an item finished: one dead letter makes it dead-lettered, else one hand-off handed off. */
    public enum Settlement {
        DELIVERED, RETRY_HANDED_OFF, DEAD_LETTERED;

        Settlement and(Settlement other) {
            return compareTo(other) >= 0 ? this : other;
        }
    }

    /** Callbacks for book-keeping (journal, read index, metrics, dead letters). Called from any thread. */
    public interface Listener<T> {
        void attemptFailed(T item, String target, int attempt, String reason, Duration retryIn);

        void deadLettered(T item, String target, int attempts, String reason);

        /**
         * Offers the next attempt, due in {@code retryIn}, to a store that keeps retries outside memory.
         *
         * @param roundAttempts attempts made in this round (what {@link RetryPolicy} counts)
         * @return true when the store took it: this target is done with the item here
         */
        boolean handOff(T item, String target, int attemptsMade, int roundAttempts, Duration retryIn, String reason);

        /** Every target is done with the item. */
        void settled(T item, Settlement settlement, int maxAttempts);
    }

    private final List<DeliveryTarget<T>> targets;
    private final RetryPolicy policy;
    private final ScheduledExecutorService scheduler;
    private final Listener<T> listener;
    private final RandomGenerator random;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int unsettled;

    /** @param random shared by every thread that delivers, so it must be thread-safe (e.g. {@link java.util.Random}) */
    public Dispatcher(List<DeliveryTarget<T>> targets, RetryPolicy policy, ScheduledExecutorService scheduler,
                      Listener<T> listener, RandomGenerator random) {
        this.targets = List.copyOf(targets);
        this.policy = policy;
        this.scheduler = scheduler;
        this.listener = listener;
        this.random = random;
    }

    /** Delivers to every target, continuing the attempt count of an earlier delivery. */
    public void dispatchAll(T item, int attemptsSoFar) {
        dispatch(item, targets, attemptsSoFar, 0);
    }

    /**
     * Delivers to the named targets only (a dead-letter replay, or a retry handed back), continuing the attempt
     * count; {@code roundSoFar} attempts of the current round were made already (0 starts a new round).
     * Unknown names are ignored; with no known target the item settles as delivered at once.
     */
    public void dispatch(T item, Collection<String> targetNames, int attemptsSoFar, int roundSoFar) {
        dispatch(item, targets.stream().filter(t -> targetNames.contains(t.name())).toList(), attemptsSoFar,
                roundSoFar);
    }

    /** Items dispatched and not yet settled (some may be waiting for a retry). */
    public int unsettled() {
        lock.lock();
        try {
            return unsettled;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every dispatched item settled or the timeout passed; returns how many are still unsettled. */
    public int awaitSettled(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (unsettled > 0 && nanos > 0) {
                nanos = idle.awaitNanos(nanos);
            }
            return unsettled;
        } finally {
            lock.unlock();
        }
    }

    private void dispatch(T item, List<DeliveryTarget<T>> chosen, int attemptsSoFar, int roundSoFar) {
        lock.lock();
        try {
            unsettled++;
        } finally {
            lock.unlock();
        }
        Tracker tracker = new Tracker(item, chosen.size());
        if (chosen.isEmpty()) {
            tracker.targetDone(Settlement.DELIVERED, attemptsSoFar);
            return;
        }
        for (DeliveryTarget<T> target : chosen) {
            attempt(tracker, target, attemptsSoFar + 1, roundSoFar + 1);
        }
    }

    /**
     * @param attempt     the overall attempt number (continues across replays, reported to receivers)
     * @param roundAttempt the attempt number within this dispatch; a replay gets a fresh round of {@code maxAttempts}
     */
    private void attempt(Tracker tracker, DeliveryTarget<T> target, int attempt, int roundAttempt) {
        DeliveryOutcome outcome;
        try {
            outcome = target.deliver(tracker.item, attempt);
        } catch (RuntimeException e) {
            outcome = DeliveryOutcome.retryable(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        switch (outcome) {
            case DeliveryOutcome.Delivered d -> tracker.targetDone(Settlement.DELIVERED, attempt);
            case DeliveryOutcome.Permanent p -> {
                listener.deadLettered(tracker.item, target.name(), attempt, p.reason());
                tracker.targetDone(Settlement.DEAD_LETTERED, attempt);
            }
            case DeliveryOutcome.Retryable r -> {
                Optional<Duration> delay = policy.nextDelay(roundAttempt, r.retryAfter(), random);
                if (delay.isEmpty()) {
                    listener.deadLettered(tracker.item, target.name(), attempt, r.reason());
                    tracker.targetDone(Settlement.DEAD_LETTERED, attempt);
                } else {
                    listener.attemptFailed(tracker.item, target.name(), attempt, r.reason(), delay.get());
                    if (listener.handOff(tracker.item, target.name(), attempt, roundAttempt, delay.get(), r.reason())) {
                        tracker.targetDone(Settlement.RETRY_HANDED_OFF, attempt);
                    } else {
                        scheduleRetry(tracker, target, attempt + 1, roundAttempt + 1, delay.get());
                    }
                }
            }
        }
    }

    private void scheduleRetry(Tracker tracker, DeliveryTarget<T> target, int attempt, int roundAttempt, Duration delay) {
        try {
            // The scheduler only keeps time; the attempt itself may block (HTTP), so it runs on its own virtual thread.
            scheduler.schedule(() -> Thread.ofVirtual().name("delivery-retry").start(
                    () -> attempt(tracker, target, attempt, roundAttempt)), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            // Left unsettled on purpose: the journal entry stays unacked and is replayed on the next start.
        }
    }

    private final class Tracker {
        final T item;
        private final AtomicInteger remaining;
        private final AtomicReference<Settlement> settlement = new AtomicReference<>(Settlement.DELIVERED);
        private final AtomicInteger maxAttempts = new AtomicInteger();

        Tracker(T item, int targets) {
            this.item = item;
            this.remaining = new AtomicInteger(Math.max(targets, 1));
        }

        void targetDone(Settlement how, int attempts) {
            settlement.accumulateAndGet(how, Settlement::and);
            maxAttempts.accumulateAndGet(attempts, Math::max);
            if (remaining.decrementAndGet() == 0) {
                listener.settled(item, settlement.get(), maxAttempts.get());
                lock.lock();
                try {
                    unsettled--;
                    idle.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }
}
