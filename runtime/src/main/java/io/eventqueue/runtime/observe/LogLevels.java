package io.eventqueue.runtime.observe;

import java.util.logging.Level;

/** The level names printed on log lines: {@code log.level}'s names, lower case. */
public final class LogLevels {
    private LogLevels() {
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
