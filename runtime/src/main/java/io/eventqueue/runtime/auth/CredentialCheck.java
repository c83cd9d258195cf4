package io.eventqueue.runtime.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Compares secrets in constant time. Both sides are hashed first so neither the content nor the length of the
 * expected secret leaks through timing.
 */
public final class CredentialCheck {
    private CredentialCheck() {
    }

    public static boolean matches(String expected, String supplied) {
        if (expected == null || supplied == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(expected), sha256(supplied));
    }

    /** Checks user and password together, so a wrong user name costs as much time as a wrong password. */
    public static boolean matches(String expectedUser, String expectedPassword, String user, String password) {
        boolean userMatches = matches(expectedUser, user);
        boolean passwordMatches = matches(expectedPassword, password);
        return userMatches & passwordMatches;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
