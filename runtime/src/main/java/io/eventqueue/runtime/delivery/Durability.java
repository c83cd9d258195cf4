package io.eventqueue.runtime.delivery;

import io.eventqueue.runtime.EventQueueRuntime;
import io.eventqueue.runtime.config.RuntimeConfig;
import io.eventqueue.runtime.event.EventTypeRegistry;
import io.eventqueue.runtime.event.EventValidator;
import io.eventqueue.runtime.http.DeadLetterService;
import io.eventqueue.runtime.http.EventReadsService;
import io.eventqueue.runtime.observe.EventQueueMetrics;
import io.eventqueue.runtime.store.DeadLetterStore;
import io.eventqueue.runtime.store.DedupWindow;
import io.eventqueue.runtime.store.DocumentArena;
import io.eventqueue.runtime.store.EventCodec;
import io.eventqueue.runtime.store.EventStream;
import io.eventqueue.runtime.store.FsyncPolicy;
import io.eventqueue.runtime.store.Journal;
import io.eventqueue.runtime.store.JournalOptions;
import io.eventqueue.runtime.store.RecentEvents;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Wires journal, dedup, retries, dead letters, the read index and the live stream into the runtime through the
 * builder's extension points: admission (journal before 202), consumer (retries, DLQ, acks), start task (replay
 * before readiness), API routes, stats and metrics, and shutdown.
 */
public final class Durability {
    private static final System.Logger LOG = System.getLogger(Durability.class.getName());
    private static final Duration REPLAY_POLL = Duration.ofMillis(5);
    private static final Duration STREAM_KEEP_ALIVE = Duration.ofSeconds(10);

    private final RuntimeConfig config;
    private final Journal journal;
    private final DeadLetterStore deadLetters;
    private final DedupWindow dedup;
    private final RecentEvents index;
    private final DocumentArena documents;
    private final EventStream stream;
    private final EventCodec codec;
    private final ScheduledExecutorService scheduler;
    private volatile DurableAdmission admission;
    private volatile ReliableDelivery delivery;

    private Durability(RuntimeConfig config, Clock clock) throws IOException {
        this.config = config;
        RuntimeConfig.Retention r = config.retention();
        this.codec = new EventCodec(new EventValidator(EventTypeRegistry.discover(), config.queue().maxEventBytes()));
        if (config.durability() == RuntimeConfig.Durability.JOURNAL) {
            RuntimeConfig.Journal j = config.journal();
            FsyncPolicy fsync = FsyncPolicy.parse(j.fsync().toString());
            this.journal = Journal.open(JournalOptions.of(config.dataDir().resolve("journal"), fsync, j.fsyncInterval(),
                    j.maxBytes()));
            // The dead-letter store evicts at dlq.max-bytes; its journal gets room for segments awaiting deletion.
            long dlqDisk = Math.max(4L * r.dlqMaxBytes(), 4L << 20);
            this.deadLetters = DeadLetterStore.open(JournalOptions.of(config.dataDir().resolve("dlq"), fsync,
                    j.fsyncInterval(), dlqDisk), r.dlqMaxEntries(), r.dlqMaxBytes());
            journal.recoveryProblems().forEach(p -> LOG.log(System.Logger.Level.WARNING, p));
        } else {
            this.journal = null;
            this.deadLetters = DeadLetterStore.inMemory(r.dlqMaxEntries(), r.dlqMaxBytes());
        }
        this.dedup = new DedupWindow(r.dedupWindow(), r.dedupMaxEntries(), clock);
        this.index = new RecentEvents(r.readsMaxEvents(), r.readsMaxBytes(), r.readsWindow(), clock);
        this.documents = new DocumentArena(r.readsMaxBytes());
        this.stream = new EventStream(r.streamReplay(), r.streamBuffer());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("delivery-scheduler").daemon(true).factory());
    }

    /** Opens the stores under {@code data-dir} and plugs everything into {@code builder}. */
    public static Durability install(EventQueueRuntime.Builder builder, RuntimeConfig config, Clock clock) throws IOException {
        Durability d = new Durability(config, clock);
        RuntimeConfig.Delivery del = config.delivery();
        RetryPolicy policy = new RetryPolicy(del.maxAttempts(), del.backoffBase(), del.backoffMax());
        builder.admission(queue -> d.admission = new DurableAdmission(queue, d.journal, d.codec, d.dedup, d.index, d.documents))
                .consumerFactory(c -> d.delivery = new ReliableDelivery(event -> d.admission.ticket(event), c.processors(), c.sinks(), d.journal,
                        d.deadLetters, d.index, d.stream, d.codec, c.listener(), policy, d.scheduler,
                        new Random(), c.clock(), config.shutdown().drainTimeout()))
                .onStart(d::replay)
                .addApiRoutes(api -> {
                    api.routing().register(new EventReadsService(api.auth(), d.index, d.stream, STREAM_KEEP_ALIVE));
                    EventReadsService.declare(api.routes());
                    api.routing().register(new DeadLetterService(api.auth(), d.deadLetters, d.admission, d.codec));
                    DeadLetterService.declare(api.routes());
                })
                .eventLogReachable(() -> d.journal == null || d.journal.writable())
                .addStatsSection("durability", d::stats)
                .storeGauges(new EventQueueMetrics.StoreGauges(() -> d.deadLetters.size(),
                        () -> d.journal == null ? 0 : d.journal.usedBytes(),
                        () -> d.journal == null ? 0 : d.journal.liveEntries()))
                .onStop(d::close);
        return d;
    }

    public DeadLetterStore deadLetters() {
        return deadLetters;
    }

    /** Puts every accepted-but-unacked journal entry back in the queue, oldest first. */
    private void replay() throws IOException, InterruptedException {
        if (journal == null || journal.recoveredCount() == 0) {
            return;
        }
        long started = System.nanoTime();
        int unreadable = admission.replay(REPLAY_POLL, LOG);
        LOG.log(System.Logger.Level.INFO, "journal replay: " + (journal.recoveredCount() - unreadable)
                + " events re-queued in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + "ms"
                + (unreadable > 0 ? ", " + unreadable + " unreadable entries dropped" : ""));
    }

    private Map<String, Object> stats() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", config.durability().toString());
        if (journal != null) {
            out.put("journal_bytes", journal.usedBytes());
            out.put("journal_max_bytes", journal.maxBytes());
            out.put("journal_unacked", journal.liveEntries());
        }
        out.put("dead_lettered", (long) deadLetters.size());
        out.put("dead_letter_max_entries", (long) deadLetters.maxEntries());
        out.put("dead_letters_evicted", deadLetters.evicted());
        out.put("retrying", (long) (delivery == null ? 0 : delivery.dispatcher().unsettled()));
        out.put("dedup_entries", (long) dedup.size());
        out.put("stream_subscribers", (long) stream.subscriberCount());
        return out;
    }

    private void close() {
        stream.closeAll("the server is shutting down; reconnect with Last-Event-ID to resume");
        scheduler.shutdownNow();
        if (journal != null) {
            journal.close();
        }
        deadLetters.close();
    }
}
