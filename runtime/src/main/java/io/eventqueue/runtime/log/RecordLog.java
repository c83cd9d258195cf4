package io.eventqueue.runtime.log;

import java.util.concurrent.atomic.AtomicLong;

/**
 * An append-only store of opaque records that keeps each one until it is acked: the journal on disk, or nothing at
 * all in memory mode. Stores that hold their own state in memory and only need it to survive a restart (the
 * dead letters) write through one.
 */
public interface RecordLog extends AutoCloseable {
    /** Stores one record; returns its key once stored. */
    long append(byte[] record);

    /** The record is no longer needed. */
    void ack(long... keys);

    /** Waits until everything appended so far is on disk. */
    void sync();

    @Override
    void close();

    /** Keeps nothing: keys count up, acks and syncs do nothing (the state lives and ends with the process). */
    static RecordLog inMemory() {
        AtomicLong next = new AtomicLong();
        return new RecordLog() {
            @Override
            public long append(byte[] record) {
                return next.getAndIncrement();
            }

            @Override
            public void ack(long... keys) {
            }

            @Override
            public void sync() {
            }

            @Override
            public void close() {
            }
        };
    }
}
