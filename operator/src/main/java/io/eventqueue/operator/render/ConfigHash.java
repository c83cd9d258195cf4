package io.eventqueue.operator.render;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 over the rendered config.yaml and the credential Secret's data: the pod-template annotation that rolls the
 * pods exactly when what they read changes.
 */
public final class ConfigHash {
    public static final String ANNOTATION = "eventqueue.io/config-hash";

    private ConfigHash() {
    }

    /** {@code secretData} may be empty when the Secret is not known (offline render without credentials). */
    public static String of(String configYaml, Map<String, String> secretData) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            update(digest, configYaml);
            for (Map.Entry<String, String> e : new TreeMap<>(secretData).entrySet()) {
                update(digest, e.getKey());
                update(digest, e.getValue());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Length-prefixed, so moving text between fields changes the hash. */
    private static void update(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        digest.update(bytes);
    }
}
