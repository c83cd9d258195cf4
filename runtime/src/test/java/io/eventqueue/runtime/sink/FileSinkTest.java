package io.eventqueue.runtime.sink;

import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.event.LogEventType;
import io.eventqueue.runtime.process.ProcessedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class FileSinkTest {
    @TempDir
    Path dir;

    private static ProcessedEvent processed(String id) {
        Event e = new Event(id, "log", "/s", Optional.empty(), Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:01Z"), new LogEventType.LogPayload(LogEventType.Level.ERROR, "boom"), 10);
        return new ProcessedEvent(e, Instant.parse("2026-01-01T00:00:02Z"), 1);
    }

    @Test
    void writesOneJsonLinePerEventWithProcessingMetadata() throws IOException {
        Path file = dir.resolve("events.json");
        try (FileSink sink = new FileSink(file, 1 << 20, 3)) {
            sink.write(processed("a"));
        }
        assertThat(Files.readAllLines(file)).containsExactly(
                "{\"id\":\"a\",\"type\":\"log\",\"source\":\"/s\",\"time\":\"2026-01-01T00:00:00Z\","
                        + "\"received_at\":\"2026-01-01T00:00:01Z\",\"data\":{\"level\":\"error\",\"message\":\"boom\"},"
                        + "\"processed_at\":\"2026-01-01T00:00:02Z\",\"attempts\":1}");
    }

    @Test
    void rotatesBySizeAndKeepsMaxFiles() throws IOException {
        Path file = dir.resolve("events.json");
        int lineLength = processed("a0").jsonLine().length;
        try (FileSink sink = new FileSink(file, lineLength * 2L, 2)) {
            for (int i = 0; i < 10; i++) {
                sink.write(processed("a" + i));
            }
        }
        assertThat(Files.readAllLines(file)).hasSize(2).allMatch(l -> l.contains("\"a8\"") || l.contains("\"a9\""));
        assertThat(Files.readAllLines(dir.resolve("events.json.1"))).hasSize(2).anyMatch(l -> l.contains("\"a7\""));
        assertThat(Files.readAllLines(dir.resolve("events.json.2"))).hasSize(2).anyMatch(l -> l.contains("\"a5\""));
        assertThat(dir.resolve("events.json.3")).doesNotExist();
    }

    @Test
    void appendsToAnExistingFile() throws IOException {
        Path file = dir.resolve("events.json");
        try (FileSink sink = new FileSink(file, 1 << 20, 3)) {
            sink.write(processed("a"));
        }
        try (FileSink sink = new FileSink(file, 1 << 20, 3)) {
            sink.write(processed("b"));
        }
        assertThat(Files.readAllLines(file)).hasSize(2);
    }
}
