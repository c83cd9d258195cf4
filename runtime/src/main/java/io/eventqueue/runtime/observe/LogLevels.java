package io.eventqueue.runtime.observe;

import java.util.Locale;
import java.util.logging.Level;

/** Maps the configured {@code log.level} names onto JUL levels and JUL levels back onto the names we print. */
public final class LogLevels {
    private LogLevels() {
    }

    /**
     * The JUL level for a {@code log.level} value.
     *
     * @throws IllegalArgumentException naming the accepted values when {@code name} is none of them
     */
    public static Level parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "trace" -> Level.FINEST;
            case "debug" -> Level.FINE;
            case "info" -> Level.INFO;
            case "warn", "warning" -> Level.WARNING;
            // the seed accepted zap's fatal/panic; we never exit from a log call, so they mean error
            case "error", "fatal", "panic" -> Level.SEVERE;
            default -> throw new IllegalArgumentException(
                    "unknown level '" + name + "' (trace, debug, info, warn, error)");
        };
    }

    /** The short lower-case name printed for a record's level. */
    public static String name(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return "error";
        }
        if (v >= Level.WARNING.intValue()) {
            return "warn";
        }
        if (v >= Level.CONFIG.intValue()) {
            return "info";
        }
        if (v >= Level.FINE.intValue()) {
            return "debug";
        }
        return "trace";
    }
}
