package io.eventqueue.operator.render;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every object of an instance, rendered by the same functions the dependents use: for the {@code render} command and
 * the contract test.
 */
public final class Manifests {
    private Manifests() {
    }

    /**
     * @param credentials the credentials to put in the generated Secret; empty renders no Secret (committed
     *     examples never hold credentials), and it is ignored when the spec brings its own adminSecretRef
     */
    public static List<HasMetadata> render(Instance instance, Optional<Credentials> credentials) {
        List<HasMetadata> objects = new ArrayList<>();
        Optional<Secret> secret = instance.spec().auth().adminSecretRef() == null
                ? credentials.map(c -> SecretRenderer.render(instance, c))
                : Optional.empty();
        ConfigMap config = ConfigMapRenderer.render(instance);
        objects.add(ServiceAccountRenderer.render(instance));
        objects.add(config);
        secret.ifPresent(objects::add);
        String hash = ConfigHash.of(config.getData().get(RuntimeLayout.CONFIG_KEY),
                secret.map(SecretRenderer::decode).orElse(Map.of()));
        objects.add(DeploymentRenderer.render(instance, hash));
        objects.add(ServiceRenderer.render(instance));
        PodDisruptionBudgetRenderer.render(instance).ifPresent(objects::add);
        NetworkPolicyRenderer.render(instance).ifPresent(objects::add);
        HorizontalPodAutoscalerRenderer.render(instance).ifPresent(objects::add);
        return objects;
    }
}
