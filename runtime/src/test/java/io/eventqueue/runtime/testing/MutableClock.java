package io.eventqueue.runtime.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * The one clock tests move by hand: wall time for code that takes a {@link Clock}, and {@link #nanoTime()} for code
 * that takes a {@code System::nanoTime}-like supplier; {@link #advance} moves both.
 */
public final class MutableClock extends Clock {
    private volatile Instant now;
    // Starts negative, as System.nanoTime may: code must only ever subtract two readings.
    private volatile long nanos = -5_000_000_000L;

    public MutableClock(Instant start) {
        this.now = start;
    }

    public MutableClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public synchronized void advance(Duration d) {
        now = now.plus(d);
        nanos += d.toNanos();
    }

    /** A monotonic nanosecond reading, in the manner of {@code System::nanoTime}. */
    public LongSupplier nanoTime() {
        return () -> nanos;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
