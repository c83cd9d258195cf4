package io.eventqueue.runtime.observe;

import java.io.PrintStream;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Installs the process-wide logging: one handler on the root JUL logger (which also receives Helidon's
 * {@code System.Logger} output) writing one formatted line per record, JSON ({@link JsonLogFormatter}) or text for
 * a terminal ({@link TextLogFormatter}).
 */
public final class Logging {
    private Logging() {
    }

    /** Replaces the root logger's handlers with one handler writing to {@code out}. */
    public static void install(Level level, Formatter formatter, PrintStream out) {
        // not LogManager.reset(): RuntimeLogManager makes it a no-op so the drain can still log during shutdown
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        root.setLevel(level);
        Handler handler = new LineHandler(out);
        handler.setFormatter(formatter);
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
    }

    /** Writes each record as soon as it is logged: a crash must not eat the last lines. */
    private static final class LineHandler extends Handler {
        private final PrintStream out;

        LineHandler(PrintStream out) {
            this.out = out;
        }

        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record)) {
                return;
            }
            String line;
            try {
                line = getFormatter().format(record);
            } catch (RuntimeException e) {
                reportError("log format failed", e, java.util.logging.ErrorManager.FORMAT_FAILURE);
                return;
            }
            synchronized (out) {
                out.print(line);
                out.flush();
            }
        }

        @Override
        public void flush() {
            out.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
