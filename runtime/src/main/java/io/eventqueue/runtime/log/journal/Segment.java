package io.eventqueue.runtime.log.journal;

import java.nio.file.Path;
import java.util.BitSet;

/**
 * Book-keeping of one segment file: its size and which of its entries are not yet acked.
 * Only the journal's writer thread touches it.
 */
final class Segment {
    final long number;
    final Path path;
    long bytes;
    boolean sealed;
    /** First entry sequence in this segment, or -1 while it holds no entry. */
    long firstSequence = -1;
    private final BitSet live = new BitSet();
    private int liveCount;

    Segment(long number, Path path, long bytes) {
        this.number = number;
        this.path = path;
        this.bytes = bytes;
    }

    void addLive(long sequence) {
        if (firstSequence < 0) {
            firstSequence = sequence;
        }
        int bit = Math.toIntExact(sequence - firstSequence);
        if (!live.get(bit)) {
            live.set(bit);
            liveCount++;
        }
    }

    /** @return true when the sequence was live here (so the ack is worth writing) */
    boolean ack(long sequence) {
        if (firstSequence < 0 || sequence < firstSequence) {
            return false;
        }
        int bit = Math.toIntExact(sequence - firstSequence);
        if (!live.get(bit)) {
            return false;
        }
        live.clear(bit);
        liveCount--;
        return true;
    }

    boolean isLive(long sequence) {
        return firstSequence >= 0 && sequence >= firstSequence && live.get(Math.toIntExact(sequence - firstSequence));
    }

    int liveCount() {
        return liveCount;
    }

    static String fileName(long number) {
        return String.format("segment-%020d.log", number);
    }

    static long parseNumber(String fileName) {
        if (!fileName.startsWith("segment-") || !fileName.endsWith(".log") || fileName.length() != 32) {
            return -1;
        }
        try {
            return Long.parseLong(fileName.substring(8, 28));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
