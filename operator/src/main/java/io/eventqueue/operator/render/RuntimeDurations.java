package io.eventqueue.operator.render;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the runtime's duration syntax (250ms, 3s, 1m, 1h). */
public final class RuntimeDurations {
    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h)");

    private RuntimeDurations() {
    }

    public static Duration parse(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration (250ms, 3s, 1m, 1h): " + text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    /** Whole seconds, rounded up. */
    public static long ceilSeconds(String text) {
        Duration d = parse(text);
        return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    }
}
