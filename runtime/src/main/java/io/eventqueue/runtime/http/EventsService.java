package io.eventqueue.runtime.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.eventqueue.runtime.auth.Principal;
import io.eventqueue.runtime.config.Roles;
import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.event.EventDecoder;
import io.eventqueue.runtime.event.EventRejectedException;
import io.eventqueue.runtime.event.EventTypeRegistry;
import io.eventqueue.runtime.observe.PipelineListener;
import io.eventqueue.runtime.observe.RejectReason;
import io.eventqueue.runtime.admission.Admission;
import io.eventqueue.runtime.admission.EventAdmission;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** {@code POST /v1/events}, {@code /v1/events/batch}, {@code /v1/events/validate}: auth → parse → validate → admission. */
public final class EventsService implements ApiService {
    public static final String EVENTS = "/v1/events";
    public static final String BATCH = "/v1/events/batch";
    public static final String VALIDATE = "/v1/events/validate";
    /** Where a client of the event gateway posts (its paths, same handlers). */
    public static final String GATEWAY_EVENTS = "/api/v1/events";
    public static final String GATEWAY_BATCH = "/api/v1/events/batch";
    public static final String GATEWAY_VALIDATE = "/api/v1/events/validate";
    private static final HeaderName CE_SPECVERSION = HeaderNames.create("ce-specversion");
    private static final byte[] QUEUED_PREFIX = "{\"result\":{\"id\":\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] QUEUED_SUFFIX = "\",\"status\":\"queued\"}}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DUPLICATE_SUFFIX = "\",\"status\":\"duplicate\",\"duplicate\":true}}"
            .getBytes(StandardCharsets.UTF_8);
    /** Seconds a client should wait after 503 queue-full before retrying. */
    static final String RETRY_AFTER_FULL = "1";
    static final String RETRY_AFTER_SHUTDOWN = "5";

    private final BearerAuthenticator auth;
    private final EventDecoder decoder;
    private final EventTypeRegistry types;
    private final EventAdmission admission;
    private final EventRequestGuard guard;
    private final PipelineListener listener;
    private final long maxBodyBytes;
    private final Clock clock;

