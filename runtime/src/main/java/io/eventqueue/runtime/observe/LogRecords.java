package io.eventqueue.runtime.observe;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.text.MessageFormat;
import java.util.Map;
import java.util.logging.LogRecord;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/** What both log formats read from a record: the message text, extra fields, trace ids, the exception. */
final class LogRecords {
    private LogRecords() {
    }

    static String message(LogRecord record) {
        String msg = record.getMessage();
        Object[] params = record.getParameters();
        if (msg == null) {
            return "";
        }
        if (params == null || params.length == 0 || fields(record) != null || msg.indexOf('{') < 0) {
            return msg;
        }
        try {
            return MessageFormat.format(msg, params);
        } catch (IllegalArgumentException e) {
            return msg;
        }
    }

    /** The structured fields of a record written by {@link StructuredLog#log}: its only parameter, a map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> fields(LogRecord record) {
        Object[] params = record.getParameters();
        if (params != null && params.length == 1 && params[0] instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        return null;
    }

    /** The span active on the logging thread, or {@code null}; JUL handlers run on that thread. */
    static SpanContext span() {
        SpanContext ctx = Span.current().getSpanContext();
        return ctx.isValid() ? ctx : null;
    }

    static String stackTrace(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        return sw.toString().stripTrailing();
    }
}
