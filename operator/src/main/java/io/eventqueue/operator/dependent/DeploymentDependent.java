package io.eventqueue.operator.dependent;

import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.eventqueue.operator.api.v1alpha1.KafkaSpec;
import io.eventqueue.operator.render.ConfigHash;
import io.eventqueue.operator.render.DeploymentRenderer;
import io.eventqueue.operator.render.Instance;
import io.eventqueue.operator.render.Labels;
import io.eventqueue.operator.render.Names;
import io.eventqueue.operator.render.RuntimeConfigRenderer;
import io.eventqueue.operator.render.RuntimeLayout;
import io.eventqueue.operator.render.SecretRenderer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
        Map<String, String> secrets = new TreeMap<>(credentials(instance, primary, context));
        secrets.putAll(kafkaSecrets(instance, context));
        String hash = ConfigHash.of(RuntimeConfigRenderer.render(instance), secrets);
        // With autoscaling the rendered Deployment has no replica count: under server-side apply the operator then
        // does not own spec.replicas, and the count the autoscaler sets stays.
        return DeploymentRenderer.render(instance, hash);
    }

    @Override
    protected String name(String name) {
        return Names.workload(name);
    }

    /**
     * The content of the Kafka Secrets the pods mount, so a credential rotation rolls the pods (at the next reconcile
     * of the EventQueue: the operator does not watch these Secrets).
     */
    private static Map<String, String> kafkaSecrets(Instance instance, Context<EventQueue> context) {
        if (!instance.kafka()) {
            return Map.of();
        }
        KafkaSpec k = instance.spec().kafka();
        Map<String, String> out = new TreeMap<>();
        if (k.tls() != null) {
            readSecret(instance, context, k.tls().caSecretName(), "spec.kafka.tls.caSecretName", out, "ca.crt");
            if (k.tls().clientSecretName() != null) {
                readSecret(instance, context, k.tls().clientSecretName(), "spec.kafka.tls.clientSecretName", out,
                        "tls.crt", "tls.key");
            }
        }
        if (k.sasl() != null) {
            readSecret(instance, context, k.sasl().secretName(), "spec.kafka.sasl.secretName", out, "username",
                    "password");
        }
        return out;
    }

    private static void readSecret(Instance instance, Context<EventQueue> context, String name, String field,
                                   Map<String, String> out, String... keys) {
        Secret secret = context.getClient().secrets().inNamespace(instance.namespace()).withName(name).get();
        if (secret == null) {
            throw new MissingCredentialsException("Secret " + name + " named by " + field + " does not exist in namespace "
                    + instance.namespace() + "; create it with keys " + String.join(", ", keys));
        }
        Map<String, String> data = SecretRenderer.decode(secret);
        for (String key : keys) {
            String value = data.get(key);
            if (value == null || value.isEmpty()) {
                throw new MissingCredentialsException("Secret " + name + " named by " + field + " lacks key " + key);
            }
            out.put("kafka/" + name + "/" + key, value);
        }
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
