package io.eventqueue.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.eventqueue.operator.Fixtures;
import io.eventqueue.operator.api.v1alpha1.Condition;
import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.eventqueue.operator.api.v1alpha1.EventQueueStatus;
import io.eventqueue.operator.api.v1alpha1.EventQueueStatus.Phase;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class StatusPatchTest {
    KubernetesClient client;

    @BeforeEach
    void createCrd() throws IOException {
        try (var crd = Files.newInputStream(Path.of("target/classes/META-INF/fabric8/eventqueues.eventqueue.io-v1.yml"))) {
            client.apiextensions().v1().customResourceDefinitions().load(crd).create();
        }
    }

    @Test
    void replacesTheWholeStatusOfAnUnchangedEventQueue() {
        EventQueue eq = create();
        eq.setStatus(status(Phase.Progressing, "2026-01-01T10:00:00Z"));
        EventQueue first = StatusPatch.replaceIfUnchanged(eq, client);

        first.setStatus(status(Phase.Ready, "2026-01-01T10:05:00Z"));
        EventQueue second = StatusPatch.replaceIfUnchanged(first, client);

        assertThat(read().getStatus()).isEqualTo(second.getStatus())
                .isEqualTo(status(Phase.Ready, "2026-01-01T10:05:00Z"));
        assertThat(read().getStatus().conditions()).as("conditions replaced, not merged").hasSize(1);
    }

    @Test
    void refusesAStatusComputedFromAnOutOfDateCopy() {
        EventQueue stale = create();
        EventQueue current = read();
        current.setStatus(status(Phase.Progressing, "2026-01-01T10:00:00Z"));
        StatusPatch.replaceIfUnchanged(current, client);

        stale.setStatus(status(Phase.Progressing, "2026-01-01T10:09:00Z"));
        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
                () -> StatusPatch.replaceIfUnchanged(stale, client));

        assertThat(refused.getCode()).isEqualTo(409);
        assertThat(read().getStatus()).isEqualTo(status(Phase.Progressing, "2026-01-01T10:00:00Z"));
    }

    private EventQueue create() {
        EventQueue eq = Fixtures.eventQueue("");
        eq.getMetadata().setName("q");
        eq.getMetadata().setNamespace("ns");
        return client.resource(eq).create();
    }

    private EventQueue read() {
        return client.resources(EventQueue.class).inNamespace("ns").withName("q").get();
    }

    private static EventQueueStatus status(Phase phase, String transition) {
        return new EventQueueStatus(1L, phase, 1, 0, "0/1", "http://q.ns.svc:8080",
                List.of(new Condition("Ready", "False", "PodsNotReady", "0/1 pods ready", transition)));
    }
}
