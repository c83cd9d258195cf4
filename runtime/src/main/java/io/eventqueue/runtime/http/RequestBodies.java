package io.eventqueue.runtime.http;

import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads request bodies with a size bound, so a large body is refused (413) instead of filling the heap. */
public final class RequestBodies {
    private static final byte[] EMPTY = new byte[0];

    private RequestBodies() {
    }

    public static byte[] read(ServerRequest req, long maxBytes) {
        long declared = req.headers().contentLength().orElse(-1);
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        if (declared == 0 || !req.content().hasEntity()) {
            return EMPTY;
        }
        try (InputStream in = req.content().inputStream()) {
            if (declared > 0) {
                return in.readNBytes((int) declared);
            }
            byte[] body = in.readNBytes((int) maxBytes + 1);
            if (body.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return body;
        } catch (IOException | UncheckedIOException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "the request body could not be read");
        }
    }

    private static ProblemException tooLarge(long maxBytes) {
        return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                "the request body is larger than " + maxBytes + " bytes").with("max_bytes", maxBytes);
    }
}
