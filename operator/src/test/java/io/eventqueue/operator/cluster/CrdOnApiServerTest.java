package io.eventqueue.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionCondition;
import io.eventqueue.operator.it.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The CRD as a platform engineer installs it: accepted by a real API server, Established, and self-describing. */
@ExtendWith(ControlPlaneExtension.class)
class CrdOnApiServerTest {

    @Test
    void theCommittedCrdAndTheChartsCopyAreAcceptedAndEstablished(TestCluster cluster) {
        for (Path crd : new Path[] {TestCluster.CHART_CRD, TestCluster.CRD}) {
            cluster.kubectl("apply", "--server-side", "--force-conflicts", "-f", crd.toString()).require();

            CustomResourceDefinition applied = cluster.awaitCrdEstablished();
            assertThat(applied.getStatus().getConditions()).as(crd.toString())
                    .filteredOn(CustomResourceDefinitionCondition::getType, "NamesAccepted")
                    .singleElement().extracting(CustomResourceDefinitionCondition::getStatus).isEqualTo("True");
            assertThat(applied.getStatus().getAcceptedNames().getShortNames()).containsExactly("eq");
        }
    }

    @Test
    void kubectlExplainPrintsTheFieldDescriptions(TestCluster cluster) {
        cluster.installCrd();

        // The CRD's OpenAPI is published a moment after Established.
        String queue = Eventually.until("kubectl explain to know EventQueue", Duration.ofSeconds(60), () -> {
            Processes.Result explain = cluster.kubectl("explain", "eventqueue.spec.queue");
            return explain.exitCode() == 0 ? explain.stdout() : null;
        });
        assertThat(queue).contains("GROUP:      eventqueue.io", "KIND:       EventQueue", "VERSION:    v1alpha1")
                .contains("capacity", "workers", "highWaterMark")
                .contains("Bounded in-memory queue and worker pool of each pod.", "Max events queued per pod");
        String conditions = cluster.kubectl("explain", "eventqueue.status.conditions").require().stdout();
        assertThat(conditions).contains("Ready, Progressing and Degraded.")
                .contains("reason", "message", "lastTransitionTime");
    }
}
