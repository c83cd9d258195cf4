package io.eventqueue.runtime.observe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Log line formats. A record whose only parameter is a {@code Map} (see {@link StructuredLog}) carries structured fields:
 * JSON lines get them as members, text lines as {@code key=value}.
 */
public final class LogFormats {
    private LogFormats() {
    }

    static String levelName(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (v >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (v >= Level.INFO.intValue()) {
            return "INFO";
        }
        if (v >= Level.FINE.intValue()) {
            return "DEBUG";
        }
        return "TRACE";
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> fields(LogRecord r) {
        Object[] params = r.getParameters();
        return params != null && params.length == 1 && params[0] instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    static String message(Formatter f, LogRecord r) {
        return fields(r) != null ? r.getMessage() : f.formatMessage(r);
    }

    /** One JSON object per line: time, level, logger, message, structured fields, error. */
    public static final class JsonFormatter extends Formatter {
        private static final JsonFactory JSON = new JsonFactory();

        @Override
        public String format(LogRecord r) {
            StringWriter out = new StringWriter(160);
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("time", r.getInstant().toString());
                g.writeStringField("level", levelName(r.getLevel()));
                g.writeStringField("logger", r.getLoggerName());
                g.writeStringField("message", message(this, r));
                Map<String, Object> fields = fields(r);
                if (fields != null) {
                    for (Map.Entry<String, Object> e : fields.entrySet()) {
                        g.writeFieldName(e.getKey());
                        Object v = e.getValue();
                        if (v instanceof Number n) {
                            g.writeNumber(n.toString());
                        } else if (v instanceof Boolean b) {
                            g.writeBoolean(b);
                        } else {
                            g.writeString(String.valueOf(v));
                        }
                    }
                }
                if (r.getThrown() != null) {
                    g.writeStringField("error", r.getThrown().toString());
                    g.writeStringField("stack", stack(r.getThrown()));
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.append('\n').toString();
        }
    }

    /** For people at a terminal: {@code time LEVEL logger: message key=value}. */
    public static final class TextFormatter extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder b = new StringBuilder(160)
                    .append(r.getInstant()).append(' ')
                    .append(String.format("%-5s", levelName(r.getLevel()))).append(' ')
                    .append(shortName(r.getLoggerName())).append(": ")
                    .append(message(this, r));
            Map<String, Object> fields = fields(r);
            if (fields != null) {
                fields.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
            }
            if (r.getThrown() != null) {
                b.append('\n').append(stack(r.getThrown()));
            }
            return b.append('\n').toString();
        }

        private static String shortName(String logger) {
            if (logger == null) {
                return "";
            }
            int dot = logger.lastIndexOf('.');
            return dot < 0 ? logger : logger.substring(dot + 1);
        }
    }

    private static String stack(Throwable t) {
        StringWriter s = new StringWriter();
        t.printStackTrace(new PrintWriter(s));
        return s.toString().stripTrailing();
    }
}
