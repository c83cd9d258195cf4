package io.eventqueue.runtime.delivery;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;

/**
 * An event that exhausted its delivery attempts to one sink.
 *
 * @param eventId  the event's id (kept on replay)
 * @param sink     the sink that failed; a replay delivers to this sink only
 * @param attempts delivery attempts made so far (a replay keeps counting from here)
 * @param reason   the last failure, as shown to operators
 * @param deadAt   when it was dead-lettered
 * @param event    the event in the runtime's journal encoding
 */
public record DeadLetter(String eventId, String sink, int attempts, String reason, Instant deadAt, byte[] event) {

    private static final int VERSION = 1;
    private static final int MAX_REASON_CHARS = 1000;

    public DeadLetter {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(deadAt, "deadAt");
        Objects.requireNonNull(event, "event");
        reason = reason == null ? "" : reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) : reason;
    }

    /** Approximate memory and disk footprint, used for the store's byte bound. */
    long footprint() {
        return event.length + 2L * (eventId.length() + sink.length() + reason.length()) + 64;
    }

    byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(event.length + 128);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(VERSION);
            out.writeUTF(eventId);
            out.writeUTF(sink);
            out.writeInt(attempts);
            out.writeUTF(reason);
            out.writeLong(deadAt.toEpochMilli());
            out.writeInt(event.length);
            out.write(event);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DeadLetter decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unsupported dead-letter version " + version);
            }
            String eventId = in.readUTF();
            String sink = in.readUTF();
            int attempts = in.readInt();
            String reason = in.readUTF();
            Instant deadAt = Instant.ofEpochMilli(in.readLong());
            byte[] event = in.readNBytes(in.readInt());
            return new DeadLetter(eventId, sink, attempts, reason, deadAt, event);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed dead letter: " + e.getMessage(), e);
        }
    }
}
