package io.eventqueue.runtime.auth;

import java.time.Instant;
import java.util.Set;

/** Who made a request, from a verified token. */
public record Principal(String subject, Set<String> roles, Instant expiresAt, String tokenId) {
    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
