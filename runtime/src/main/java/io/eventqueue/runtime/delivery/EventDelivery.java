package io.eventqueue.runtime.delivery;

import io.eventqueue.runtime.admission.Admitted;
import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.log.Document;
import io.eventqueue.runtime.log.EventCodec;
import io.eventqueue.runtime.log.EventLog;
import io.eventqueue.runtime.observe.PipelineListener;
import io.eventqueue.runtime.process.ProcessedEvent;
import io.eventqueue.runtime.process.ProcessorRegistry;
import io.eventqueue.runtime.reads.EventStatus;
import io.eventqueue.runtime.reads.EventStream;
import io.eventqueue.runtime.reads.RecentEvents;
import io.eventqueue.runtime.sink.Sink;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The worker side of the pipeline: process each event once, hand it to every subscription whose filter matches (each
 * delivers to its sinks with retries through its own {@link Dispatcher}, and dead-letters what keeps failing), and
 * ack it to the {@link EventLog} once every one of them is done with it.
 *
 * <p>Acks are batched and written only after the sinks were flushed, so an acked event is never still sitting in
 * a sink's buffer when the process dies.
 */
public final class EventDelivery implements EventConsumer {
    private static final System.Logger LOG = System.getLogger(EventDelivery.class.getName());
    private static final int ACK_BATCH = 256;
    private static final long ACK_MAX_DELAY_NANOS = Duration.ofMillis(50).toNanos();

    /** One event on its way through the subscriptions. */
    static final class InFlight {
        final Admitted admitted;
        final ProcessedEvent first;
        final long startNanos;
        private final AtomicInteger remaining = new AtomicInteger();
        private final AtomicInteger maxAttempts = new AtomicInteger();
        private final AtomicReference<Dispatcher.Settlement> settlement =
                new AtomicReference<>(Dispatcher.Settlement.DELIVERED);
        /** Set when a dead letter could not be stored: the log entry must stay so a restart retries it. */
        final AtomicBoolean keepInLog = new AtomicBoolean();

        InFlight(Admitted admitted, ProcessedEvent first, long startNanos) {
            this.admitted = admitted;
            this.first = first;
            this.startNanos = startNanos;
        }

        Event original() {
            return admitted.event();
        }
    }

