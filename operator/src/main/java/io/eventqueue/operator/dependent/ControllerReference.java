package io.eventqueue.operator.dependent;

import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Marks the EventQueue's owner reference as the controlling one ({@code kubectl describe} shows "Controlled By") and
 * lets a foreground deletion of the EventQueue wait for its objects.
 */
final class ControllerReference {
    private ControllerReference() {
    }

    static void mark(HasMetadata object, EventQueue owner) {
        object.getMetadata().getOwnerReferences().stream()
                .filter(ref -> ref.getUid() != null && ref.getUid().equals(owner.getMetadata().getUid()))
                .forEach(ref -> {
                    ref.setController(true);
                    ref.setBlockOwnerDeletion(true);
                });
    }
}
