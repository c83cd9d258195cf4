package io.eventqueue.runtime.observe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventqueue.runtime.config.RuntimeConfig;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoggingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @AfterEach
    void restoreLogging() throws IOException {
        LogManager.getLogManager().readConfiguration();
    }

    @Test
    void jsonLineCarriesTimestampLevelLoggerAndMessage() throws Exception {
        Logging.install(Level.INFO, new JsonLogFormatter(), new PrintStream(out, true, StandardCharsets.UTF_8));
        Logger.getLogger("io.eventqueue.test").info("queue ready with {0} workers");
        Logger.getLogger("io.eventqueue.test").log(Level.INFO, "queue ready with {0} workers", 4);

        String[] lines = output().split("\n");
        assertThat(lines).hasSize(2);
        JsonNode line = JSON.readTree(lines[1]);
        assertThat(line.get("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(line.get("level").asText()).isEqualTo("info");
        assertThat(line.get("logger").asText()).isEqualTo("io.eventqueue.test");
        assertThat(line.get("msg").asText()).isEqualTo("queue ready with 4 workers");
        assertThat(line.has("trace_id")).isFalse();
        assertThat(line.has("event_id")).isFalse();
    }

    @Test
    void exceptionIsAFieldAndTheLineStaysOneLine() throws Exception {
        Logging.install(Level.INFO, new JsonLogFormatter(), new PrintStream(out, true, StandardCharsets.UTF_8));
        Logger.getLogger("t").log(Level.SEVERE, "sink \"file\" failed\nbadly", new IllegalStateException("disk full"));

        String text = output();
        assertThat(text.split("\n")).hasSize(1);
        JsonNode line = JSON.readTree(text);
        assertThat(line.get("level").asText()).isEqualTo("error");
        assertThat(line.get("msg").asText()).isEqualTo("sink \"file\" failed\nbadly");
        assertThat(line.get("error").asText()).isEqualTo("java.lang.IllegalStateException: disk full");
        assertThat(line.get("stack").asText()).contains("at io.eventqueue.runtime.observe.LoggingTest");
    }

    @Test
    void activeSpanAndCurrentEventAreOnTheLine() throws Exception {
        Logging.install(Level.INFO, new JsonLogFormatter(), new PrintStream(out, true, StandardCharsets.UTF_8));
        SpanContext ctx = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
                                             TraceFlags.getSampled(), TraceState.getDefault());
        try (Scope ignored = Span.wrap(ctx).makeCurrent(); var ev = LogContext.event("01JD7Z0000EVENT")) {
            StructuredLog.log(Logger.getLogger("w"), Level.WARNING, "retrying", Map.of("sink", "webhook", "attempt", 2));
        }
        Logger.getLogger("w").info("after");

        String[] lines = output().split("\n");
        JsonNode line = JSON.readTree(lines[0]);
        assertThat(line.get("level").asText()).isEqualTo("warn");
        assertThat(line.get("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(line.get("span_id").asText()).isEqualTo("00f067aa0ba902b7");
        assertThat(line.get("event_id").asText()).isEqualTo("01JD7Z0000EVENT");
        assertThat(line.get("sink").asText()).isEqualTo("webhook");
        assertThat(line.get("attempt").asInt()).isEqualTo(2);
        JsonNode after = JSON.readTree(lines[1]);
        assertThat(after.has("trace_id")).isFalse();
        assertThat(after.has("event_id")).isFalse();
    }

    @Test
    void controlCharactersAreEscaped() throws Exception {
        StringBuilder sb = new StringBuilder();
        JsonLogFormatter.string(sb, "a\u0001b\tc\\d\u2028");
        assertThat(JSON.readTree(sb.toString()).asText()).isEqualTo("a\u0001b\tc\\d\u2028");
        assertThat(sb.toString()).doesNotContain("\u2028").doesNotContain("\t");
    }

    @Test
    void levelFromConfigFiltersRecords() {
        Logging.install(Level.WARNING, new JsonLogFormatter(),
                        new PrintStream(out, true, StandardCharsets.UTF_8));
        Logger.getLogger("t").info("hidden");
        Logger.getLogger("t").warning("shown");
        assertThat(output()).doesNotContain("hidden").contains("shown");
    }

    @Test
    void configuredLevelsAreSetAndPrintedByTheirConfigNames() {
        StructuredLog.configure(new RuntimeConfig.Log(RuntimeConfig.LogLevel.DEBUG, RuntimeConfig.LogFormat.JSON, false),
                                new PrintStream(out, true, StandardCharsets.UTF_8));
        Logger.getLogger("t").fine("details");
        Logger.getLogger("t").finest("too much");
        assertThat(output()).contains("\"level\":\"debug\"").doesNotContain("too much");
        assertThat(LogLevels.name(Level.FINEST)).isEqualTo("trace");
        assertThat(LogLevels.name(Level.CONFIG)).isEqualTo("info");
        assertThat(LogLevels.name(Level.WARNING)).isEqualTo("warn");
        assertThat(LogLevels.name(Level.SEVERE)).isEqualTo("error");
    }

    @Test
    void textFormatIsOneReadableLinePlusTheStack() {
        LogRecord record = new LogRecord(Level.WARNING, "queue above high-water mark");
        record.setLoggerName("io.eventqueue.runtime.queue.EventQueue");
        record.setParameters(new Object[] {Map.of("depth", 91)});
        String line = new TextLogFormatter().format(record);
        assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  EventQueue  queue above high-water mark depth=91\n");
    }

    @Test
    void autoFormatIsJsonWhenStdoutIsNotATerminal() {
        // surefire forks the JVM with piped stdout, as a pod or a pipe would
        StructuredLog.configure(new RuntimeConfig.Log(RuntimeConfig.LogLevel.INFO, RuntimeConfig.LogFormat.AUTO, false),
                                new PrintStream(out, true, StandardCharsets.UTF_8));
        Logger.getLogger("t").info("hello");
        assertThat(output()).startsWith("{\"ts\":");
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
