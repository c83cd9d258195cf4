package io.eventqueue.runtime;

import io.eventqueue.runtime.admission.BoundedEventQueue;
import io.eventqueue.runtime.admission.DedupWindow;
import io.eventqueue.runtime.admission.EventAdmission;
import io.eventqueue.runtime.admission.LogAdmission;
import io.eventqueue.runtime.admission.TracedAdmission;
import io.eventqueue.runtime.config.RuntimeConfig;
import io.eventqueue.runtime.delivery.DeadLetterStore;
import io.eventqueue.runtime.delivery.EventDelivery;
import io.eventqueue.runtime.delivery.ObservedConsumer;
import io.eventqueue.runtime.delivery.Subscriptions;
import io.eventqueue.runtime.delivery.WorkerPool;
import io.eventqueue.runtime.event.EventValidator;
import io.eventqueue.runtime.log.DocumentArena;
import io.eventqueue.runtime.log.EventCodec;
import io.eventqueue.runtime.log.EventLog;
import io.eventqueue.runtime.log.MemoryLog;
import io.eventqueue.runtime.log.journal.Journal;
import io.eventqueue.runtime.log.journal.JournalLog;
import io.eventqueue.runtime.log.journal.JournalOptions;
import io.eventqueue.runtime.observe.EventSpans;
import io.eventqueue.runtime.observe.PipelineListener;
import io.eventqueue.runtime.process.ProcessorRegistry;
import io.eventqueue.runtime.reads.EventStream;
import io.eventqueue.runtime.reads.RecentEvents;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * admission → event log → delivery for the configured {@code durability} mode, and the reads beside them (recent
 * events, live stream, dead letters). The only place that knows which {@link EventLog} runs: every other component
 * works the same in every mode.
 */
final class Pipeline {
    private static final System.Logger LOG = System.getLogger(Pipeline.class.getName());
    private static final Duration REPLAY_POLL = Duration.ofMillis(5);

    /** The event log and the dead-letter store of one durability mode. */
    private record Stores(EventLog log, DeadLetterStore deadLetters) {
    }

    private final EventLog log;
    private final DeadLetterStore deadLetters;
    private final DedupWindow dedup;
    private final RecentEvents index;
    private final EventStream stream;
    private final BoundedEventQueue queue;
    private final LogAdmission admission;
    private final EventAdmission api;
    private final EventDelivery delivery;
    private final WorkerPool workers;
    private final EventCodec codec;

    Pipeline(RuntimeConfig config, EventValidator validator, PipelineListener listener, EventSpans spans, Clock clock)
            throws IOException {
        RuntimeConfig.Retention r = config.retention();
        RuntimeConfig.Queue q = config.queue();
        codec = new EventCodec(validator);
        DocumentArena documents = new DocumentArena(r.readsMaxBytes());
        Stores stores = stores(config, codec, documents);
        log = stores.log();
        deadLetters = stores.deadLetters();
        dedup = new DedupWindow(r.dedupWindow(), r.dedupMaxEntries(), clock);
        index = new RecentEvents(r.readsMaxEvents(), r.readsMaxBytes(), r.readsWindow(), clock);
        stream = new EventStream(r.streamReplay(), r.streamBuffer());
        queue = new BoundedEventQueue(q.capacity(), q.maxBytes());
        admission = new LogAdmission(queue, log, dedup, index);
        // With tracing off the API gets the admission itself, so untraced admission costs nothing.
        api = spans.enabled() ? new TracedAdmission(admission, spans) : admission;
        delivery = new EventDelivery(Subscriptions.fromConfig(config, spans), ProcessorRegistry.discover(), log,
                deadLetters, codec, index, stream, listener, clock);
        workers = new WorkerPool(queue, new ObservedConsumer(delivery, spans), q.workers());
    }

    private static Stores stores(RuntimeConfig config, EventCodec codec, DocumentArena documents) throws IOException {
        RuntimeConfig.Retention r = config.retention();
        return switch (config.durability()) {
            case MEMORY -> new Stores(new MemoryLog(), DeadLetterStore.inMemory(r.dlqMaxEntries(), r.dlqMaxBytes()));
            case JOURNAL -> {
                RuntimeConfig.JournalSettings j = config.journal();
                Path dir = config.dataDir();
                Journal journal = Journal.open(JournalOptions.of(dir.resolve("journal"), j.fsync(), j.fsyncInterval(),
                        j.maxBytes()));
                // The dead-letter store evicts at dlq.max-bytes; its journal gets room for segments awaiting deletion.
                long dlqDisk = Math.max(4L * r.dlqMaxBytes(), 4L << 20);
                DeadLetterStore deadLetters = DeadLetterStore.open(JournalOptions.of(dir.resolve("dlq"), j.fsync(),
                        j.fsyncInterval(), dlqDisk), r.dlqMaxEntries(), r.dlqMaxBytes());
                yield new Stores(new JournalLog(journal, codec, documents), deadLetters);
            }
        };
    }

    /** Starts the workers, then puts back what the log recovered (before readiness: nothing is lost or skipped). */
    void start() throws IOException, InterruptedException {
        workers.start();
        long started = System.nanoTime();
        long before = log.unacked();
        int unreadable = admission.replay(REPLAY_POLL);
        if (before > 0) {
            LOG.log(System.Logger.Level.INFO, "journal replay: " + (before - unreadable) + " events re-queued in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + "ms"
                    + (unreadable > 0 ? ", " + unreadable + " unreadable entries dropped" : ""));
        }
    }

    /** What the protocol adapters offer events to. */
    EventAdmission admission() {
        return api;
    }

    /** Admission for dead-letter replays (keeps attempts, no dedup). */
    LogAdmission replays() {
        return admission;
    }

    BoundedEventQueue queue() {
        return queue;
    }

    WorkerPool workers() {
        return workers;
    }

    EventLog log() {
        return log;
    }

    DeadLetterStore deadLetters() {
        return deadLetters;
    }

    RecentEvents index() {
        return index;
    }

    EventStream stream() {
        return stream;
    }

    EventCodec codec() {
        return codec;
    }

    /** {@code result.durability} of {@code GET /v1/stats}. */
    Map<String, Object> stats() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", log.mode());
        out.putAll(log.stats());
        out.put("dead_lettered", (long) deadLetters.size());
        out.put("dead_letter_max_entries", (long) deadLetters.maxEntries());
        out.put("dead_letters_evicted", deadLetters.evicted());
        out.put("retrying", (long) delivery.unsettled());
        out.put("dedup_entries", (long) dedup.size());
        out.put("stream_subscribers", (long) stream.subscriberCount());
        return out;
    }

    /** For a runtime that never started: closes delivery (its sinks and scheduler), then as {@link #close}. */
    void closeUnstarted() {
        delivery.close();
        close();
    }

    /** After the workers stopped (and closed delivery): ends the live streams, closes the log and the dead letters. */
    void close() {
        stream.closeAll("the server is shutting down; reconnect with Last-Event-ID to resume");
        log.close();
        deadLetters.close();
    }
}
