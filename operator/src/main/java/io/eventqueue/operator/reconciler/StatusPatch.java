package io.eventqueue.operator.reconciler;

import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Writes an EventQueue's status only if the EventQueue is still at the resourceVersion the status was computed from.
 * A JSON Patch that sets that resourceVersion (which the API server checks like a precondition: 409 Conflict when
 * the object changed since) and replaces the whole status (a merge patch would leave the merging of the conditions
 * list to the server; the fabric8 mock server, for one, appends to it).
 */
final class StatusPatch {
    private StatusPatch() {
    }

    static EventQueue replaceIfUnchanged(EventQueue withNewStatus, KubernetesClient client) {
        KubernetesSerialization json = client.getKubernetesSerialization();
        String patch = "[{\"op\":\"replace\",\"path\":\"/metadata/resourceVersion\",\"value\":"
                + json.asJson(withNewStatus.getMetadata().getResourceVersion()) + "},"
                + "{\"op\":\"add\",\"path\":\"/status\",\"value\":" + json.asJson(withNewStatus.getStatus()) + "}]";
        return client.resource(withNewStatus).subresource("status").patch(PatchContext.of(PatchType.JSON), patch);
    }
}
