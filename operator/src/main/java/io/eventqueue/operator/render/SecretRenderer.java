package io.eventqueue.operator.render;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** The generated credentials Secret (only when the spec brings no adminSecretRef). */
public final class SecretRenderer {
    private SecretRenderer() {
    }

    public static Secret render(Instance instance, Credentials credentials) {
        Map<String, String> data = new LinkedHashMap<>();
        credentials.asSecretData().forEach((k, v) ->
                data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder()
                .withMetadata(Metadata.of(instance, Names.credentials(instance.name())))
                .withType("Opaque")
                .withData(data)
                .build();
    }

    /** Decoded data of a Secret, as the pod sees the mounted files. */
    public static Map<String, String> decode(Secret secret) {
        Map<String, String> decoded = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) ->
                    decoded.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            decoded.putAll(secret.getStringData());
        }
        return decoded;
    }
}