    private final List<SubscriptionDelivery> subscriptions;
    private final List<Sink> sinks;
    private final ProcessorRegistry processors;
    private final EventLog log;
    private final DeadLetterStore deadLetters;
    private final EventCodec codec;
    private final RecentEvents index;
    private final EventStream stream;
    private final PipelineListener listener;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("delivery-scheduler").daemon(true).factory());
    private volatile boolean closed;
    private final Object ackLock = new Object();
    private long[] pendingAcks = new long[ACK_BATCH];
    private int pendingCount;
    private long oldestPendingNanos;

    /** @param workers with several subscriptions, how many first attempts each may have in flight at once */
    public EventDelivery(List<Subscription> subscriptions, ProcessorRegistry processors, EventLog log,
                         DeadLetterStore deadLetters, EventCodec codec, RecentEvents index, EventStream stream,
                         PipelineListener listener, Clock clock, int workers) {
        this.processors = processors;
        this.log = log;
        this.deadLetters = deadLetters;
        this.codec = codec;
        this.index = index;
        this.stream = stream;
        this.listener = listener;
        this.clock = clock;
        Random random = new Random();
        List<SubscriptionDelivery> subs = new ArrayList<>();
        List<Sink> all = new ArrayList<>();
        // One subscription has nobody to hold up: its first attempts stay on the worker. With more, each one's first
        // attempts run on its own threads, so a slow or failing subscriber delays only itself.
        int ownThreads = subscriptions.size() > 1 ? workers : 0;
        for (Subscription s : subscriptions) {
            subs.add(new SubscriptionDelivery(s, random, ownThreads));
            all.addAll(s.sinks());
        }
        this.subscriptions = List.copyOf(subs);
        this.sinks = List.copyOf(all);
        // Acks of events settled by retries, or while the queue is quiet, are written by this tick.
        scheduler.scheduleWithFixedDelay(() -> maybeFlushAcks(false), 50, 50, TimeUnit.MILLISECONDS);
    }

    /** Events handed to a subscription and not yet delivered or dead-lettered (some wait for a retry). */
    public int unsettled() {
        int n = 0;
        for (SubscriptionDelivery s : subscriptions) {
            n += s.dispatcher.unsettled() + s.waiting.get();
        }
        return n;
    }

    @Override
    public void consume(Admitted admitted) {
        long start = System.nanoTime();
        Event event = admitted.event();
        int attempt = admitted.attemptsSoFar() + 1;
        Event processed;
        try {
            processed = processors.process(event);
        } catch (Exception | LinkageError e) {
            String reason = "processor for type " + event.type() + " failed: " + e;
            LOG.log(System.Logger.Level.WARNING, "event " + event.id() + ": " + reason);
            InFlight item = new InFlight(admitted, null, start);
            deadLetter(item, Admitted.ALL, Admitted.ALL, attempt, reason);
            listener.deadLettered(event, Admitted.ALL);
            settle(item, Dispatcher.Settlement.DEAD_LETTERED, attempt);
            return;
        }
        InFlight item = new InFlight(admitted, new ProcessedEvent(processed, clock.instant(), attempt), start);
        List<SubscriptionDelivery> matched = new ArrayList<>(subscriptions.size());
        for (SubscriptionDelivery s : subscriptions) {
            if (s.receives(admitted)) {
                matched.add(s);
            }
        }
        if (matched.isEmpty()) {
            settle(item, Dispatcher.Settlement.DELIVERED, attempt);
        } else {
            item.remaining.set(matched.size());
            for (SubscriptionDelivery s : matched) {
                s.deliver(item);
            }
        }
        maybeFlushAcks(false);
    }

    @Override
    public void idle() {
        maybeFlushAcks(true);
    }

    /**
     * If the log does not redeliver after a restart, waits (within what is left of the drain timeout) for events
     * still waiting for a retry, as nothing else would deliver them; if it does, they are delivered after the next
     * start, so the drain does not wait for a broken sink.
     */
    @Override
    public boolean awaitSettled(Duration timeout) throws InterruptedException {
        return log.redeliversAfterRestart() || awaitDispatchers(timeout) == 0;
    }

    /**
     * Writes the last acks and closes the sinks, which abandons deliveries still in flight (a webhook call waiting
     * for its receiver): those events stay unacked, and a log that redelivers after a restart delivers them again.
     */
    @Override
    public void close() {
        int left = unsettled();
        if (left > 0) {
            LOG.log(System.Logger.Level.WARNING, left + " events in flight or waiting for a delivery retry at shutdown"
                    + (log.redeliversAfterRestart() ? "; the " + log.mode() + " log delivers them after restart"
                    : " are lost (durability " + log.mode() + ")"));
        }
        maybeFlushAcks(true);
        closed = true;
        scheduler.shutdownNow();
        subscriptions.forEach(SubscriptionDelivery::stop);
        for (Sink sink : sinks) {
            try {
                sink.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "sink " + sink.name() + " close failed: " + e);
            }
        }
    }

    private int awaitDispatchers(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int left = 0;
        for (SubscriptionDelivery s : subscriptions) {
            left += s.awaitSettled(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        return left;
    }

    private void deadLetter(InFlight item, String subscription, String sink, int attempts, String reason) {
        try {
            deadLetters.add(new DeadLetter(item.original().id(), subscription, sink, attempts, reason, clock.instant(),
                    codec.encode(item.original())));
        } catch (RuntimeException e) {
            item.keepInLog.set(true);
            LOG.log(System.Logger.Level.ERROR, "event " + item.original().id() + " could not be dead-lettered ("
                    + e.getMessage() + "); it stays in the event log");
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "event " + item.original().id() + " dead-lettered for subscription "
                + subscription + ", sink " + sink + " after " + attempts + " attempts: " + reason);
    }

    /** One subscription is done with the item; the last one settles it. */
    private void subscriptionDone(InFlight item, Dispatcher.Settlement settlement, int attempts) {
        item.settlement.accumulateAndGet(settlement, Dispatcher.Settlement::and);
        item.maxAttempts.accumulateAndGet(attempts, Math::max);
        if (item.remaining.decrementAndGet() == 0) {
            settle(item, item.settlement.get(), item.maxAttempts.get());
        }
    }

    /**
     * Every subscription is done with the item: it is acked. A retry handed to the log counts neither as processed
     * nor as failed yet: the retry that the log hands back settles it again.
     */
    private void settle(InFlight item, Dispatcher.Settlement settlement, int attempts) {
        Admitted admitted = item.admitted;
        if (settlement == Dispatcher.Settlement.DELIVERED) {
            index.update(admitted.readPosition(), EventStatus.PROCESSED, attempts, null);
            Event event = item.first.event();
            // The admission's document shows the event as accepted; a processor that returned another event is shown as such.
            Document document = event == item.original() ? admitted.document()
                    : new Document(() -> EventCodec.publicJson(event), event.encodedBytes());
            stream.publish(event.type(), event.source(), document);
            ProcessedEvent done = attempts == item.first.attempts() ? item.first
                    : new ProcessedEvent(event, clock.instant(), attempts);
            listener.processed(done, System.nanoTime() - item.startNanos);
        } else if (settlement == Dispatcher.Settlement.DEAD_LETTERED) {
            index.update(admitted.readPosition(), EventStatus.DEAD_LETTERED, attempts, null);
            listener.failed(item.original(), new DeliveryFailedException("dead-lettered after " + attempts + " attempts"), false);
        }
        if (!closed && !item.keepInLog.get()) {
            synchronized (ackLock) {
                if (pendingCount == pendingAcks.length) {
                    pendingAcks = Arrays.copyOf(pendingAcks, pendingAcks.length * 2);
                }
                if (pendingCount == 0) {
                    oldestPendingNanos = System.nanoTime();
                }
                pendingAcks[pendingCount++] = admitted.position();
            }
        }
    }

    /** Flushes the sinks, then acks what they hold, when enough acks queued up (or {@code force}). */
    private void maybeFlushAcks(boolean force) {
        if (closed) {
            return;
        }
        long[] acks;
        synchronized (ackLock) {
            if (pendingCount == 0) {
                if (force) {
                    flushSinks();
                }
                return;
            }
            if (!force && pendingCount < ACK_BATCH && System.nanoTime() - oldestPendingNanos < ACK_MAX_DELAY_NANOS) {
                return;
            }
            acks = Arrays.copyOf(pendingAcks, pendingCount);
            pendingCount = 0;
            // Flushed while holding the lock: every ack taken here belongs to a line the flush pushed out.
            flushSinks();
        }
        log.ack(acks);
    }

    private void flushSinks() {
        for (Sink sink : sinks) {
            try {
                sink.flush();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "sink " + sink.name() + " flush failed: " + e);
            }
        }
    }

    /** One subscription's consumer: its filter, its sinks as dispatcher targets, its retry policy. */
    private final class SubscriptionDelivery implements Dispatcher.Listener<InFlight> {
        private final Subscription subscription;
        private final Dispatcher<InFlight> dispatcher;

        /** First attempts handed to this subscription's threads and not yet dispatched. */
        final AtomicInteger waiting = new AtomicInteger();
        private final ExecutorService firstAttempts;

        /** @param threads 0: first attempts run on the calling worker */
        SubscriptionDelivery(Subscription subscription, Random random, int threads) {
            this.subscription = subscription;
            List<DeliveryTarget<InFlight>> targets = new ArrayList<>();
            for (Sink sink : subscription.sinks()) {
                targets.add(new SinkTarget(subscription.targetName(sink), sink, subscription.transform()));
            }
            this.dispatcher = new Dispatcher<>(targets, subscription.policy(), scheduler, this, random);
            this.firstAttempts = threads == 0 ? null : Executors.newFixedThreadPool(threads,
                    Thread.ofVirtual().name("subscription-" + subscription.name() + "-", 0).factory());
        }

        boolean receives(Admitted admitted) {
            boolean matches;
            try {
                matches = subscription.filter().test(admitted.event());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "subscription " + subscription.name() + ": filter failed for event "
                        + admitted.event().id() + ", not delivered to it: " + e);
                return false;
            }
            if (!matches) {
                return false;
            }
            return admitted.toEverySink()
                    || subscription.sinks().stream().anyMatch(s -> admitted.sinks().contains(subscription.targetName(s)));
        }

        void deliver(InFlight item) {
            if (firstAttempts == null) {
                dispatch(item);
                return;
            }
            waiting.incrementAndGet();
            try {
                firstAttempts.execute(() -> {
                    // Counted by the dispatcher from here on.
                    waiting.decrementAndGet();
                    dispatch(item);
                });
            } catch (RejectedExecutionException shuttingDown) {
                // Left unsettled on purpose, as a retry at shutdown: the log keeps the entry for the next start.
                waiting.decrementAndGet();
            }
        }

        /** Abandons first attempts not yet made: those events stay unacked, as retries do at shutdown. */
        void stop() {
            if (firstAttempts != null) {
                firstAttempts.shutdownNow();
            }
        }

        /** Waits for this subscription's queued first attempts, then for its retries; returns what is left. */
        int awaitSettled(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            if (firstAttempts != null) {
                firstAttempts.shutdown();
                if (!firstAttempts.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    firstAttempts.shutdownNow();
                }
            }
            return dispatcher.awaitSettled(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))) + waiting.get();
        }

        private void dispatch(InFlight item) {
            Admitted admitted = item.admitted;
            if (admitted.toEverySink()) {
                dispatcher.dispatchAll(item, admitted.attemptsSoFar());
            } else {
                dispatcher.dispatch(item, admitted.sinks(), admitted.attemptsSoFar(), admitted.roundSoFar());
            }
        }

        @Override
        public void attemptFailed(InFlight item, String target, int attempt, String reason, Duration retryIn) {
            index.update(item.admitted.readPosition(), EventStatus.FAILED, attempt, target + ": " + reason);
            listener.failed(item.original(), new DeliveryFailedException(target + ": " + reason), true);
        }

        @Override
        public void deadLettered(InFlight item, String target, int attempts, String reason) {
            if (closed) {
                // Abandoned by shutdown, not given up: it stays unacked and is delivered after the next start.
                return;
            }
            deadLetter(item, subscription.name(), target, attempts, reason);
            index.update(item.admitted.readPosition(), EventStatus.FAILED, attempts, target + ": " + reason);
            listener.deadLettered(item.original(), target);
        }

        /** The log keeps the retry (Kafka's retry topic), unless delivery is shutting down. */
        @Override
        public boolean handOff(InFlight item, String target, int attemptsMade, int roundAttempts, Duration retryIn,
                               String reason) {
            return !closed && log.keepRetry(item.original(), new EventLog.Retry(target, attemptsMade, roundAttempts),
                    clock.instant().plus(retryIn), reason);
        }

        @Override
        public void settled(InFlight item, Dispatcher.Settlement settlement, int maxAttempts) {
            subscriptionDone(item, settlement, maxAttempts);
        }
    }

    /** A sink as a dispatcher target: one attempt, reported to the listener per sink. */
    private final class SinkTarget implements DeliveryTarget<InFlight> {
        private final String name;
        private final Sink sink;
        private final EventTransform transform;

        SinkTarget(String name, Sink sink, EventTransform transform) {
            this.name = name;
            this.sink = sink;
            this.transform = transform;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public DeliveryOutcome deliver(InFlight item, int attempt) {
            if (closed) {
                return DeliveryOutcome.retryable("shutting down");
            }
            ProcessedEvent processed = attempt == item.first.attempts() ? item.first
                    : new ProcessedEvent(item.first.event(), clock.instant(), attempt);
            DeliveryOutcome outcome;
            try {
                // Metrics and the read index count the event as admitted; the sink gets the transformed copy.
                outcome = attempt(transform.isNone() ? processed
                        : new ProcessedEvent(transform.apply(processed.event()), processed.processedAt(), attempt));
            } catch (EventTransform.TransformFailedException e) {
                outcome = DeliveryOutcome.permanent("transform: " + e.getMessage());
            }
            if (outcome instanceof DeliveryOutcome.Delivered) {
                listener.delivered(processed, name);
            } else {
                listener.deliveryFailed(item.original(), name, new DeliveryFailedException(reason(outcome)));
            }
            return outcome;
        }

        private DeliveryOutcome attempt(ProcessedEvent processed) {
            if (sink instanceof WebhookSink webhook) {
                return webhook.attempt(processed);
            }
            try {
                sink.write(processed);
                return DeliveryOutcome.DELIVERED;
            } catch (IOException | RuntimeException e) {
                return DeliveryOutcome.retryable(sink.name() + ": " + e.getMessage());
            }
        }

        private static String reason(DeliveryOutcome outcome) {
            return switch (outcome) {
                case DeliveryOutcome.Retryable r -> r.reason();
                case DeliveryOutcome.Permanent p -> p.reason();
                case DeliveryOutcome.Delivered d -> "delivered";
            };
        }
    }

    /** Why a delivery failed, for listeners that take a Throwable. */
    public static final class DeliveryFailedException extends Exception {
        public DeliveryFailedException(String message) {
            super(message, null, false, false);
        }
    }
}
