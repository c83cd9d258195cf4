package io.eventqueue.runtime.http;

import io.eventqueue.runtime.config.Durations;
import com.fasterxml.jackson.core.JsonGenerator;
import io.eventqueue.runtime.config.Roles;
import io.eventqueue.runtime.reads.EventStatus;
import io.eventqueue.runtime.reads.EventStream;
import io.eventqueue.runtime.reads.RecentEvents;
import io.eventqueue.runtime.reads.TrackedEvent;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code GET /v1/events} (recent events, filters, cursor pages, newest first), {@code GET /v1/events/{id}}, and
 * {@code GET /v1/events/stream} (Server-Sent Events of processed events, resumable with {@code Last-Event-ID}).
 * All need the reader role.
 */
public final class EventReadsService implements ApiService {
    public static final String LIST = "/v1/events";
    public static final String ONE = "/v1/events/{id}";
    public static final String STREAM = "/v1/events/stream";
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final BearerAuthenticator auth;
    private final RecentEvents index;
    private final EventStream stream;
    private final Duration keepAlive;
    /** Distinguishes this run's stream ids from an earlier run's. */
    private final long epoch = System.currentTimeMillis();

    public EventReadsService(BearerAuthenticator auth, RecentEvents index, EventStream stream, Duration keepAlive) {
        this.auth = auth;
        this.index = index;
        this.stream = stream;
        this.keepAlive = keepAlive;
    }

    @Override
    public void routes(ApiRoutes routes) {
        routes.get(LIST, this::list)
                .get(STREAM, this::stream)
                .get(ONE, this::one);
    }


