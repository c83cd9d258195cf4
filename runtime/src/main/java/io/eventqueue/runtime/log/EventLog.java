package io.eventqueue.runtime.log;

import io.eventqueue.runtime.event.Event;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where an admitted event lives until every subscription has it: admission appends before answering 2xx, delivery
 * acks once every subscription is done, and at start the log hands back what was appended and never acked. One
 * implementation per {@code durability} mode; the rest of the pipeline never asks which one it has.
 */
public interface EventLog extends AutoCloseable {

    /** An appended event: its position (what acking takes) and its document as reads show it. */
    record Appended(long position, Document document) {
    }

    /** Receives what a previous process appended and never acked, oldest first. */
    @FunctionalInterface
    interface Recovered {
        /** @return false to stop (shutting down): the rest stays in the log for the next start */
        boolean recovered(long position, Event event) throws InterruptedException;
    }

    /**
     * A delivery retry the log keeps: the one delivery target still due, and the attempts made so far (in all, and
     * in the current round of {@code delivery.max-attempts}; a dead-letter replay starts a new round).
     */
    record Retry(String target, int attemptsSoFar, int roundSoFar) {
    }

    /** Takes events the log hands to this process's delivery while it runs (the Kafka consumer group's share). */
    @FunctionalInterface
    interface Feed {
        /**
         * @param retry a retry the log kept and now hands back (its target and attempts); empty for a first delivery
         * @return false when there is no room now: the log offers the event again later, in order
         */
        boolean offer(long position, Event event, Optional<Retry> retry);
    }

    /** The {@code durability} value this log implements, as {@code /v1/stats} shows it. */
    String mode();

    /**
     * Stores the events as one commit and returns where each one is, in order. Returns once they are as safe as
     * the mode promises (written under the fsync policy for the journal).
     *
     * @throws LogFullException        when they do not fit under the log's bound; none of them was stored
     * @throws LogUnavailableException when the log could not store them in time; some may have been stored
     */
    List<Appended> append(List<Event> events) throws LogFullException, LogUnavailableException;

    /** Every subscription has these events: the log may forget them. Asynchronous; a lost ack is a redelivery. */
    void ack(long... positions);

    /**
     * Hands back what was appended and not acked before this process started (call once, before readiness).
     *
     * @return how many entries could not be read back any more (acked and logged, never handed out)
     */
    int recover(Recovered recovery) throws IOException, InterruptedException;

    /**
     * Whether delivery takes its events from the log's {@link #startFeed feed} rather than from what this process
     * appended: true for Kafka, where the consumer group decides which pod delivers an event; admission then answers
     * once the append returned and queues nothing itself.
     */
    boolean feedsDelivery();

    /** Starts handing events to delivery when {@link #feedsDelivery()}; a local log has nothing to start. */
    void startFeed(Feed feed);

    /**
     * Offers the log a failed delivery's next attempt, to be fed back to delivery no earlier than {@code notBefore},
     * so the event need not wait in memory (and, for Kafka, hold back its partition's commit). Once this returned
     * true the retry is as safe as the event was, and the event may be acked.
     *
     * @param retry the target that failed and the attempts made so far
     * @return false when delivery keeps the retry in memory: a local log keeps no retries, the attempts are still the
     * quick in-memory ones, or the log could not store it in time
     */
    boolean keepRetry(Event event, Retry retry, Instant notBefore, String reason);

    /** Whether events not yet acked are delivered again after a restart; if not, shutdown waits for retries. */
    boolean redeliversAfterRestart();

    /** Whether the log can take appends now; readiness is false while it cannot. */
    boolean reachable();

    /** Bytes the log holds (for the journal: segment files on disk). */
    long usedBytes();

    /** Events appended or recovered and not yet acked. */
    long unacked();

    /** Mode-specific figures for {@code /v1/stats} ({@code result.durability}). */
    Map<String, Object> stats();

    /** Writes what is pending and releases the log; called after delivery stopped. */
    @Override
    void close();
}
