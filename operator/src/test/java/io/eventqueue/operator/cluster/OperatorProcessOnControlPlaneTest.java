package io.eventqueue.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventqueue.operator.it.Eventually;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator as a process (the jar's main class, configured through the environment the chart sets, under the
 * chart's ServiceAccount): it reconciles, serves health and metrics on its management port, logs JSON lines only,
 * and stops on SIGTERM.
 */
@ExtendWith(ControlPlaneExtension.class)
class OperatorProcessOnControlPlaneTest {

    @Test
    void runsReportsAndStopsOnSigterm(TestCluster cluster) {
        OperatorProcess operator = ChartedOperator.install(cluster, List.of(cluster.namespace())).start();
        try {
            assertThat(operator.get("/health/ready").statusCode()).isEqualTo(200);
            assertThat(operator.get("/health/live").statusCode()).isEqualTo(200);
            ChartedOperator.applySamples(cluster, cluster.namespace(), "dev");

            ChartedOperator.awaitReconciled(cluster, cluster.namespace(), List.of("dev"), operator);
            Eventually.untilAsserted("reconcile metrics", Duration.ofSeconds(30), () -> assertThat(operator.metrics())
                    .contains("operator_sdk_reconciliations_started_total", "jvm_memory_used_bytes"));
        } finally {
            operator.close();
        }

        assertThat(operator.isAlive()).as("stops on SIGTERM").isFalse();
        assertThat(operator.exitCode()).as(operator.log()).isIn(0, 143);
        List<String> lines = operator.log().lines().filter(l -> !l.isBlank()).toList();
        ObjectMapper json = new ObjectMapper();
        assertThat(lines).isNotEmpty();
        assertThat(lines.stream().filter(line -> !isJsonLogLine(json, line)).toList()).as("lines that are no JSON log")
                .isEmpty();
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("operator started"));
        assertThat(operator.log()).doesNotContain(ChartedOperator.REFUSED);
    }

    private static boolean isJsonLogLine(ObjectMapper json, String line) {
        try {
            return json.readTree(line).has("msg");
        } catch (IOException e) {
            return false;
        }
    }
}
