package io.eventqueue.runtime.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.eventqueue.runtime.config.Roles;
import io.eventqueue.runtime.admission.LogAdmission;
import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.event.EventRejectedException;
import io.eventqueue.runtime.event.JsonEventReader;
import io.eventqueue.runtime.admission.Admission;
import io.eventqueue.runtime.delivery.DeadLetter;
import io.eventqueue.runtime.delivery.DeadLetterStore;
import io.eventqueue.runtime.log.EventCodec;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /v1/dlq} (dead letters, oldest first, cursor pages) and {@code POST /v1/dlq/replay} (all, or
 * {@code {"ids":[…]}}): a replayed event keeps its id, goes to the sink that failed it, and keeps counting
 * attempts. Admin role.
 */
public final class DeadLetterService implements ApiService {
    public static final String LIST = "/v1/dlq";
    public static final String REPLAY = "/v1/dlq/replay";
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    static final int MAX_IDS = 10_000;
    private static final long MAX_BODY_BYTES = 1 << 20;

    private final BearerAuthenticator auth;
    private final DeadLetterStore store;
    private final LogAdmission admission;
    private final EventCodec codec;

    public DeadLetterService(BearerAuthenticator auth, DeadLetterStore store, LogAdmission admission, EventCodec codec) {
        this.auth = auth;
        this.store = store;
        this.admission = admission;
        this.codec = codec;
    }

    @Override
    public void routes(ApiRoutes routes) {
        routes.get(LIST, this::list).post(REPLAY, this::replay);
    }


    private void list(ServerRequest req, ServerResponse res) {
        auth.authenticate(req, Roles.ADMIN);
        int limit = PageLimit.of(req, DEFAULT_LIMIT, MAX_LIMIT);
        DeadLetterStore.LetterPage page = PageCursor.read(req, cursor -> store.list(cursor, limit));
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(Json.write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("result");
            g.writeArrayFieldStart("items");
            for (DeadLetterStore.Stored s : page.items()) {
                writeLetter(g, s.letter());
            }
            g.writeEndArray();
            if (page.nextCursor() != null) {
                g.writeStringField("next_cursor", page.nextCursor());
            }
            g.writeNumberField("total", page.total());
            g.writeNumberField("max_entries", store.maxEntries());
            g.writeNumberField("evicted", store.evicted());
            g.writeEndObject();
            g.writeEndObject();
        }));
    }

    private void replay(ServerRequest req, ServerResponse res) {
        auth.authenticate(req, Roles.ADMIN);
        Set<String> ids = requestedIds(RequestBodies.read(req, MAX_BODY_BYTES));
        List<DeadLetterStore.Stored> selected = store.select(ids);
        Set<String> notFound = new LinkedHashSet<>(ids);
        selected.forEach(s -> notFound.remove(s.letter().eventId()));
        int replayed = 0;
        int unreadable = 0;
        Admission refusal = null;
        for (DeadLetterStore.Stored s : selected) {
            Event event;
            try {
                event = codec.decode(s.letter().event());
            } catch (EventRejectedException e) {
                unreadable++;
                continue;
            }
            Admission admitted = admission.readmit(event, Set.of(s.letter().sink()), s.letter().attempts());
            if (admitted != Admission.ACCEPTED) {
                refusal = admitted;
                break;
            }
            store.remove(s.key());
            replayed++;
        }
        if (replayed == 0 && refusal != null) {
            throw new ProblemException(refusal == Admission.CLOSED ? ProblemType.SHUTTING_DOWN : ProblemType.QUEUE_FULL,
                    "nothing was replayed: " + refusal.name().toLowerCase().replace('_', ' ') + "; retry later")
                    .header("Retry-After", "1");
        }
        int done = replayed;
        int bad = unreadable;
        int remaining = store.size();
        String stoppedBecause = refusal == null ? null : refusal.name().toLowerCase().replace('_', ' ');
        res.status(Status.ACCEPTED_202);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(Json.write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("result");
            g.writeNumberField("replayed", done);
            g.writeNumberField("remaining", remaining);
            if (bad > 0) {
                g.writeNumberField("unreadable", bad);
            }
            if (stoppedBecause != null) {
                g.writeStringField("stopped", stoppedBecause + "; replay again to continue");
            }
            g.writeFieldName("not_found");
            Json.value(g, List.copyOf(notFound));
            g.writeEndObject();
            g.writeEndObject();
        }));
    }

    /** Empty body, {@code {}} or {@code {"ids":[]}} mean all. */
    private static Set<String> requestedIds(byte[] body) {
        if (body.length == 0) {
            return Set.of();
        }
        Object parsed;
        try {
            parsed = JsonEventReader.readValue(body);
        } catch (EventRejectedException e) {
            throw new ProblemException(ProblemType.MALFORMED_JSON, e.getMessage());
        }
        if (parsed == null) {
            return Set.of();
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "the body must be {\"ids\":[\"…\"]} or empty");
        }
        Object raw = map.get("ids");
        if (raw == null) {
            return Set.of();
        }
        if (!(raw instanceof List<?> list) || list.size() > MAX_IDS || !list.stream().allMatch(String.class::isInstance)) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "ids: must be an array of at most " + MAX_IDS + " strings");
        }
        Set<String> ids = new LinkedHashSet<>();
        list.forEach(v -> ids.add((String) v));
        return ids;
    }

    private void writeLetter(JsonGenerator g, DeadLetter letter) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", letter.eventId());
        g.writeStringField("subscription", letter.subscription());
        g.writeStringField("sink", letter.sink());
        g.writeNumberField("attempts", letter.attempts());
        g.writeStringField("reason", letter.reason());
        g.writeStringField("dead_at", letter.deadAt().toString());
        g.writeFieldName("event");
        byte[] doc;
        try {
            doc = EventCodec.publicJson(codec.decode(letter.event()));
        } catch (EventRejectedException e) {
            doc = letter.event();
        }
        g.writeRawValue(new String(doc, StandardCharsets.UTF_8));
        g.writeEndObject();
    }
}
