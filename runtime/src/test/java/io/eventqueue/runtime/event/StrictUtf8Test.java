package io.eventqueue.runtime.event;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class StrictUtf8Test {

    private static boolean jdkAccepts(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void acceptsTextInEveryEncodedLength() {
        assertThat(EventDecoder.isStrictUtf8("{\"m\":\"a é € 😀 \uFFFD\"}".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(EventDecoder.isStrictUtf8(new byte[0])).isTrue();
    }

    @Test
    void refusesOverlongFormsSurrogatesTruncationsAndCodePointsPastTheLast() {
        assertThat(EventDecoder.isStrictUtf8(bytes(0xC0, 0xAF))).isFalse();
        assertThat(EventDecoder.isStrictUtf8(bytes(0xE0, 0x80, 0xAF))).isFalse();
        assertThat(EventDecoder.isStrictUtf8(bytes(0xF0, 0x80, 0x80, 0xAF))).isFalse();
        assertThat(EventDecoder.isStrictUtf8(bytes(0xED, 0xA0, 0x80))).isFalse();
        assertThat(EventDecoder.isStrictUtf8(bytes(0xF4, 0x90, 0x80, 0x80))).isFalse();
        assertThat(EventDecoder.isStrictUtf8(bytes(0xE2, 0x82))).isFalse();
        assertThat(EventDecoder.isStrictUtf8(bytes(0x80))).isFalse();
        assertThat(EventDecoder.isStrictUtf8(bytes(0xFF))).isFalse();
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomBytes() {
        SplittableRandom random = new SplittableRandom(9);
        int[] interesting = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
                0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
        for (int round = 0; round < 200_000; round++) {
            byte[] b = new byte[random.nextInt(1, 7)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) interesting[random.nextInt(interesting.length)];
            }
            assertThat(EventDecoder.isStrictUtf8(b)).as("%s", java.util.HexFormat.of().formatHex(b)).isEqualTo(jdkAccepts(b));
        }
    }
}
