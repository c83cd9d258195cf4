package io.eventqueue.runtime.observe;

import io.eventqueue.runtime.config.RuntimeConfig;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Sets up the process's logging (JUL, which Helidon also logs through) and writes structured log lines. */
public final class StructuredLog {
    private StructuredLog() {
    }

    /** Routes every log record to stdout in the configured format, at the configured level. */
    public static void configure(RuntimeConfig.Log config, PrintStream out) {
        boolean json = switch (config.format()) {
            case JSON -> true;
            case TEXT -> false;
            case AUTO -> !stdoutIsTerminal();
        };
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Level level = switch (config.level()) {
            case TRACE -> Level.FINEST;
            case DEBUG -> Level.FINE;
            case INFO -> Level.INFO;
            case WARN -> Level.WARNING;
            case ERROR -> Level.SEVERE;
        };
        root.setLevel(level);
        root.addHandler(new LineHandler(out, json ? new LogFormats.JsonFormatter() : new LogFormats.TextFormatter(), level));
    }

    /** A log line with structured fields (members of the JSON line, {@code key=value} in text). */
    public static void log(Logger logger, Level level, String message, Map<String, ?> fields) {
        if (logger.isLoggable(level)) {
            LogRecord r = new LogRecord(level, message);
            r.setLoggerName(logger.getName());
            r.setSourceClassName(logger.getName());
            r.setParameters(new Object[] {fields});
            logger.log(r);
        }
    }

    // System.console() is not null for redirected output on JDK 22+, where Console.isTerminal() tells; JDK 21 lacks it.
    private static boolean stdoutIsTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** Writes each record as one whole line and flushes it: log lines must survive a crash. */
    private static final class LineHandler extends Handler {
        private final PrintStream out;

        LineHandler(PrintStream out, Formatter formatter, Level level) {
            this.out = out;
            setFormatter(formatter);
            setLevel(level);
        }

        @Override
        public void publish(LogRecord record) {
            if (isLoggable(record)) {
                String line = getFormatter().format(record);
                synchronized (out) {
                    out.print(line);
                    out.flush();
                }
            }
        }

        @Override
        public void flush() {
            out.flush();
        }

        @Override
        public void close() {
            out.flush();
        }
    }
}
