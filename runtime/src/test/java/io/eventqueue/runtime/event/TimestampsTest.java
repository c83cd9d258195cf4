package io.eventqueue.runtime.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampsTest {
    private static String written(Instant t) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            Timestamps.writeField(g, "t", t);
            g.writeEndObject();
        }
        return out.toString();
    }

    @Test
    void matchesInstantToStringExactly() throws IOException {
        List<Instant> samples = new java.util.ArrayList<>(List.of(Instant.EPOCH, Instant.parse("2026-11-23T10:00:00Z"),
                Instant.parse("2026-11-23T10:00:00.100Z"), Instant.parse("2026-11-23T10:00:00.000100Z"),
                Instant.parse("2026-11-23T10:00:00.000000001Z"), Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-01-01T00:00:00Z"), Instant.MIN, Instant.MAX));
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            samples.add(Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L), random.nextInt(1_000_000_000)));
            samples.add(Instant.ofEpochSecond(1_790_000_000L + random.nextInt(10), random.nextInt(1000) * 1_000_000));
        }
        for (Instant t : samples) {
            assertThat(written(t)).as(t.toString()).isEqualTo("{\"t\":\"" + t + "\"}");
        }
    }

    @Test
    void parsesBackWhatInstantToStringWritesAndRefusesWhatInstantParseRefuses() {
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 10_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L),
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1000;
                        default -> random.nextInt(1_000_000_000);
                    });
            assertThat(Timestamps.parseInstant(t.toString())).isEqualTo(t);
        }
        assertThat(Timestamps.parseInstant("2026-12-04T04:10:00.5Z")).isEqualTo(Instant.parse("2026-12-04T04:10:00.5Z"));
        for (String lenient : List.of("+12026-12-04T04:10:00Z", "2026-12-04T24:00:00Z", "2026-12-04T04:10:00.Z")) {
            assertThat(Timestamps.parseInstant(lenient)).as(lenient).isEqualTo(Instant.parse(lenient));
        }
        for (String bad : List.of("2026-02-30T00:00:00Z", "2026-12-04T-1:00:00Z", "2026-12-04T04:10:00.1234567890Z",
                "2026-12-04 04:10:00Z", "later")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Timestamps.parseInstant(bad)).as(bad)
                    .isInstanceOf(java.time.format.DateTimeParseException.class);
        }
    }
}
