package io.eventqueue.runtime.http;

import io.eventqueue.runtime.auth.Principal;
import io.helidon.webserver.http.ServerRequest;

/**
 * Admission policy for event requests (rate limits per client by {@link Principal#subject()} or global). Refuse by
 * throwing a {@link ProblemException}, e.g. {@link ProblemType#RATE_LIMITED} with {@code Retry-After}. Implement the
 * per-request check, the per-event one, or both; {@code /v1/events/validate} only gets the per-request check.
 */
public interface EventRequestGuard {
    /** After authentication, before the body is read: the cheap place to refuse. */
    default void check(ServerRequest request, Principal principal) {
    }

    /** After decoding, before the events are queued; {@code events} is 1, or the valid items of a batch. */
    default void checkEvents(ServerRequest request, Principal principal, int events) {
    }
}
