package io.eventqueue.runtime.event;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes instants exactly as {@link Instant#toString()} does (RFC 3339, UTC, fraction in groups of 3 digits), without
 * its formatter: every processed record carries three timestamps, and the generic formatter was a quarter of a
 * record's encoding time. The date-time prefix is cached per thread for the current second.
 */
public final class Timestamps {
    private static final int PREFIX = 19; // yyyy-MM-ddTHH:mm:ss
    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

    private Timestamps() {
    }

    private static final class Buffer {
        final char[] chars = new char[PREFIX + 11];
        long second = Long.MIN_VALUE;
    }

    public static void writeField(JsonGenerator json, String name, Instant t) throws IOException {
        json.writeFieldName(name);
        long second = t.getEpochSecond();
        // Years 0000-9999 only; anything else keeps Instant's own (signed, widened) format.
        if (second < -62_167_219_200L || second >= 253_402_300_800L) {
            json.writeString(t.toString());
            return;
        }
        Buffer b = BUFFERS.get();
        char[] c = b.chars;
        if (b.second != second) {
            LocalDateTime d = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
            digits(c, 0, d.getYear(), 4);
            c[4] = '-';
            digits(c, 5, d.getMonthValue(), 2);
            c[7] = '-';
            digits(c, 8, d.getDayOfMonth(), 2);
            c[10] = 'T';
            digits(c, 11, d.getHour(), 2);
            c[13] = ':';
            digits(c, 14, d.getMinute(), 2);
            c[16] = ':';
            digits(c, 17, d.getSecond(), 2);
            b.second = second;
        }
        int nano = t.getNano();
        int len = PREFIX;
        if (nano != 0) {
            c[len++] = '.';
            if (nano % 1_000_000 == 0) {
                digits(c, len, nano / 1_000_000, 3);
                len += 3;
            } else if (nano % 1000 == 0) {
                digits(c, len, nano / 1000, 6);
                len += 6;
            } else {
                digits(c, len, nano, 9);
                len += 9;
            }
        }
        c[len++] = 'Z';
        json.writeString(c, 0, len);
    }

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
