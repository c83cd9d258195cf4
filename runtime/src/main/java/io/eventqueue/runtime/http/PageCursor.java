package io.eventqueue.runtime.http;

import io.helidon.webserver.http.ServerRequest;
import java.util.function.Function;

/** The {@code cursor} query parameter of a paged read: absent for the first page, 400 when not one we issued. */
final class PageCursor {
    private PageCursor() {
    }

    /** Reads the page at the request's cursor (null for the first page) with {@code read}. */
    static <P> P read(ServerRequest req, Function<String, P> read) {
        String cursor = req.query().first("cursor").asOptional().orElse(null);
        try {
            return read.apply(cursor);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "cursor: not a cursor this server issued");
        }
    }
}
