package io.eventqueue.runtime.delivery;

import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.observe.PipelineListener;
import io.eventqueue.runtime.process.ProcessedEvent;
import io.eventqueue.runtime.process.ProcessorRegistry;
import io.eventqueue.runtime.queue.EventConsumer;
import io.eventqueue.runtime.sink.Sink;
import io.eventqueue.runtime.store.DeadLetter;
import io.eventqueue.runtime.store.DeadLetterStore;
import io.eventqueue.runtime.store.Document;
import io.eventqueue.runtime.store.EventCodec;
import io.eventqueue.runtime.store.EventStatus;
import io.eventqueue.runtime.store.EventStream;
import io.eventqueue.runtime.store.Journal;
import io.eventqueue.runtime.store.RecentEvents;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The worker side with delivery guarantees: process, deliver to every sink with retries ({@link Dispatcher}),
 * dead-letter what keeps failing, and ack the journal entry once every sink is done with it.
 *
 * <p>Acks are batched and written only after the sinks were flushed, so an acked event is never still sitting in
 * a sink's buffer when the process dies.
 */
public final class ReliableDelivery implements EventConsumer {
    private static final System.Logger LOG = System.getLogger(ReliableDelivery.class.getName());
    /** The dead-letter "sink" for an event whose processor failed: a replay delivers it to every sink. */
    public static final String ALL_SINKS = "*";
    private static final int ACK_BATCH = 256;
    private static final long ACK_MAX_DELAY_NANOS = Duration.ofMillis(50).toNanos();

    /** One event on its way through the sinks. */
    record Item(Event original, ProcessedEvent first, DurableAdmission.Ticket ticket, long startNanos,
                AtomicBoolean keepInJournal) {
        Item(Event original, ProcessedEvent first, DurableAdmission.Ticket ticket, long startNanos) {
            this(original, first, ticket, startNanos, new AtomicBoolean());
        }
    }

    /** The admission's ticket for an event taken from the queue (the admission is built after this consumer). */
    private final Function<Event, DurableAdmission.Ticket> tickets;
    private final ProcessorRegistry processors;
    private final List<Sink> sinks;
    private final Journal journal;
    private final DeadLetterStore deadLetters;
    private final RecentEvents index;
    private final EventStream stream;
    private final EventCodec codec;
    private final PipelineListener listener;
    private final Clock clock;
    private final Dispatcher<Item> dispatcher;
    private final Duration closeTimeout;
    private volatile boolean closed;
    private final Object ackLock = new Object();
    private long[] pendingAcks = new long[ACK_BATCH];
    private int pendingCount;
    private long oldestPendingNanos;

    /** @param journal null in {@code memory} durability */
    public ReliableDelivery(Function<Event, DurableAdmission.Ticket> tickets, ProcessorRegistry processors, List<Sink> sinks, Journal journal,
                            DeadLetterStore deadLetters, RecentEvents index, EventStream stream, EventCodec codec,
                            PipelineListener listener, RetryPolicy policy, ScheduledExecutorService scheduler,
                            RandomGenerator random, Clock clock, Duration closeTimeout) {
        this.tickets = tickets;
        this.processors = processors;
        this.sinks = List.copyOf(sinks);
        this.journal = journal;
        this.deadLetters = deadLetters;
        this.index = index;
        this.stream = stream;
        this.codec = codec;
        this.listener = listener;
        this.clock = clock;
        this.closeTimeout = closeTimeout;
        List<DeliveryTarget<Item>> targets = new ArrayList<>();
        for (Sink sink : this.sinks) {
            targets.add(target(sink));
        }
        this.dispatcher = new Dispatcher<>(targets, policy, scheduler, new Book(), random);
        // Acks of events settled by retries, or while the queue is quiet, are written by this tick.
        scheduler.scheduleWithFixedDelay(() -> maybeFlushAcks(false), 50, 50, TimeUnit.MILLISECONDS);
    }

    public Dispatcher<Item> dispatcher() {
        return dispatcher;
    }

    @Override
    public void consume(Event event) {
        long start = System.nanoTime();
        DurableAdmission.Ticket ticket = tickets.apply(event);
        if (ticket == null) {
            ticket = new DurableAdmission.Ticket(-1, -1, 0, null, null);
        }
        Event processed;
        try {
            processed = processors.process(event);
        } catch (Exception | LinkageError e) {
            String reason = "processor for type " + event.type() + " failed: " + e;
            LOG.log(System.Logger.Level.WARNING, "event " + event.id() + ": " + reason);
            Item item = new Item(event, null, ticket, start);
            deadLetter(item, ALL_SINKS, ticket.attemptsSoFar() + 1, reason);
            listener.deadLettered(event, ALL_SINKS);
            settle(item, false, ticket.attemptsSoFar() + 1);
            return;
        }
        int attempt = ticket.attemptsSoFar() + 1;
        Item item = new Item(event, new ProcessedEvent(processed, clock.instant(), attempt), ticket, start);
        List<String> only = ticket.sinks();
        if (only == null || only.contains(ALL_SINKS)) {
            dispatcher.dispatchAll(item, ticket.attemptsSoFar());
        } else {
            dispatcher.dispatch(item, only, ticket.attemptsSoFar());
        }
        maybeFlushAcks(false);
    }

    @Override
    public void idle() {
        maybeFlushAcks(true);
    }

