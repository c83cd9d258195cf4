package io.eventqueue.runtime.delivery;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import io.eventqueue.runtime.admission.Admitted;

import java.util.Objects;

/**
 * An event that exhausted its delivery attempts to one sink.
 *
 * @param eventId      the event's id (kept on replay)
 * @param subscription the subscription whose delivery failed ({@value Subscription#IMPLICIT} for the static sinks)
 * @param sink         the sink that failed, as {@link Subscription#targetName} names it; a replay delivers to it only
 * @param attempts delivery attempts made so far (a replay keeps counting from here)
 * @param reason   the last failure, as shown to operators
 * @param deadAt   when it was dead-lettered
 * @param event    the event in the runtime's journal encoding
 */
public record DeadLetter(String eventId, String subscription, String sink, int attempts, String reason, Instant deadAt,
                         byte[] event) {

    /** Version 1 had no subscription: every dead letter then was the implicit subscription's. */
    private static final int VERSION_1 = 1;
    private static final int VERSION = 2;
    private static final int MAX_REASON_CHARS = 1000;

    public DeadLetter {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(deadAt, "deadAt");
        Objects.requireNonNull(event, "event");
        reason = reason == null ? "" : reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) : reason;
    }

    /** Approximate memory and disk footprint, used for the store's byte bound. */
    long footprint() {
        return event.length + 2L * (eventId.length() + subscription.length() + sink.length() + reason.length()) + 64;
    }

    byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(event.length + 128);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(VERSION);
            out.writeUTF(eventId);
            out.writeUTF(subscription);
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
            if (version != VERSION && version != VERSION_1) {
                throw new IllegalArgumentException("unsupported dead-letter version " + version);
            }
            String eventId = in.readUTF();
            String subscription = version == VERSION_1 ? null : in.readUTF();
            String sink = in.readUTF();
            if (subscription == null) {
                subscription = sink.equals(Admitted.ALL) ? sink : Subscription.IMPLICIT;
            }
            int attempts = in.readInt();
            String reason = in.readUTF();
            Instant deadAt = Instant.ofEpochMilli(in.readLong());
            byte[] event = in.readNBytes(in.readInt());
            return new DeadLetter(eventId, subscription, sink, attempts, reason, deadAt, event);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed dead letter: " + e.getMessage(), e);
        }
    }
}
