package io.eventqueue.runtime.auth;

import java.time.Instant;
import java.util.Set;

/** Who made a request, from a verified token. */
public record Principal(String subject, Set<String> roles, Instant expiresAt, String tokenId) {
    /** An admin may do everything, whatever other roles its token lists. */
    public boolean hasRole(String role) {
        return roles.contains(role) || roles.contains(Roles.ADMIN);
    }
}