    private void list(ServerRequest req, ServerResponse res) {
        auth.authenticate(req, Roles.READER);
        RecentEvents.Query query = query(req, true);
        int limit = PageLimit.of(req, DEFAULT_LIMIT, MAX_LIMIT);
        RecentEvents.Page page = PageCursor.read(req, cursor -> index.query(query, cursor, limit));
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(Json.write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("result");
            g.writeArrayFieldStart("items");
            for (TrackedEvent e : page.items()) {
                byte[] document = e.document().bytes();
                if (document != null) { // null: it fell out of the index just now
                    writeEvent(g, e, document);
                }
            }
            g.writeEndArray();
            if (page.nextCursor() != null) {
                g.writeStringField("next_cursor", page.nextCursor());
            }
            writeRetention(g);
            g.writeEndObject();
            g.writeEndObject();
        }));
    }

    private void one(ServerRequest req, ServerResponse res) {
        auth.authenticate(req, Roles.READER);
        String id = req.path().pathParameters().get("id");
        String type = bounded(req, "type");
        String source = bounded(req, "source");
        List<TrackedEvent> found = index.matching(id).stream()
                .filter(e -> (type == null || e.type().equals(type)) && (source == null || e.source().equals(source)))
                .toList();
        if (found.size() > 1) {
            throw new ProblemException(ProblemType.AMBIGUOUS_EVENT_ID, found.size() + " recent events have the id '" + id
                    + "' (ids are unique per source and type): add ?type= and/or ?source= to choose one")
                    .with("matches", found.stream().map(e -> Map.of("type", e.type(), "source", e.source())).toList());
        }
        byte[] document = found.isEmpty() ? null : found.getFirst().document().bytes();
        if (document == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "event '" + id + "' is not among the recent events (the index "
                    + "keeps the last " + index.maxEvents() + " events received within " + Durations.format(index.window()) + ")");
        }
        TrackedEvent e = found.getFirst();
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(Json.write(g -> {
            g.writeStartObject();
            g.writeFieldName("result");
            writeEvent(g, e, document);
            g.writeEndObject();
        }));
    }

    private void stream(ServerRequest req, ServerResponse res) {
        auth.authenticate(req, Roles.READER);
        RecentEvents.Query query = query(req, false);
        Predicate<EventStream.StreamItem> filter = item -> (query.type() == null || query.type().equals(item.type()))
                && (query.source() == null || query.source().equals(item.source()));
        Optional<long[]> resume = lastEventId(req);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header("X-Accel-Buffering", "no");
        try (EventStream.Subscriber subscription = resume.isEmpty() ? stream.subscribe(filter, -1)
                : resume.get()[0] == epoch ? stream.subscribe(filter, resume.get()[1])
                : stream.subscribeAfterRestart(filter)) {
            streamTo(subscription, res);
        }
    }

    private void streamTo(EventStream.Subscriber subscription, ServerResponse res) {
        try (OutputStream out = res.outputStream()) {
            write(out, "retry: 2000\n\n");
            while (true) {
                EventStream.Signal signal = subscription.next(keepAlive.toMillis());
                switch (signal) {
                    case null -> write(out, ": keep-alive\n\n");
                    case EventStream.Next next -> {
                        byte[] json = next.item().json();
                        if (json == null) {
                            // Its document was written over while this client lagged: it resumes (and learns of the gap)
                            // by reconnecting, as after any close.
                            write(out, "event: close\ndata: " + closeData(new EventStream.Closed(
                                    "fell behind: events were dropped", subscription.lastDelivered())) + "\n\n");
                            return;
                        }
                        out.write(("id: " + sseId(next.item().id()) + "\nevent: event\ndata: ").getBytes(StandardCharsets.UTF_8));
                        out.write(json);
                        write(out, "\n\n");
                    }
                    case EventStream.Gap gap -> write(out, "event: gap\ndata: " + gapData(gap) + "\n\n");
                    case EventStream.Closed closed -> {
                        write(out, "event: close\ndata: " + closeData(closed) + "\n\n");
                        return;
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // The client went away; the subscription is closed by try-with-resources.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String gapData(EventStream.Gap gap) {
        return new String(Json.write(g -> {
            g.writeStartObject();
            if (gap.afterId() < 0) {
                g.writeStringField("reason", "the server restarted since your Last-Event-ID; earlier events may be missing");
            } else {
                g.writeStringField("reason", "events after your Last-Event-ID are no longer kept");
                g.writeStringField("after", sseId(gap.afterId()));
            }
            g.writeStringField("resumed_from", sseId(gap.resumedFrom()));
            g.writeEndObject();
        }), StandardCharsets.UTF_8);
    }

    private String closeData(EventStream.Closed closed) {
        return new String(Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("reason", closed.reason());
            if (closed.lastDeliveredId() >= 0) {
                g.writeStringField("last_event_id", sseId(closed.lastDeliveredId()));
            }
            g.writeEndObject();
        }), StandardCharsets.UTF_8);
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** SSE ids are {@code <epoch>-<sequence>}: the epoch tells ids of this run from those of an earlier one. */
    private String sseId(long sequence) {
        return epoch + "-" + sequence;
    }

    /** @return {epoch, sequence} from {@code Last-Event-ID} (or {@code ?last_event_id=}), empty when absent */
    private static Optional<long[]> lastEventId(ServerRequest req) {
        Optional<String> raw = req.headers().first(HeaderNames.create("Last-Event-ID"))
                .or(() -> req.query().first("last_event_id").asOptional());
        if (raw.isEmpty() || raw.get().isBlank()) {
            return Optional.empty();
        }
        String v = raw.get().strip();
        int dash = v.indexOf('-');
        try {
            long epoch = Long.parseLong(v.substring(0, Math.max(dash, 0)));
            long sequence = Long.parseLong(v.substring(dash + 1));
            if (dash < 1 || epoch < 0 || sequence < 0) {
                throw new NumberFormatException();
            }
            return Optional.of(new long[] {epoch, sequence});
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "Last-Event-ID: must be an id this stream sent");
        }
    }

    private static RecentEvents.Query query(ServerRequest req, boolean withStatus) {
        String type = bounded(req, "type");
        String source = bounded(req, "source");
        Instant since = null;
        Optional<String> rawSince = req.query().first("since").asOptional();
        if (rawSince.isPresent()) {
            try {
                since = OffsetDateTime.parse(rawSince.get()).toInstant();
            } catch (DateTimeParseException e) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "since: must be an RFC 3339 timestamp such as 2026-01-02T03:04:05Z");
            }
        }
        EventStatus status = null;
        Optional<String> rawStatus = req.query().first("status").asOptional();
        if (withStatus && rawStatus.isPresent()) {
            try {
                status = EventStatus.parse(rawStatus.get());
            } catch (IllegalArgumentException e) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "status: " + e.getMessage());
            }
        }
        return new RecentEvents.Query(type, source, since, status);
    }

    private static String bounded(ServerRequest req, String name) {
        String v = req.query().first(name).asOptional().orElse(null);
        if (v != null && (v.isEmpty() || v.length() > 1024)) {
            throw new ProblemException(ProblemType.BAD_REQUEST, name + ": must be 1 to 1024 characters");
        }
        return v;
    }

    private void writeRetention(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("retention");
        g.writeNumberField("max_events", index.maxEvents());
        g.writeStringField("window", Durations.format(index.window()));
        g.writeStringField("note", "only recent events are kept; older ones are not listed");
        g.writeEndObject();
    }

    private static void writeEvent(JsonGenerator g, TrackedEvent e, byte[] document) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", e.id());
        g.writeStringField("type", e.type());
        g.writeStringField("source", e.source());
        g.writeStringField("status", e.status().wire());
        g.writeNumberField("attempts", e.attempts());
        g.writeStringField("received_at", e.receivedAt().toString());
        g.writeStringField("updated_at", e.updatedAt().toString());
        if (e.lastError() != null) {
            g.writeStringField("last_error", e.lastError());
        }
        g.writeFieldName("event");
        g.writeRawValue(new String(document, StandardCharsets.UTF_8));
        g.writeEndObject();
    }
}
