package io.eventqueue.runtime.limit;

import io.eventqueue.runtime.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(1), clock.nanoTime());

    @Test
    void refusesAnAddressAfterItsFailuresAreUsedUp() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.begin("192.0.2.1").allowed()).isTrue();
        }
        LoginThrottle.Attempt refused = throttle.begin("192.0.2.1");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(20);
        assertThat(throttle.begin("192.0.2.2").allowed()).isTrue();
    }

    @Test
    void successfulLoginsDoNotCount() {
        for (int i = 0; i < 100; i++) {
            LoginThrottle.Attempt attempt = throttle.begin("192.0.2.1");
            assertThat(attempt.allowed()).isTrue();
            attempt.succeeded();
        }
    }

    @Test
    void failuresAreForgivenOverTheWindow() {
        for (int i = 0; i < 3; i++) {
            throttle.begin("192.0.2.1");
        }
        clock.advance(Duration.ofSeconds(20));
        assertThat(throttle.begin("192.0.2.1").allowed()).isTrue();
        assertThat(throttle.begin("192.0.2.1").allowed()).isFalse();
    }
}
