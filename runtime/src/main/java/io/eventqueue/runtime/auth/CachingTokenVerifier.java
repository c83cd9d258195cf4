package io.eventqueue.runtime.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers tokens that verified, until they expire, so the hot path does not parse and re-sign the same token on every
 * request. Only successes are cached; the cache is bounded and simply emptied when full. A cached token whose signing
 * key has left the external issuer's key set is dropped and verified again (so refused) once the runtime has
 * refreshed the key set ({@code auth.external.jwks-refresh}).
 */
public final class CachingTokenVerifier implements TokenVerifier {
    private final TokenVerifier delegate;
    private final int maxEntries;
    private final Duration clockSkew;
    private final Clock clock;
    private final ConcurrentHashMap<String, Principal> verified = new ConcurrentHashMap<>();

    public CachingTokenVerifier(TokenVerifier delegate, int maxEntries, Duration clockSkew, Clock clock) {
        this.delegate = delegate;
        this.maxEntries = maxEntries;
        this.clockSkew = clockSkew;
        this.clock = clock;
    }

    @Override
    public Principal verify(String token) throws TokenRejectedException {
        Principal p = verified.get(token);
        if (p != null) {
            if (clock.instant().isAfter(p.expiresAt().plus(clockSkew))) {
                verified.remove(token);
                throw new TokenRejectedException(TokenRejectedException.Reason.EXPIRED, "token expired at " + p.expiresAt());
            }
            if (delegate.stillTrusted(p)) {
                return p;
            }
            // Its signing key left the issuer's key set: verify afresh, which refuses it unless the key came back.
            verified.remove(token);
        }
        p = delegate.verify(token);
        if (verified.size() >= maxEntries) {
            verified.clear();
        }
        verified.put(token, p);
        return p;
    }
}