    public EventsService(BearerAuthenticator auth, EventDecoder decoder, EventTypeRegistry types,
                         EventAdmission admission, EventRequestGuard guard, PipelineListener listener,
                         long maxBodyBytes, Clock clock) {
        this.auth = auth;
        this.decoder = decoder;
        this.types = types;
        this.admission = admission;
        this.guard = guard;
        this.listener = listener;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    @Override
    public void routes(ApiRoutes routes) {
        routes.post(EVENTS, this::postOne)
                .post(BATCH, this::postBatch)
                .post(VALIDATE, this::validate)
                .post(GATEWAY_EVENTS, this::postOne)
                .post(GATEWAY_BATCH, this::postBatch)
                .post(GATEWAY_VALIDATE, this::validate)
                // GET /v1/events/{id} would read these two as event ids; they are POST-only resources, so a GET
                // gets the 405 every other method gets (registered before the reads, these routes match first).
                .refuse(Method.GET, BATCH)
                .refuse(Method.GET, VALIDATE);
    }


    private void postOne(ServerRequest req, ServerResponse res) {
        Principal principal = authenticate(req);
        refuseWhenClosed();
        Event event = decodeOne(req, principal);
        guardEvents(req, principal, 1);
        Admission admitted = admission.offer(event);
        if (admitted == Admission.DUPLICATE) {
            res.status(Status.ACCEPTED_202);
            res.header(HeaderValues.CONTENT_TYPE_JSON);
            res.send(idBody(event.id(), DUPLICATE_SUFFIX));
            return;
        }
        if (admitted != Admission.ACCEPTED) {
            throw refused(admitted, event.type(), 1);
        }
        listener.accepted(event);
        res.status(Status.ACCEPTED_202);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(queuedBody(event.id()));
    }

    private void validate(ServerRequest req, ServerResponse res) {
        Principal principal = authenticate(req);
        Event event = decodeOne(req, principal);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(Json.write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("result");
            g.writeBooleanField("valid", true);
            g.writeStringField("id", event.id());
            g.writeStringField("type", event.type());
            g.writeStringField("source", event.source());
            g.writeEndObject();
            g.writeEndObject();
        }));
    }

    private void postBatch(ServerRequest req, ServerResponse res) {
        Principal principal = authenticate(req);
        refuseWhenClosed();
        boolean atomic = req.query().first("atomic").map("true"::equalsIgnoreCase).orElse(false);
        byte[] body = RequestBodies.read(req, maxBodyBytes);
        List<EventDecoder.Item> items;
        try {
            items = decoder.decodeBatch(req.headers().first(HeaderNames.CONTENT_TYPE).orElse(null), body,
                    defaultSource(principal), clock.instant());
        } catch (EventRejectedException e) {
            listener.rejected(reasonOf(e.reason()), null, 1);
            throw rejected(e);
        }
        List<ItemResult> results = new ArrayList<>(items.size());
        List<Event> valid = new ArrayList<>(items.size());
        int invalid = 0;
        for (EventDecoder.Item item : items) {
            if (item.accepted()) {
                valid.add(item.event());
            } else {
                invalid++;
                listener.rejected(reasonOf(item.error().reason()), null, 1);
            }
        }
        if (atomic && invalid > 0) {
            items.forEach(i -> results.add(result(i, i.accepted() ? "valid" : "rejected", null)));
            throw new ProblemException(ProblemType.VALIDATION_FAILED,
                    invalid + " of " + items.size() + " events are invalid; nothing was queued (atomic batch)")
                    .with("items", results);
        }
        if (!valid.isEmpty()) {
            guardEvents(req, principal, valid.size());
        }
        int queued = 0;
        int duplicates = 0;
        if (atomic) {
            Admission admitted = admission.offerAll(valid);
            if (admitted != Admission.ACCEPTED) {
                throw refused(admitted, null, valid.size());
            }
            valid.forEach(listener::accepted);
            items.forEach(i -> results.add(result(i, "queued", null)));
            queued = valid.size();
        } else {
            Admission lastRefusal = null;
            List<Admission> admissions = admission.offerEach(valid);
            int next = 0;
            for (EventDecoder.Item item : items) {
                if (!item.accepted()) {
                    results.add(result(item, "rejected", null));
                    continue;
                }
                Admission admitted = admissions.get(next++);
                if (admitted == Admission.DUPLICATE) {
                    results.add(result(item, "duplicate", null));
                    duplicates++;
                } else if (admitted == Admission.ACCEPTED) {
                    listener.accepted(item.event());
                    results.add(result(item, "queued", null));
                    queued++;
                } else {
                    lastRefusal = admitted;
                    ProblemException refusal = refused(admitted, item.event().type(), 1);
                    results.add(result(item, "rejected", refusal));
                }
            }
            if (queued == 0 && duplicates == 0) {
                ProblemException p = lastRefusal != null && invalid == 0
                        ? refused(lastRefusal, null, 0)
                        : new ProblemException(ProblemType.VALIDATION_FAILED, "no event of the batch was queued");
                throw p.with("items", results);
            }
        }
        int total = items.size();
        int accepted = queued;
        int repeated = duplicates;
        res.status(Status.ACCEPTED_202);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(Json.write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("result");
            g.writeNumberField("queued", accepted);
            g.writeNumberField("rejected", total - accepted - repeated);
            if (repeated > 0) {
                g.writeNumberField("duplicates", repeated);
            }
            g.writeArrayFieldStart("items");
            for (ItemResult r : results) {
                r.writeTo(g);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        }));
    }

    /** Authentication, then the guard (rate limits); refusals are counted in the stats. */
    private Principal authenticate(ServerRequest req) {
        Principal principal;
        try {
            principal = auth.authenticate(req, Roles.WRITER);
        } catch (ProblemException e) {
            listener.rejected(e.type() == ProblemType.FORBIDDEN ? RejectReason.FORBIDDEN : RejectReason.UNAUTHORIZED,
                    null, 1);
            throw e;
        }
        try {
            guard.check(req, principal);
        } catch (ProblemException e) {
            listener.rejected(e.type() == ProblemType.RATE_LIMITED ? RejectReason.RATE_LIMITED : RejectReason.FORBIDDEN,
                    null, 1);
            throw e;
        }
        return principal;
    }

    private void guardEvents(ServerRequest req, Principal principal, int events) {
        try {
            guard.checkEvents(req, principal, events);
        } catch (ProblemException e) {
            listener.rejected(e.type() == ProblemType.RATE_LIMITED ? RejectReason.RATE_LIMITED : RejectReason.FORBIDDEN,
                    null, events);
            throw e;
        }
    }

    private void refuseWhenClosed() {
        if (admission.isClosed()) {
            throw refused(Admission.CLOSED, null, 1);
        }
    }

    private Event decodeOne(ServerRequest req, Principal principal) {
        byte[] body = RequestBodies.read(req, maxBodyBytes);
        boolean binary = req.headers().contains(CE_SPECVERSION);
        try {
            return decoder.decodeOne(req.headers().first(HeaderNames.CONTENT_TYPE).orElse(null), binary,
                    sink -> req.headers().forEach(h -> sink.accept(h.headerName().lowerCase(), h.values())),
                    body, defaultSource(principal), clock.instant());
        } catch (EventRejectedException e) {
            listener.rejected(reasonOf(e.reason()), null, 1);
            throw rejected(e);
        }
    }

    /** Events sent without a source (as the Go Event Queue API's envelopes are) are attributed to the token's subject. */
    private static String defaultSource(Principal principal) {
        return "/clients/" + principal.subject();
    }

    private ProblemException rejected(EventRejectedException e) {
        return switch (e.reason()) {
            case MALFORMED -> new ProblemException(ProblemType.MALFORMED_JSON, e.getMessage());
            case INVALID -> new ProblemException(ProblemType.VALIDATION_FAILED, e.getMessage())
                    .with("errors", e.violations());
            case UNKNOWN_TYPE -> new ProblemException(ProblemType.UNKNOWN_EVENT_TYPE, e.getMessage())
                    .with("known_types", types.patterns());
            case TOO_LARGE -> new ProblemException(ProblemType.EVENT_TOO_LARGE, e.getMessage());
            case BATCH_TOO_LARGE -> new ProblemException(ProblemType.BATCH_TOO_LARGE, e.getMessage());
            case UNSUPPORTED_MEDIA_TYPE -> new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, e.getMessage());
        };
    }

    private static RejectReason reasonOf(EventRejectedException.Reason reason) {
        return switch (reason) {
            case MALFORMED -> RejectReason.MALFORMED;
            case INVALID -> RejectReason.INVALID;
            case UNKNOWN_TYPE -> RejectReason.UNKNOWN_TYPE;
            case TOO_LARGE, BATCH_TOO_LARGE -> RejectReason.TOO_LARGE;
            case UNSUPPORTED_MEDIA_TYPE -> RejectReason.UNSUPPORTED_MEDIA_TYPE;
        };
    }

    /** The 503 for a refused admission; counts the refusal. */
    private ProblemException refused(Admission admission, String type, int count) {
        if (admission == Admission.CLOSED) {
            listener.rejected(RejectReason.SHUTTING_DOWN, type, count);
            return new ProblemException(ProblemType.SHUTTING_DOWN, "the server is shutting down; retry on another instance")
                    .header("Retry-After", RETRY_AFTER_SHUTDOWN);
        }
        if (admission == Admission.JOURNAL_FULL) {
            listener.rejected(RejectReason.JOURNAL_FULL, type, count);
            return new ProblemException(ProblemType.JOURNAL_FULL, "the journal has reached journal.max-bytes while "
                    + "earlier events wait for delivery; retry later").header("Retry-After", RETRY_AFTER_FULL);
        }
        if (admission == Admission.LOG_UNAVAILABLE) {
            listener.rejected(RejectReason.LOG_UNAVAILABLE, type, count);
            return new ProblemException(ProblemType.LOG_UNAVAILABLE, "the event log (Kafka) did not acknowledge in "
                    + "time; retry later (an event may have been stored: retrying with the same id is safe)")
                    .header("Retry-After", RETRY_AFTER_FULL);
        }
        listener.rejected(RejectReason.QUEUE_FULL, type, count);
        String detail = admission == Admission.FULL_BYTES
                ? "the queue holds its maximum number of bytes; retry later"
                : "the queue is full; retry later";
        return new ProblemException(ProblemType.QUEUE_FULL, detail).header("Retry-After", RETRY_AFTER_FULL);
    }

    private ItemResult result(EventDecoder.Item item, String status, ProblemException refusal) {
        ProblemException problem = refusal != null ? refusal : item.accepted() ? null : rejected(item.error());
        return new ItemResult(item.index(), item.accepted() ? item.event().id() : null, status, problem);
    }

    /** One item of a batch answer, written straight to the generator: {@code index, id?, status, type?, detail?, errors?}. */
    private record ItemResult(int index, String id, String status, ProblemException problem) implements Json.Writable {
        @Override
        public void writeTo(JsonGenerator g) throws IOException {
            g.writeStartObject();
            g.writeNumberField("index", index);
            if (id != null) {
                g.writeStringField("id", id);
            }
            g.writeStringField("status", status);
            if (problem != null) {
                g.writeStringField("type", problem.type().uri());
                g.writeStringField("detail", problem.detail());
                Object errors = problem.extensions().get("errors");
                if (errors != null) {
                    g.writeFieldName("errors");
                    Json.value(g, errors);
                }
            }
            g.writeEndObject();
        }
    }

    private static byte[] queuedBody(String id) {
        return idBody(id, QUEUED_SUFFIX);
    }

    private static byte[] idBody(String id, byte[] suffix) {
        byte[] quoted = JsonStringEncoder.getInstance().quoteAsUTF8(id);
        byte[] out = new byte[QUEUED_PREFIX.length + quoted.length + suffix.length];
        System.arraycopy(QUEUED_PREFIX, 0, out, 0, QUEUED_PREFIX.length);
        System.arraycopy(quoted, 0, out, QUEUED_PREFIX.length, quoted.length);
        System.arraycopy(suffix, 0, out, QUEUED_PREFIX.length + quoted.length, suffix.length);
        return out;
    }
}
