package io.eventqueue.runtime.event;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes instants exactly as {@link Instant#toString()} does (RFC 3339, UTC, fraction in groups of 3 digits), without
 * its formatter: every processed record carries three timestamps, and the generic formatter was a quarter of a
 * record's encoding time. The date-time prefix is cached per thread for the current second. Reads that form back
 * the same way ({@link #parseInstant}): the Kafka log parses one per consumed record.
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

    /**
     * {@link Instant#parse}, with a fast path for what {@link Instant#toString()} writes for years 0000–9999
     * ({@code yyyy-MM-ddTHH:mm:ss[.f…]Z}, up to 9 fraction digits); anything else goes to {@link Instant#parse}.
     *
     * @throws java.time.format.DateTimeParseException when the text is no instant
     */
    public static Instant parseInstant(String text) {
        int len = text.length();
        if (len < PREFIX + 1 || len > PREFIX + 11 || text.charAt(len - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || (len > PREFIX + 1 && (text.charAt(PREFIX) != '.' || len == PREFIX + 2))) {
            return Instant.parse(text);
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        int nano = 0;
        if (len > PREFIX + 1) {
            int digits = len - PREFIX - 2;
            nano = number(text, PREFIX + 1, digits);
            for (int i = digits; i < 9; i++) {
                nano *= 10;
            }
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59 || nano < 0) {
            return Instant.parse(text);
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nano).toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return Instant.parse(text);
        }
    }

    /** The decimal number of {@code width} digits at {@code at}, or -1 when one of them is no digit. */
    private static int number(String text, int at, int width) {
        int value = 0;
        for (int i = at; i < at + width; i++) {
            char ch = text.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            value = value * 10 + (ch - '0');
        }
        return value;
    }

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