    /**
     * Waits up to {@code timeout} for retries still scheduled, then flushes the sinks and writes the last acks.
     * Anything still unsettled stays unacked in the journal and is delivered after the next start.
     *
     * @return how many events were still waiting for a retry
     */
    public int drain(Duration timeout) throws InterruptedException {
        int left = dispatcher.awaitSettled(timeout);
        maybeFlushAcks(true);
        return left;
    }

    /**
     * Writes the last acks and closes the sinks. Without a journal it first waits (up to the drain timeout) for
     * events still waiting for a retry, as nothing else would deliver them; with a journal they are delivered
     * after the next start, so shutdown does not wait for a broken sink.
     */
    @Override
    public void close() {
        try {
            int left = dispatcher.awaitSettled(journal == null ? closeTimeout : Duration.ZERO);
            if (left > 0) {
                LOG.log(System.Logger.Level.WARNING, left + " events still waiting for a delivery retry at shutdown"
                        + (journal == null ? " are lost (durability memory)" : "; the journal delivers them after restart"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        maybeFlushAcks(true);
        closed = true;
        for (Sink sink : sinks) {
            try {
                sink.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "sink " + sink.name() + " close failed: " + e);
            }
        }
    }

    private DeliveryTarget<Item> target(Sink sink) {
        return new DeliveryTarget<>() {
            @Override
            public String name() {
                return sink.name();
            }

            @Override
            public DeliveryOutcome deliver(Item item, int attempt) {
                ProcessedEvent processed = attempt == item.first().attempts() ? item.first()
                        : new ProcessedEvent(item.first().event(), clock.instant(), attempt);
                DeliveryOutcome outcome = write(sink, processed);
                switch (outcome) {
                    case DeliveryOutcome.Delivered d -> listener.delivered(processed, sink.name());
                    case DeliveryOutcome.Retryable r ->
                            listener.deliveryFailed(item.original(), sink.name(), new DeliveryFailedException(r.reason()));
                    case DeliveryOutcome.Permanent p ->
                            listener.deliveryFailed(item.original(), sink.name(), new DeliveryFailedException(p.reason()));
                }
                return outcome;
            }
        };
    }

    private static DeliveryOutcome write(Sink sink, ProcessedEvent processed) {
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

    private void deadLetter(Item item, String sink, int attempts, String reason) {
        try {
            deadLetters.add(new DeadLetter(item.original().id(), sink, attempts, reason, clock.instant(),
                    codec.encode(item.original())));
        } catch (RuntimeException e) {
            // Not in the dead-letter store, so the journal entry must stay: the event is retried after a restart.
            item.keepInJournal().set(true);
            LOG.log(System.Logger.Level.ERROR, "event " + item.original().id() + " could not be dead-lettered ("
                    + e.getMessage() + "); it stays in the journal");
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "event " + item.original().id() + " dead-lettered for sink " + sink
                + " after " + attempts + " attempts: " + reason);
    }

    private void settle(Item item, boolean delivered, int attempts) {
        DurableAdmission.Ticket ticket = item.ticket();
        if (delivered) {
            index.update(ticket.position(), EventStatus.PROCESSED, attempts, null);
            Event event = item.first().event();
            // The admission's document shows the event as accepted; a processor that returned another event is shown as such.
            Document document = event == item.original() && ticket.document() != null ? ticket.document()
                    : new Document(() -> EventCodec.publicJson(event), event.encodedBytes());
            stream.publish(event.type(), event.source(), document);
            ProcessedEvent done = attempts == item.first().attempts() ? item.first()
                    : new ProcessedEvent(event, clock.instant(), attempts);
            listener.processed(done, System.nanoTime() - item.startNanos());
        } else {
            index.update(ticket.position(), EventStatus.DEAD_LETTERED, attempts, null);
            listener.failed(item.original(), new DeliveryFailedException("dead-lettered after " + attempts + " attempts"), false);
        }
        if (journal != null && !closed && ticket.sequence() >= 0 && !item.keepInJournal().get()) {
            synchronized (ackLock) {
                if (pendingCount == pendingAcks.length) {
                    pendingAcks = Arrays.copyOf(pendingAcks, pendingAcks.length * 2);
                }
                if (pendingCount == 0) {
                    oldestPendingNanos = System.nanoTime();
                }
                pendingAcks[pendingCount++] = ticket.sequence();
            }
        }
    }

    /** Flushes the sinks, then acks what they hold, when enough acks queued up (or {@code force}). */
    private void maybeFlushAcks(boolean force) {
        if (closed) {
            return;
        }
        if (journal == null) {
            if (force) {
                flushSinks();
            }
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
        journal.ack(acks);
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

    /** Delivery book-keeping: read index, metrics listener, dead letters, acks. */
    private final class Book implements Dispatcher.Listener<Item> {
        @Override
        public void attemptFailed(Item item, String target, int attempt, String reason, Duration retryIn) {
            index.update(item.ticket().position(), EventStatus.FAILED, attempt, target + ": " + reason);
            listener.failed(item.original(), new DeliveryFailedException(target + ": " + reason), true);
        }

        @Override
        public void deadLettered(Item item, String target, int attempts, String reason) {
            deadLetter(item, target, attempts, reason);
            listener.deadLettered(item.original(), target);
            index.update(item.ticket().position(), EventStatus.FAILED, attempts, target + ": " + reason);
        }

        @Override
        public void settled(Item item, boolean delivered, int maxAttempts) {
            settle(item, delivered, maxAttempts);
        }
    }

    /** Why a delivery failed, for listeners that take a Throwable. */
    public static final class DeliveryFailedException extends Exception {
        public DeliveryFailedException(String message) {
            super(message, null, false, false);
        }
    }
}
