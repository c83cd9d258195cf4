package io.eventqueue.runtime.log.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/** Reads a segment file record by record and stops at the first record that does not verify. */
final class SegmentScanner {

    interface Visitor {
        /** @param payload a read-only view valid during the call; copy what you keep */
        void entry(long sequence, ByteBuffer payload) throws IOException, InterruptedException;

        void ack(long sequence);
    }

    /**
     * @param validBytes length of the verified prefix (0 when even the file header is bad)
     * @param problem    why scanning stopped early, or null when the whole file verified
     */
    record Result(long validBytes, long fileBytes, String problem) {
        boolean clean() {
            return problem == null;
        }
    }

    private SegmentScanner() {
    }

    static Result scan(Path file, Visitor visitor) throws IOException, InterruptedException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < RecordFormat.FILE_HEADER_BYTES) {
                return new Result(0, size, "file header truncated (" + size + " bytes)");
            }
            if (size > Integer.MAX_VALUE) {
                return new Result(0, size, "segment larger than 2 GiB");
            }
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            if (map.getInt(0) != RecordFormat.MAGIC) {
                return new Result(0, size, "bad magic number");
            }
            if (map.getInt(4) != RecordFormat.VERSION) {
                return new Result(0, size, "unsupported version " + map.getInt(4));
            }
            return scanRecords(map, (int) size, visitor);
        }
    }

    private static Result scanRecords(ByteBuffer map, int size, Visitor visitor) throws IOException, InterruptedException {
        CRC32C crc = new CRC32C();
        int pos = RecordFormat.FILE_HEADER_BYTES;
        while (pos < size) {
            if (size - pos < RecordFormat.RECORD_HEADER_BYTES) {
                return new Result(pos, size, "truncated record header at offset " + pos);
            }
            int length = map.getInt(pos);
            int expectedCrc = map.getInt(pos + 4);
            if (length < 1 || length > RecordFormat.MAX_BODY_BYTES) {
                return new Result(pos, size, "invalid record length " + length + " at offset " + pos);
            }
            int bodyStart = pos + RecordFormat.RECORD_HEADER_BYTES;
            if ((long) bodyStart + length > size) {
                return new Result(pos, size, "truncated record at offset " + pos + " (needs " + length
                        + " bytes, " + (size - bodyStart) + " present)");
            }
            ByteBuffer body = map.slice(bodyStart, length);
            crc.reset();
            crc.update(body.duplicate());
            if ((int) crc.getValue() != expectedCrc) {
                return new Result(pos, size, "checksum mismatch at offset " + pos);
            }
            String problem = visit(body, length, visitor);
            if (problem != null) {
                return new Result(pos, size, problem + " at offset " + pos);
            }
            pos = bodyStart + length;
        }
        return new Result(size, size, null);
    }

    private static String visit(ByteBuffer body, int length, Visitor visitor) throws IOException, InterruptedException {
        byte kind = body.get(0);
        if (kind == RecordFormat.KIND_ENTRY) {
            if (length < 9) {
                return "entry record too short";
            }
            visitor.entry(body.getLong(1), body.slice(9, length - 9).asReadOnlyBuffer());
            return null;
        }
        if (kind == RecordFormat.KIND_ACK) {
            if ((length - 1) % 8 != 0) {
                return "ack record of odd length";
            }
            for (int off = 1; off < length; off += 8) {
                visitor.ack(body.getLong(off));
            }
            return null;
        }
        return "unknown record kind " + kind;
    }
}
