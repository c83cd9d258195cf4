package io.eventqueue.runtime.auth;

import java.time.Duration;
import java.util.Set;

/**
 * What {@code POST /v1/tokens} may grant.
 *
 * @param defaultRoles roles of a token whose request names none ({@code auth.token-default-roles})
 * @param defaultTtl   lifetime of a token whose request names none ({@code auth.token-ttl})
 * @param maxTtl       the longest lifetime a request may ask for ({@code auth.max-token-ttl})
 */
public record TokenPolicy(Set<Role> defaultRoles, Duration defaultTtl, Duration maxTtl) {
    public TokenPolicy {
        defaultRoles = Set.copyOf(defaultRoles);
        if (defaultRoles.isEmpty()) {
            throw new IllegalArgumentException("auth.token-default-roles: must name at least one role");
        }
        if (maxTtl.isNegative() || maxTtl.isZero()) {
            throw new IllegalArgumentException("auth.max-token-ttl: must be positive");
        }
        if (defaultTtl.isNegative() || defaultTtl.isZero() || defaultTtl.compareTo(maxTtl) > 0) {
            throw new IllegalArgumentException("auth.token-ttl: must be positive and at most auth.max-token-ttl");
        }
    }
}
