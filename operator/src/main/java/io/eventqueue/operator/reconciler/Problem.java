package io.eventqueue.operator.reconciler;

import io.eventqueue.operator.api.v1alpha1.EventQueueStatus.Phase;

/** Why an instance is not healthy: Degraded (the user can fix it) or Failed (unexpected). */
public record Problem(Phase phase, String reason, String message) {
}
