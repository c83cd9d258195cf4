package io.eventqueue.operator.render;

import io.eventqueue.operator.api.v1alpha1.PodDisruptionBudgetSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.Optional;

/**
 * A PodDisruptionBudget from two pods on. At one pod any budget either blocks node drains (minAvailable 1) or
 * protects nothing (maxUnavailable 1), so there is none.
 */
public final class PodDisruptionBudgetRenderer {
    private PodDisruptionBudgetRenderer() {
    }

    public static Optional<PodDisruptionBudget> render(Instance instance) {
        PodDisruptionBudgetSpec pdb = instance.spec().availability().podDisruptionBudget();
        if (!pdb.enabled() || instance.minimumReplicas() < 2) {
            return Optional.empty();
        }
        var spec = new PodDisruptionBudgetBuilder()
                .withMetadata(Metadata.of(instance, Names.workload(instance.name())))
                .withNewSpec()
                .withNewSelector().withMatchLabels(Labels.selector(instance.name())).endSelector();
        if (pdb.minAvailable() != null) {
            spec.withMinAvailable(new IntOrString(pdb.minAvailable()));
        } else {
            spec.withMaxUnavailable(new IntOrString(pdb.maxUnavailable() == null ? 1 : pdb.maxUnavailable()));
        }
        return Optional.of(spec.endSpec().build());
    }
}
