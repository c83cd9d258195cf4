package io.eventqueue.operator.dependent;

import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.eventqueue.operator.render.ConfigHash;
import io.eventqueue.operator.render.DeploymentRenderer;
import io.eventqueue.operator.render.Instance;
import io.eventqueue.operator.render.Labels;
import io.eventqueue.operator.render.Names;
import io.eventqueue.operator.render.RuntimeConfigRenderer;
import io.eventqueue.operator.render.RuntimeLayout;
import io.eventqueue.operator.render.SecretRenderer;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The runtime Deployment. Its pod template carries the hash of the config and of the credentials the pods mount, so
 * a change of either rolls the pods and nothing else does.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class DeploymentDependent extends EventQueueDependent<Deployment> {
    static final List<String> CREDENTIAL_KEYS =
            List.of(RuntimeLayout.ADMIN_USER_KEY, RuntimeLayout.ADMIN_PASSWORD_KEY, RuntimeLayout.JWT_KEY_KEY);

    public DeploymentDependent() {
        super(Deployment.class);
    }

    @Override
    protected Deployment render(Instance instance, EventQueue primary, Context<EventQueue> context) {
        String hash = ConfigHash.of(RuntimeConfigRenderer.render(instance), credentials(instance, primary, context));
        Deployment deployment = DeploymentRenderer.render(instance, hash);
        // The API server copies serviceAccountName into the deprecated serviceAccount. java-operator-sdk's matcher
        // diffs the two objects as JSON, and the diff names a server-filled value equal to another field a "copy",
        // which the matcher takes for a change: every reconcile rewrote the Deployment (seen on a real API server).
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        pod.setServiceAccount(pod.getServiceAccountName());
        return deployment;
    }

    @Override
    protected String name(String name) {
        return Names.workload(name);
    }

    /**
     * An update replaces the whole spec, and the API server would default a missing replica count to 1: when the
     * autoscaler owns the count, keep the one it set.
     */
    @Override
    public Deployment update(Deployment actual, Deployment desired, EventQueue primary, Context<EventQueue> context) {
        if (desired.getSpec().getReplicas() == null && actual.getSpec() != null) {
            desired.getSpec().setReplicas(actual.getSpec().getReplicas());
        }
        return super.update(actual, desired, primary, context);
    }

    private static Map<String, String> credentials(Instance instance, EventQueue primary, Context<EventQueue> context) {
        String secretName = instance.credentialsSecretName();
        Secret secret;
        if (SecretDependent.userManaged(primary)) {
            // The user's Secret is not labelled for the operator's cache: read it directly.
            secret = context.getClient().secrets().inNamespace(instance.namespace()).withName(secretName).get();
            if (secret == null) {
                throw new MissingCredentialsException("Secret " + secretName + " named by spec.auth.adminSecretRef"
                        + " does not exist in namespace " + instance.namespace() + "; create it with keys "
                        + String.join(", ", CREDENTIAL_KEYS));
            }
        } else {
            secret = context.getSecondaryResource(Secret.class).orElseThrow(() -> new MissingCredentialsException(
                    "generated Secret " + secretName + " is not in the operator's cache yet"));
        }
        Map<String, String> data = SecretRenderer.decode(secret);
        List<String> missing = CREDENTIAL_KEYS.stream().filter(k -> data.get(k) == null || data.get(k).isEmpty())
                .toList();
        if (!missing.isEmpty()) {
            throw new MissingCredentialsException("Secret " + secretName + " lacks key(s) " + String.join(", ", missing));
        }
        if (data.get(RuntimeLayout.JWT_KEY_KEY).getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new MissingCredentialsException("Secret " + secretName + ": " + RuntimeLayout.JWT_KEY_KEY
                    + " must be at least 32 bytes");
        }
        return Map.of(
                RuntimeLayout.ADMIN_USER_KEY, data.get(RuntimeLayout.ADMIN_USER_KEY),
                RuntimeLayout.ADMIN_PASSWORD_KEY, data.get(RuntimeLayout.ADMIN_PASSWORD_KEY),
                RuntimeLayout.JWT_KEY_KEY, data.get(RuntimeLayout.JWT_KEY_KEY));
    }
}
