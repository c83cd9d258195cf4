package io.eventqueue.runtime.reads;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque pagination cursors: a position encoded so clients do not build or parse them. */
public final class Cursors {
    private static final String PREFIX = "eq1:";

    private Cursors() {
    }

    public static String encode(long position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + position).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * @return the position, or -1 for a null/blank cursor (start)
     * @throws IllegalArgumentException when the cursor was not issued by {@link #encode}
     */
    public static long decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return -1;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (!text.startsWith(PREFIX)) {
                throw new IllegalArgumentException("invalid cursor");
            }
            long position = Long.parseLong(text.substring(PREFIX.length()));
            if (position < 0) {
                throw new IllegalArgumentException("invalid cursor");
            }
            return position;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cursor", e);
        }
    }
}
