package io.eventqueue.runtime.http;

import io.eventqueue.runtime.testing.TestRuntime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BodyReadDeadlineHttpTest {

    @Test
    void aBodyReadInTimeLeavesNoDeadlinePending(@TempDir Path dir) {
        try (TestRuntime server = TestRuntime.start(dir, "--server.read-timeout=30s")) {
            String token = server.token();
            for (int i = 0; i < 50; i++) {
                assertThat(server.postEvent(token, "{\"event\":{\"event_type\":\"log\",\"level\":\"info\",\"message\":\"m\"}}")
                        .statusCode()).isEqualTo(202);
            }
            assertThat(BodyReadDeadline.pendingDeadlines()).as("cancelled deadlines held by the timer").isZero();
        }
    }
}
