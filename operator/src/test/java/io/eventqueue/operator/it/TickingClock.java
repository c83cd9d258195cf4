package io.eventqueue.operator.it;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock one second later at every reading. Conditions carry their transition time at second precision, so with
 * the system clock a status recomputed when it should have been kept only shows when two reconciles straddle a
 * second boundary; with this clock every recomputed time differs, and a test catches it on every run.
 */
final class TickingClock extends Clock {
    private final Instant start;
    private final AtomicLong readings = new AtomicLong();

    TickingClock(Instant start) {
        this.start = start;
    }

    @Override
    public Instant instant() {
        return start.plusSeconds(readings.getAndIncrement());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the operator reads instants only");
    }
}
