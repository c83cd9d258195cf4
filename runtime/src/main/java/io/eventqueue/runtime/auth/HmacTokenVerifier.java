package io.eventqueue.runtime.auth;

import io.helidon.common.Errors;
import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.SignedJwt;
import io.helidon.security.jwt.jwk.JwkOctet;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies the runtime's own tokens with Helidon JWT: HS256 only (no {@code none}, no algorithm switching), signature,
 * {@code exp} required, {@code nbf}/{@code iat} within clock skew, {@code iss} and {@code aud} as configured.
 */
public final class HmacTokenVerifier implements TokenVerifier {
    /** Longer bearer tokens are refused before any parsing. */
    public static final int MAX_TOKEN_CHARS = 8192;

    private final SigningKey key;
    private final String issuer;
    private final String audience;
    private final Duration clockSkew;
    private final Clock clock;

    public HmacTokenVerifier(SigningKey key, String issuer, String audience, Duration clockSkew, Clock clock) {
        this.key = key;
        this.issuer = issuer;
        this.audience = audience;
        this.clockSkew = clockSkew;
        this.clock = clock;
    }

    @Override
    public Principal verify(String token) throws TokenRejectedException {
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new TokenRejectedException(TokenRejectedException.Reason.MALFORMED, "token is too long");
        }
        SignedJwt signed;
        Jwt jwt;
        try {
            signed = SignedJwt.parseToken(token);
            jwt = signed.getJwt();
        } catch (RuntimeException e) {
            throw new TokenRejectedException(TokenRejectedException.Reason.MALFORMED, "token is not a well-formed JWT");
        }
        if (!JwkOctet.ALG_HS256.equals(jwt.algorithm().orElse(null))) {
            throw new TokenRejectedException(TokenRejectedException.Reason.ALGORITHM_NOT_ALLOWED,
                    "token must be signed with HS256");
        }
        Errors signature;
        try {
            signature = signed.verifySignature(key.keys(), key.jwk());
        } catch (RuntimeException e) {
            throw new TokenRejectedException(TokenRejectedException.Reason.BAD_SIGNATURE, "token signature is invalid");
        }
        if (!signature.isValid()) {
            throw new TokenRejectedException(TokenRejectedException.Reason.BAD_SIGNATURE, "token signature is invalid");
        }
        return claims(jwt);
    }

    private Principal claims(Jwt jwt) throws TokenRejectedException {
        Instant now = clock.instant();
        Instant expires;
        Optional<String> subject;
        try {
            expires = jwt.expirationTime().orElseThrow(() -> invalid("token has no exp claim"));
            if (now.isAfter(expires.plus(clockSkew))) {
                throw new TokenRejectedException(TokenRejectedException.Reason.EXPIRED, "token expired at " + expires);
            }
            Optional<Instant> notBefore = jwt.notBefore();
            if (notBefore.isPresent() && now.plus(clockSkew).isBefore(notBefore.get())) {
                throw invalid("token is not valid before " + notBefore.get());
            }
            Optional<Instant> issuedAt = jwt.issueTime();
            if (issuedAt.isPresent() && now.plus(clockSkew).isBefore(issuedAt.get())) {
                throw invalid("token is issued in the future");
            }
            if (!issuer.equals(jwt.issuer().orElse(null))) {
                throw invalid("token issuer is not " + issuer);
            }
            if (!jwt.audience().map(a -> a.contains(audience)).orElse(false)) {
                throw invalid("token audience does not include " + audience);
            }
            subject = jwt.subject();
        } catch (TokenRejectedException e) {
            throw e;
        } catch (RuntimeException e) {
            // Helidon parses claims lazily; a claim of the wrong JSON type surfaces here.
            throw invalid("token claims are malformed");
        }
        if (subject.isEmpty() || subject.get().isBlank()) {
            throw invalid("token has no sub claim");
        }
        return new Principal(subject.get(), roles(jwt), expires, jwt.jwtId().orElse(""), Optional.empty());
    }

    private static Set<String> roles(Jwt jwt) throws TokenRejectedException {
        Optional<JsonValue> claim = jwt.payloadClaim("roles");
        if (claim.isEmpty()) {
            return Set.of();
        }
        if (!(claim.get() instanceof JsonArray array)) {
            throw invalid("token roles claim must be an array of strings");
        }
        Set<String> roles = new HashSet<>();
        for (JsonValue v : array) {
            if (!(v instanceof JsonString s)) {
                throw invalid("token roles claim must be an array of strings");
            }
            roles.add(s.getString());
        }
        return Set.copyOf(roles);
    }

    private static TokenRejectedException invalid(String detail) {
        return new TokenRejectedException(TokenRejectedException.Reason.INVALID_CLAIMS, detail);
    }
}
