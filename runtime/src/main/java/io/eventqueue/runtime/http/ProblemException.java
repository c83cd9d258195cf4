package io.eventqueue.runtime.http;

import io.helidon.http.Status;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thrown by handlers to answer with a problem+json; {@link ErrorHandling} writes it. No stack trace: problems are
 * ordinary answers to bad requests and must stay cheap under hostile load.
 */
public final class ProblemException extends RuntimeException {
    private final ProblemType type;
    private final Status status;
    private final Map<String, Object> extensions = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ProblemException(ProblemType type, String detail) {
        this(type, type.status(), detail);
    }

    /** For {@link ProblemType#HTTP_ERROR}, whose status varies. */
    public ProblemException(ProblemType type, Status status, String detail) {
        super(detail, null, false, false);
        this.type = type;
        this.status = status;
    }

    /** An extension member of the problem document (JSON-able: String, Number, Boolean, List, Map, records via toString). */
    public ProblemException with(String member, Object value) {
        extensions.put(member, value);
        return this;
    }

    public ProblemException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public ProblemType type() {
        return type;
    }

    public Status status() {
        return status;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
