package io.eventqueue.runtime.http;

import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/** The {@code limit} query parameter of a paged read: a default when absent, 400 outside 1..max. */
final class PageLimit {
    private PageLimit() {
    }

    static int of(ServerRequest req, int defaultLimit, int maxLimit) {
        Optional<String> raw = req.query().first("limit").asOptional();
        if (raw.isEmpty()) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(raw.get());
            if (limit < 1 || limit > maxLimit) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "limit: must be 1 to " + maxLimit);
        }
    }
}
