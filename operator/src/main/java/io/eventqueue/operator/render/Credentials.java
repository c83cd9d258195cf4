package io.eventqueue.operator.render;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Admin credentials and JWT signing key of an instance, as the Secret's keys hold them. */
public record Credentials(String adminUser, String adminPassword, String jwtKey) {

    public Credentials {
        if (jwtKey.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException(RuntimeLayout.JWT_KEY_KEY + " must be at least 32 bytes");
        }
    }

    /** Fresh random credentials: a 32-character password and a 64-character (384-bit) signing key. */
    public static Credentials generate(SecureRandom random) {
        return new Credentials("admin", randomText(random, 24), randomText(random, 48));
    }

    /** The Secret data keys mounted at /etc/eventqueue/secrets/. */
    public Map<String, String> asSecretData() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(RuntimeLayout.ADMIN_USER_KEY, adminUser);
        data.put(RuntimeLayout.ADMIN_PASSWORD_KEY, adminPassword);
        data.put(RuntimeLayout.JWT_KEY_KEY, jwtKey);
        return data;
    }

    @Override
    public String toString() {
        return "Credentials[adminUser=" + adminUser + ", adminPassword=***, jwtKey=***]";
    }

    private static String randomText(SecureRandom random, int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
