package io.eventqueue.runtime.limit;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A nanosecond clock the test moves by hand; starts at a negative value, as {@code System.nanoTime} may. */
final class FakeClock implements LongSupplier {
    private long now = -5_000_000_000L;

    @Override
    public long getAsLong() {
        return now;
    }

    void advance(Duration duration) {
        now += duration.toNanos();
    }
}
