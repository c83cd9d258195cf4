package io.eventqueue.runtime.http;

import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.InputStream;

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
                byte[] body = BodyReadDeadline.run(req, () -> in.readNBytes((int) declared));
                if (body.length < declared) {
                    throw new ProblemException(ProblemType.BAD_REQUEST, "the request body ended before its Content-Length");
                }
                return body;
            }
            byte[] body = BodyReadDeadline.run(req, () -> in.readNBytes((int) maxBytes + 1));
            if (body.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return body;
        } catch (ProblemException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Truncated bodies and broken chunked framing surface as Helidon runtime exceptions: the client's fault.
            throw new ProblemException(ProblemType.BAD_REQUEST, "the request body could not be read");
        }
    }

    private static ProblemException tooLarge(long maxBytes) {
        return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                "the request body is larger than " + maxBytes + " bytes").with("max_bytes", maxBytes);
    }
}
