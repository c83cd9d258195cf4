package io.eventqueue.runtime.auth;

import java.time.Duration;
import java.util.Set;

/**
 * A validated request for a token: who it is for, what it may do, how long it lives.
 *
 * @param subject the {@code sub} to write; the caller's own user name when the request names none
 */
public record TokenRequest(String subject, Set<Role> roles, Duration ttl) {
    public TokenRequest {
        roles = Set.copyOf(roles);
    }
}
