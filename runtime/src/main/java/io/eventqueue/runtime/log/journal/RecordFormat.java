package io.eventqueue.runtime.log.journal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * On-disk layout of journal segments.
 *
 * <pre>
 * segment  = header record*
 * header   = magic:int32 ("EQJ1") version:int32
 * record   = length:int32 crc32c:int32 body[length]     (crc32c over body)
 * body     = ENTRY sequence:int64 payload[length-9]
 *          | ACK   sequence:int64[(length-1)/8]
 * </pre>
 *
 * A record whose length or checksum does not verify ends the valid prefix of its segment.
 */
final class RecordFormat {
    static final int MAGIC = 0x45514A31;
    static final int VERSION = 1;
    static final int FILE_HEADER_BYTES = 8;
    static final int RECORD_HEADER_BYTES = 8;
    static final byte KIND_ENTRY = 1;
    static final byte KIND_ACK = 2;
    /** Anything longer is treated as corruption rather than allocated. */
    static final int MAX_BODY_BYTES = 16 << 20;
    static final int MAX_ACKS_PER_RECORD = 8192;

    private RecordFormat() {
    }

    static int entryRecordBytes(int payloadLength) {
        return RECORD_HEADER_BYTES + 1 + 8 + payloadLength;
    }

    static int ackRecordBytes(int count) {
        return RECORD_HEADER_BYTES + 1 + 8 * count;
    }

    static void writeFileHeader(ByteBuffer buf) {
        buf.putInt(MAGIC).putInt(VERSION);
    }

    static void writeEntry(ByteBuffer buf, CRC32C crc, long sequence, byte[] payload) {
        int start = buf.position();
        buf.position(start + RECORD_HEADER_BYTES);
        buf.put(KIND_ENTRY).putLong(sequence).put(payload);
        finish(buf, crc, start);
    }

    static void writeAck(ByteBuffer buf, CRC32C crc, long[] sequences, int from, int to) {
        int start = buf.position();
        buf.position(start + RECORD_HEADER_BYTES);
        buf.put(KIND_ACK);
        for (int i = from; i < to; i++) {
            buf.putLong(sequences[i]);
        }
        finish(buf, crc, start);
    }

    private static void finish(ByteBuffer buf, CRC32C crc, int start) {
        int end = buf.position();
        int bodyStart = start + RECORD_HEADER_BYTES;
        crc.reset();
        crc.update(buf.slice(bodyStart, end - bodyStart));
        buf.putInt(start, end - bodyStart);
        buf.putInt(start + 4, (int) crc.getValue());
    }
}
