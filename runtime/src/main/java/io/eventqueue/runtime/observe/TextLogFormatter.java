package io.eventqueue.runtime.observe;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

import io.opentelemetry.api.trace.SpanContext;

/** Human-readable lines for a terminal ({@code make run}): time, level, short logger, message, {@code key=value}. */
public final class TextLogFormatter extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    @Override
    public String format(LogRecord record) {
        StringBuilder out = new StringBuilder(160);
        TIME.formatTo(record.getInstant(), out);
        out.append(' ').append(String.format(Locale.ROOT, "%-5s", LogLevels.name(record.getLevel()).toUpperCase(Locale.ROOT)));
        out.append(' ').append(shortName(record.getLoggerName())).append("  ").append(LogRecords.message(record));
        Map<String, Object> fields = LogRecords.fields(record);
        if (fields != null) {
            for (Map.Entry<String, Object> e : fields.entrySet()) {
                out.append(' ').append(e.getKey()).append('=').append(e.getValue());
            }
        }
        String eventId = LogContext.eventId();
        if (eventId != null) {
            out.append(" event_id=").append(eventId);
        }
        SpanContext span = LogRecords.span();
        if (span != null) {
            out.append(" trace_id=").append(span.getTraceId());
        }
        out.append('\n');
        if (record.getThrown() != null) {
            out.append(LogRecords.stackTrace(record.getThrown())).append('\n');
        }
        return out.toString();
    }

    private static String shortName(String logger) {
        if (logger == null) {
            return "";
        }
        int dot = logger.lastIndexOf('.');
        return dot < 0 ? logger : logger.substring(dot + 1);
    }
}
