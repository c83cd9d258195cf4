package io.eventqueue.runtime.log.journal;

import io.eventqueue.runtime.config.RuntimeConfig.Fsync;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Journal settings.
 *
 * @param directory     where segment files live (created if missing)
 * @param fsync         fsync policy
 * @param fsyncInterval the group-commit interval for {@link Fsync#INTERVAL}
 * @param maxBytes      disk bound for all segments; an append beyond it fails with {@link JournalFullException}
 * @param segmentBytes  a segment is sealed once it reaches this size; only sealed, fully acked segments are deleted
 */
public record JournalOptions(Path directory, Fsync fsync, Duration fsyncInterval, long maxBytes, long segmentBytes) {

    static final long MIN_SEGMENT_BYTES = 4096;

    public JournalOptions {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(fsync, "fsync");
        Objects.requireNonNull(fsyncInterval, "fsyncInterval");
        if (fsyncInterval.isNegative() || fsyncInterval.isZero()) {
            throw new IllegalArgumentException("fsyncInterval must be positive");
        }
        if (segmentBytes < MIN_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segmentBytes must be at least " + MIN_SEGMENT_BYTES);
        }
        if (maxBytes < segmentBytes) {
            throw new IllegalArgumentException("maxBytes must be at least one segment (" + segmentBytes + " bytes)");
        }
    }

    /** Options with a segment size derived from the disk bound: 1/16 of it, between 1 MiB and 64 MiB. */
    public static JournalOptions of(Path directory, Fsync fsync, Duration fsyncInterval, long maxBytes) {
        long segment = Math.max(Math.min(maxBytes / 16, 64L << 20), Math.min(1L << 20, maxBytes));
        return new JournalOptions(directory, fsync, fsyncInterval, maxBytes, Math.max(segment, MIN_SEGMENT_BYTES));
    }
}
