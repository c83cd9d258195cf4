package io.eventqueue.runtime.http;


import io.helidon.http.Status;

/**
 * The stable problem types (RFC 9457) the API answers with. The URI is part of the API contract: clients switch on it.
 */
public enum ProblemType {
    MALFORMED_JSON("malformed-json", Status.BAD_REQUEST_400, "Malformed JSON"),
    VALIDATION_FAILED("validation-failed", Status.BAD_REQUEST_400, "Validation failed"),
    UNKNOWN_EVENT_TYPE("unknown-event-type", Status.BAD_REQUEST_400, "Unknown event type"),
    BAD_REQUEST("bad-request", Status.BAD_REQUEST_400, "Bad request"),
    AUTHENTICATION_REQUIRED("authentication-required", Status.UNAUTHORIZED_401, "Authentication required"),
    INVALID_CREDENTIALS("invalid-credentials", Status.UNAUTHORIZED_401, "Invalid credentials"),
    INVALID_TOKEN("invalid-token", Status.UNAUTHORIZED_401, "Invalid token"),
    TOKEN_EXPIRED("token-expired", Status.UNAUTHORIZED_401, "Token expired"),
    FORBIDDEN("forbidden", Status.FORBIDDEN_403, "Forbidden"),
    NOT_FOUND("not-found", Status.NOT_FOUND_404, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", Status.METHOD_NOT_ALLOWED_405, "Method not allowed"),
    AMBIGUOUS_EVENT_ID("ambiguous-event-id", Status.CONFLICT_409, "Ambiguous event id"),
    PAYLOAD_TOO_LARGE("payload-too-large", Status.REQUEST_ENTITY_TOO_LARGE_413, "Request body too large"),
    EVENT_TOO_LARGE("event-too-large", Status.REQUEST_ENTITY_TOO_LARGE_413, "Event too large"),
    BATCH_TOO_LARGE("batch-too-large", Status.REQUEST_ENTITY_TOO_LARGE_413, "Batch too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", Status.UNSUPPORTED_MEDIA_TYPE_415, "Unsupported media type"),
    HEADERS_TOO_LARGE("headers-too-large", Status.create(431, "Request Header Fields Too Large"), "Request headers too large"),
    RATE_LIMITED("rate-limited", Status.TOO_MANY_REQUESTS_429, "Too many requests"),
    QUEUE_FULL("queue-full", Status.SERVICE_UNAVAILABLE_503, "Queue full"),
    SHUTTING_DOWN("shutting-down", Status.SERVICE_UNAVAILABLE_503, "Shutting down"),
    JOURNAL_FULL("journal-full", Status.SERVICE_UNAVAILABLE_503, "Journal full"),
    HTTP_ERROR("http-error", Status.BAD_REQUEST_400, "HTTP error"),
    INTERNAL_ERROR("internal-error", Status.INTERNAL_SERVER_ERROR_500, "Internal error");

    public static final String BASE_URI = "https://eventqueue.io/problems/";

    private final String uri;
    private final Status status;
    private final String title;

    ProblemType(String slug, Status status, String title) {
        this.uri = BASE_URI + slug;
        this.status = status;
        this.title = title;
    }

    public String uri() {
        return uri;
    }

    public Status status() {
        return status;
    }

    public String title() {
        return title;
    }
}
