package io.eventqueue.runtime.event;

import java.util.concurrent.ThreadLocalRandom;

/** Time-ordered ids (UUID version 7, RFC 9562) for events that arrive without one. */
public final class EventIds {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private EventIds() {
    }

    public static String next() {
        return uuidV7(System.currentTimeMillis(), ThreadLocalRandom.current());
    }

    static String uuidV7(long epochMillis, java.util.random.RandomGenerator random) {
        long msb = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        char[] out = new char[36];
        hex(msb >>> 32, 8, out, 0);
        out[8] = '-';
        hex(msb >>> 16, 4, out, 9);
        out[13] = '-';
        hex(msb, 4, out, 14);
        out[18] = '-';
        hex(lsb >>> 48, 4, out, 19);
        out[23] = '-';
        hex(lsb, 12, out, 24);
        return new String(out);
    }

    private static void hex(long value, int digits, char[] out, int at) {
        for (int i = digits - 1; i >= 0; i--) {
            out[at + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }
}
