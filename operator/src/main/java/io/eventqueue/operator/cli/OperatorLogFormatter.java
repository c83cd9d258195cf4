package io.eventqueue.operator.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One JSON object per line in the runtime's log schema ({@code ts}, {@code level}, {@code logger}, {@code msg}, then
 * fields; {@code error} and {@code stack} for an exception), so one log pipeline parses operator and runtime alike.
 * The operator adds {@code thread}.
 */
public final class OperatorLogFormatter extends Formatter {

    @Override
    public String format(LogRecord record) {
        StringBuilder json = new StringBuilder(256).append('{');
        field(json, "ts", Instant.ofEpochMilli(record.getMillis()).toString()).append(',');
        field(json, "level", level(record.getLevel())).append(',');
        field(json, "logger", record.getLoggerName() == null ? "" : record.getLoggerName()).append(',');
        field(json, "msg", formatMessage(record)).append(',');
        field(json, "thread", Thread.currentThread().getName());
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            json.append(',');
            field(json, "error", record.getThrown().toString()).append(',');
            field(json, "stack", trace.toString());
        }
        return json.append("}\n").toString();
    }

    static String level(Level level) {
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
        return v >= Level.FINE.intValue() ? "debug" : "trace";
    }

    private static StringBuilder field(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
