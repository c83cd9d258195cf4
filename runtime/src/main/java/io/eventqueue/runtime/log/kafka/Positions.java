package io.eventqueue.runtime.log.kafka;

/**
 * A Kafka log position: partition and offset packed in one {@code long} (offsets below 2^40, partitions below 2^22),
 * with one bit saying whether the record is on the retry topic rather than the events topic.
 */
final class Positions {
    private static final int OFFSET_BITS = 40;
    private static final long OFFSET_MASK = (1L << OFFSET_BITS) - 1;
    private static final long RETRY = 1L << 62;

    private Positions() {
    }

    static long of(int partition, long offset) {
        return ((long) partition << OFFSET_BITS) | (offset & OFFSET_MASK);
    }

    static long ofRetry(int partition, long offset) {
        return of(partition, offset) | RETRY;
    }

    static boolean isRetry(long position) {
        return (position & RETRY) != 0;
    }

    static int partition(long position) {
        return (int) ((position & ~RETRY) >>> OFFSET_BITS);
    }

    static long offset(long position) {
        return position & OFFSET_MASK;
    }
}
