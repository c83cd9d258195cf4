package io.eventqueue.runtime.observe;

import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.event.NoData;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RuntimeStatsTest {
    @Test
    void typeNamesChosenByClientsAreCappedUnderOther() {
        RuntimeStats stats = new RuntimeStats();
        Instant t = Instant.parse("2026-12-04T00:00:00Z");
        for (int i = 0; i < RuntimeStats.MAX_TYPES + 50; i++) {
            stats.accepted(new Event("e" + i, "com.example.t" + i, "/s", Optional.empty(), t, t, NoData.INSTANCE, 1));
        }
        assertThat(stats.perType()).hasSize(RuntimeStats.MAX_TYPES + 1);
        assertThat(stats.perType().get(RuntimeStats.OTHER_TYPES).accepted()).isEqualTo(50);
        assertThat(stats.accepted()).isEqualTo(RuntimeStats.MAX_TYPES + 50);
    }
}
