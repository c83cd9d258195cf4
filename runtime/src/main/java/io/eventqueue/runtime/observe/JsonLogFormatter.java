package io.eventqueue.runtime.observe;

import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

import io.opentelemetry.api.trace.SpanContext;

/**
 * One JSON object per line: {@code ts}, {@code level}, {@code logger}, {@code msg}, then {@code trace_id} and
 * {@code span_id} when a span is active, {@code event_id} when a worker is on an event, the fields of a {@link StructuredLog} line,
 * and {@code error}/{@code stack} for an exception (newlines escaped, so a stack trace never breaks a line).
 */
public final class JsonLogFormatter extends Formatter {
    private static final DateTimeFormatter TS = DateTimeFormatter.ISO_INSTANT;

    @Override
    public String format(LogRecord record) {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"ts\":\"");
        TS.formatTo(record.getInstant(), out);
        out.append('"');
        field(out, "level", LogLevels.name(record.getLevel()));
        field(out, "logger", record.getLoggerName() == null ? "" : record.getLoggerName());
        field(out, "msg", LogRecords.message(record));
        SpanContext span = LogRecords.span();
        if (span != null) {
            field(out, "trace_id", span.getTraceId());
            field(out, "span_id", span.getSpanId());
        }
        String eventId = LogContext.eventId();
        if (eventId != null) {
            field(out, "event_id", eventId);
        }
        Map<String, Object> fields = LogRecords.fields(record);
        if (fields != null) {
            for (Map.Entry<String, Object> e : fields.entrySet()) {
                field(out, e.getKey(), e.getValue());
            }
        }
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            field(out, "error", thrown.toString());
            field(out, "stack", LogRecords.stackTrace(thrown));
        }
        return out.append("}\n").toString();
    }

    private static void field(StringBuilder out, String key, Object value) {
        out.append(',');
        string(out, key);
        out.append(':');
        if (value == null) {
            out.append("null");
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else {
            string(out, value.toString());
        }
    }

    static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
