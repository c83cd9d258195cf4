package io.eventqueue.runtime.auth;

import java.util.Objects;
import java.util.Set;

/**
 * An authenticated caller.
 *
 * @param subject the token's {@code sub}: the client id used for per-client rate limits
 * @param roles   the roles the token grants
 */
public record Principal(String subject, Set<Role> roles) {
    public Principal {
        Objects.requireNonNull(subject, "subject");
        roles = Set.copyOf(roles);
    }

    /** Whether this caller may act in {@code role}; an admin may act in every role. */
    public boolean has(Role role) {
        return roles.contains(role) || roles.contains(Role.ADMIN);
    }
}
