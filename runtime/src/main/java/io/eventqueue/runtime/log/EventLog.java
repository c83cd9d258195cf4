package io.eventqueue.runtime.log;

import io.eventqueue.runtime.event.Event;

import java.io.IOException;
import java.util.List;
import java.util.Map;

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

    /** The {@code durability} value this log implements, as {@code /v1/stats} shows it. */
    String mode();

    /**
     * Stores the events as one commit and returns where each one is, in order. Returns once they are as safe as
     * the mode promises (written under the fsync policy for the journal).
     *
     * @throws LogFullException when they do not fit under the log's bound; none of them was stored
     */
    List<Appended> append(List<Event> events) throws LogFullException;

    /** Every subscription has these events: the log may forget them. Asynchronous; a lost ack is a redelivery. */
    void ack(long... positions);

    /**
     * Hands back what was appended and not acked before this process started (call once, before readiness).
     *
     * @return how many entries could not be read back any more (acked and logged, never handed out)
     */
    int recover(Recovered recovery) throws IOException, InterruptedException;

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
