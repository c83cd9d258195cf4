package io.eventqueue.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProtectionFilterTest {

    @Test
    void aContentLengthIsOneToEighteenAsciiDigits() {
        for (String ok : new String[] {"0", "7", "300", "000123", "999999999999999999"}) {
            assertThat(ProtectionFilter.isDecimalLength(ok)).as(ok).isTrue();
        }
        for (String bad : new String[] {"", " 5", "5 ", "+5", "-5", "5,5", "0x10", "1e3", "١٢٣", "1234567890123456789"}) {
            assertThat(ProtectionFilter.isDecimalLength(bad)).as(bad).isFalse();
        }
    }
}
