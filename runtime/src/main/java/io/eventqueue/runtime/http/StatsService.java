package io.eventqueue.runtime.http;

import io.eventqueue.runtime.config.Roles;
import io.eventqueue.runtime.event.EventTypeRegistry;
import io.eventqueue.runtime.observe.RejectReason;
import io.eventqueue.runtime.observe.RuntimeStats;
import io.eventqueue.runtime.admission.BoundedEventQueue;
import io.eventqueue.runtime.delivery.WorkerPool;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** {@code GET /v1/stats}: queue, counters, per-type counts, workers, uptime. Open by default, as in the Go Event Queue API. */
public final class StatsService implements ApiService {
    public static final String STATS = "/v1/stats";

    private final RuntimeStats stats;
    private final BoundedEventQueue queue;
    private final WorkerPool workers;
    private final EventTypeRegistry types;
    private final BearerAuthenticator auth;
    private final boolean requireReader;
    private final Clock clock;
    private final Instant startedAt;
    private Map<String, Supplier<Map<String, Object>>> sections = Map.of();

    public StatsService(RuntimeStats stats, BoundedEventQueue queue, WorkerPool workers, EventTypeRegistry types,
                        BearerAuthenticator auth, boolean requireReader, Clock clock) {
        this.stats = stats;
        this.queue = queue;
        this.workers = workers;
        this.types = types;
        this.auth = auth;
        this.requireReader = requireReader;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** Extra objects under {@code result} (e.g. {@code dead_letters}), computed per request. */
    public StatsService sections(Map<String, Supplier<Map<String, Object>>> sections) {
        this.sections = Map.copyOf(sections);
        return this;
    }

    @Override
    public void routes(ApiRoutes routes) {
        routes.get(STATS, this::get);
    }


    private void get(ServerRequest req, ServerResponse res) {
        if (requireReader) {
            auth.authenticate(req, Roles.READER);
        }
        Map<String, RuntimeStats.TypeCounters> perType = new TreeMap<>();
        types.names().forEach(n -> perType.put(n, null));
        perType.putAll(stats.perType());
        Map<RejectReason, Long> rejected = stats.rejected();
        double uptime = Duration.between(startedAt, clock.instant()).toMillis() / 1000.0;
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.header(HeaderValues.CACHE_NO_CACHE);
        res.send(Json.write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("result");
            g.writeObjectFieldStart("queue");
            g.writeNumberField("capacity", queue.capacity());
            g.writeNumberField("depth", queue.depth());
            g.writeNumberField("bytes", queue.bytes());
            g.writeNumberField("max_bytes", queue.maxBytes());
            g.writeBooleanField("accepting", !queue.isClosed());
            g.writeEndObject();
            g.writeNumberField("accepted", stats.accepted());
            g.writeNumberField("processed", stats.processed());
            g.writeNumberField("failed", stats.failed());
            g.writeObjectFieldStart("rejected");
            g.writeNumberField("total", stats.rejectedTotal());
            for (Map.Entry<RejectReason, Long> e : rejected.entrySet()) {
                g.writeNumberField(e.getKey().key(), e.getValue());
            }
            g.writeEndObject();
            g.writeObjectFieldStart("types");
            for (Map.Entry<String, RuntimeStats.TypeCounters> e : perType.entrySet()) {
                RuntimeStats.TypeCounters c = e.getValue();
                g.writeObjectFieldStart(e.getKey());
                g.writeNumberField("accepted", c == null ? 0 : c.accepted());
                g.writeNumberField("processed", c == null ? 0 : c.processed());
                g.writeNumberField("failed", c == null ? 0 : c.failed());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeObjectFieldStart("workers");
            g.writeNumberField("busy", workers.busy());
            g.writeNumberField("total", workers.size());
            g.writeEndObject();
            for (Map.Entry<String, Supplier<Map<String, Object>>> e : sections.entrySet()) {
                g.writeFieldName(e.getKey());
                Json.value(g, e.getValue().get());
            }
            g.writeNumberField("uptime_seconds", uptime);
            g.writeEndObject();
            g.writeEndObject();
        }));
    }
}
