package io.eventqueue.runtime.auth;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import io.eventqueue.runtime.config.Roles;

/**
 * Who made a request, from a verified token.
 *
 * @param signingKey the id ({@code kid}) of the external issuer's key that verified the token; empty for the
 *                   runtime's own tokens and for issuer keys without an id
 */
public record Principal(String subject, Set<String> roles, Instant expiresAt, String tokenId, Optional<String> signingKey) {
    /** An admin may do everything, whatever other roles its token lists. */
    public boolean hasRole(String role) {
        return roles.contains(role) || roles.contains(Roles.ADMIN);
    }
}
