package io.eventqueue.runtime.auth;

import io.eventqueue.runtime.config.Secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** The admin user and password for {@code POST /v1/tokens}; compared in constant time. */
public final class AdminCredentials {
    private final String user;
    private final byte[] userDigest;
    private final byte[] passwordDigest;
    private final boolean generated;

    private AdminCredentials(String user, byte[] password, boolean generated) {
        this.user = user;
        this.userDigest = sha256(user.getBytes(StandardCharsets.UTF_8));
        this.passwordDigest = sha256(password);
        this.generated = generated;
    }

    public static AdminCredentials of(String user, Secret password) {
        return new AdminCredentials(user, password.bytes(), false);
    }

    /** A random password: the caller shows it once, it is never stored anywhere. */
    public static GeneratedPassword generate(String user) {
        byte[] raw = new byte[18];
        new SecureRandom().nextBytes(raw);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        return new GeneratedPassword(new AdminCredentials(user, password.getBytes(StandardCharsets.UTF_8), true),
                Secret.of(password));
    }

    public record GeneratedPassword(AdminCredentials credentials, Secret password) {
    }

    public String user() {
        return user;
    }

    public boolean generated() {
        return generated;
    }

    /** Both parts are always compared, digests of equal length, so timing reveals neither. */
    public boolean matches(String user, byte[] password) {
        boolean userOk = MessageDigest.isEqual(userDigest, sha256(user.getBytes(StandardCharsets.UTF_8)));
        boolean passwordOk = MessageDigest.isEqual(passwordDigest, sha256(password));
        return userOk & passwordOk;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
