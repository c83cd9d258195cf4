package io.eventqueue.runtime.auth;

import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.SignedJwt;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Signs HS256 tokens with claims {@code sub, roles, iat, exp, iss, aud, jti}. */
public final class TokenIssuer {
    private final SigningKey key;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    public TokenIssuer(SigningKey key, String issuer, String audience, Clock clock) {
        this.key = key;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    public record IssuedToken(String token, Instant expiresAt, String tokenId) {
    }

    public IssuedToken issue(String subject, List<String> roles, Duration ttl) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plus(ttl);
        String jti = io.eventqueue.runtime.event.EventIds.next();
        JsonArrayBuilder rolesJson = Json.createArrayBuilder();
        roles.forEach(rolesJson::add);
        Jwt jwt = Jwt.builder()
                .algorithm(io.helidon.security.jwt.jwk.JwkOctet.ALG_HS256)
                .type("JWT")
                .keyId(SigningKey.KEY_ID)
                .subject(subject)
                .issuer(issuer)
                .addAudience(audience)
                .issueTime(now)
                .expirationTime(expires)
                .jwtId(jti)
                .addPayloadClaim("roles", rolesJson.build())
                .build();
        return new IssuedToken(SignedJwt.sign(jwt, key.jwk()).tokenContent(), expires, jti);
    }
}
