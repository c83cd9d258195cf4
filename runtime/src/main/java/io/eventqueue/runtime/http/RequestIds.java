package io.eventqueue.runtime.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Request ids for problem documents and logs: the caller's {@code X-Request-Id} when sane, else a cheap unique one. */
public final class RequestIds {
    public static final HeaderName HEADER = HeaderNames.create("X-Request-Id");
    private static final String PREFIX = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16) + "-";
    private static final AtomicLong COUNTER = new AtomicLong();

    private RequestIds() {
    }

    public static String of(ServerRequest req) {
        String given = req.headers().first(HEADER).orElse(null);
        return given != null && isSane(given) ? given : PREFIX + Long.toHexString(COUNTER.incrementAndGet());
    }

    private static boolean isSane(String id) {
        if (id.isEmpty() || id.length() > 128) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == ':') || c > 127) {
                return false;
            }
        }
        return true;
    }
}
