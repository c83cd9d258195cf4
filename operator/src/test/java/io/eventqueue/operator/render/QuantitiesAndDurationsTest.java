package io.eventqueue.operator.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class QuantitiesAndDurationsTest {

    @ParameterizedTest
    @CsvSource({"500m,500m", "0.5,500m", "1,1", "1000m,1", "1.5,1500m", "2,2", "0.0001,1m", "1024Mi,1Gi",
            "1536Mi,1536Mi", "512Mi,512Mi", "2Gi,2Gi", "1.5Gi,1536Mi", "1000000,1M", "1024,1024", "1000k,1M",
            "64Mi,64Mi", "2048Ki,2Mi"})
    void writesQuantitiesTheWayTheApiServerStoresThem(String in, String stored) {
        assertThat(Quantities.canonical(in)).isEqualTo(stored);
    }

    @Test
    void rejectsWhatIsNoQuantity() {
        assertThatThrownBy(() -> Quantities.canonical("lots")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"250ms,250", "3s,3000", "1m,60000", "2h,7200000"})
    void parsesRuntimeDurations(String text, long millis) {
        assertThat(RuntimeDurations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void roundsSecondsUp() {
        assertThat(RuntimeDurations.ceilSeconds("1500ms")).isEqualTo(2);
        assertThat(RuntimeDurations.ceilSeconds("30s")).isEqualTo(30);
        assertThatThrownBy(() -> RuntimeDurations.parse("3 seconds")).isInstanceOf(IllegalArgumentException.class);
    }
}
