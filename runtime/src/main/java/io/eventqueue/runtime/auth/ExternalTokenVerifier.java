package io.eventqueue.runtime.auth;

import io.eventqueue.runtime.auth.TokenRejectedException.Reason;
import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.SignedJwt;
import io.helidon.security.jwt.jwk.Jwk;
import io.helidon.security.jwt.jwk.JwkEC;
import io.helidon.security.jwt.jwk.JwkKeys;
import io.helidon.security.jwt.jwk.JwkRSA;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies tokens of an external OpenID Connect issuer. Only RS256 and ES256 are accepted, and only with a key of
 * the matching type: the algorithm named in the token header never chooses how the key is used, which rules out
 * {@code alg: none} and algorithm confusion (an HS256 token "signed" with the issuer's public key).
 */
public final class ExternalTokenVerifier {
    /** Tokens longer than this are refused unparsed. */
    public static final int MAX_TOKEN_CHARS = 8192;

    private static final Set<String> ALGORITHMS = Set.of("RS256", "ES256");
    private static final int MAX_CANDIDATE_KEYS = 8;

    private final ExternalIssuerSettings settings;
    private final JwksCache jwks;
    private final Clock clock;

    public ExternalTokenVerifier(ExternalIssuerSettings settings, JwksCache jwks, Clock clock) {
        this.settings = settings;
        this.jwks = jwks;
        this.clock = clock;
    }

    public Principal verify(String token) throws TokenRejectedException {
        SignedJwt signed = parse(token);
        Jwt jwt = signed.getJwt();
        String algorithm = jwt.algorithm().orElse("");
        if (!ALGORITHMS.contains(algorithm)) {
            throw new TokenRejectedException(Reason.ALGORITHM_NOT_ALLOWED,
                    "token algorithm is not accepted (RS256 or ES256 required)");
        }
        verifySignature(signed, algorithm, jwt.keyId());
        checkClaims(jwt);
        return new Principal(subject(jwt), roles(jwt));
    }

    private static SignedJwt parse(String token) throws TokenRejectedException {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            throw new TokenRejectedException(Reason.MALFORMED, "token is empty or too long");
        }
        try {
            return SignedJwt.parseToken(token);
        } catch (RuntimeException e) {
            throw new TokenRejectedException(Reason.MALFORMED, "token is not a well-formed JWT");
        }
    }

    private void verifySignature(SignedJwt signed, String algorithm, Optional<String> keyId)
            throws TokenRejectedException {
        JwkKeys keys = jwks.keys();
        List<Jwk> candidates = candidates(keys, algorithm, keyId);
        if (candidates.isEmpty() && keyId.isPresent()) {
            candidates = candidates(jwks.refetchForUnknownKey(), algorithm, keyId);
        }
        if (candidates.isEmpty()) {
            throw new TokenRejectedException(Reason.UNKNOWN_KEY, "no key of the issuer matches the token");
        }
        for (Jwk key : candidates) {
            try {
                if (key.verifySignature(signed.getSignedBytes(), signed.getSignature())) {
                    return;
                }
            } catch (RuntimeException e) {
                // A signature of the wrong length or encoding is simply not a valid signature.
            }
        }
        throw new TokenRejectedException(Reason.BAD_SIGNATURE, "token signature is not valid");
    }

    private static List<Jwk> candidates(JwkKeys keys, String algorithm, Optional<String> keyId) {
        List<Jwk> result = new ArrayList<>();
        if (keys == null) {
            return result;
        }
        if (keyId.isPresent()) {
            keys.forKeyId(keyId.get()).filter(key -> usableFor(key, algorithm)).ifPresent(result::add);
            return result;
        }
        for (Jwk key : keys.keys()) {
            if (usableFor(key, algorithm) && result.size() < MAX_CANDIDATE_KEYS) {
                result.add(key);
            }
        }
        return result;
    }

    private static boolean usableFor(Jwk key, String algorithm) {
        boolean typeMatches = switch (algorithm) {
            case "RS256" -> key instanceof JwkRSA;
            case "ES256" -> key instanceof JwkEC;
            default -> false;
        };
        boolean forSigning = key.usage().map("sig"::equals).orElse(true);
        return typeMatches && forSigning && algorithm.equals(key.algorithm());
    }

    private void checkClaims(Jwt jwt) throws TokenRejectedException {
        Instant now = clock.instant();
        Instant expires;
        Optional<Instant> notBefore;
        Optional<Instant> issuedAt;
        try {
            expires = jwt.expirationTime().orElseThrow(
                    () -> new TokenRejectedException(Reason.MALFORMED, "token has no exp claim"));
            notBefore = jwt.notBefore();
            issuedAt = jwt.issueTime();
        } catch (RuntimeException e) {
            throw new TokenRejectedException(Reason.MALFORMED, "token time claims are not numbers");
        }
        if (!now.isBefore(expires.plus(settings.clockSkew()))) {
            throw new TokenRejectedException(Reason.EXPIRED, "token has expired");
        }
        Instant latestAcceptable = now.plus(settings.clockSkew());
        if (notBefore.filter(latestAcceptable::isBefore).isPresent()
                || issuedAt.filter(latestAcceptable::isBefore).isPresent()) {
            throw new TokenRejectedException(Reason.NOT_YET_VALID, "token is not valid yet");
        }
        if (!jwt.issuer().filter(settings.issuer()::equals).isPresent()) {
            throw new TokenRejectedException(Reason.WRONG_ISSUER, "token issuer is not accepted");
        }
        List<String> audience;
        try {
            audience = jwt.audience().orElse(List.of());
        } catch (RuntimeException e) {
            throw new TokenRejectedException(Reason.MALFORMED, "token aud claim is malformed");
        }
        if (!audience.contains(settings.audience())) {
            throw new TokenRejectedException(Reason.WRONG_AUDIENCE, "token audience is not accepted");
        }
    }

    private static String subject(Jwt jwt) throws TokenRejectedException {
        return jwt.subject().filter(sub -> !sub.isBlank() && sub.length() <= 256).orElseThrow(
                () -> new TokenRejectedException(Reason.MALFORMED, "token has no usable sub claim"));
    }

    private Set<Role> roles(Jwt jwt) throws TokenRejectedException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : claimValues(jwt.payloadJson(), settings.rolesClaim())) {
            Optional<Role> role = settings.roleMapping().isEmpty()
                    ? Role.parse(name)
                    : Optional.ofNullable(settings.roleMapping().get(name));
            role.ifPresent(roles::add);
        }
        if (roles.isEmpty()) {
            throw new TokenRejectedException(Reason.NO_ROLES, "token grants none of the roles writer, reader, admin");
        }
        return roles;
    }

    /** Strings under a dotted claim path: an array of strings, or one space-separated string as in {@code scope}. */
    static List<String> claimValues(JsonObject payload, String path) {
        JsonValue value = payload;
        for (String part : path.split("\\.")) {
            if (!(value instanceof JsonObject object) || !object.containsKey(part)) {
                return List.of();
            }
            value = object.get(part);
        }
        List<String> values = new ArrayList<>();
        if (value instanceof JsonString string) {
            for (String item : string.getString().split(" ")) {
                if (!item.isEmpty()) {
                    values.add(item);
                }
            }
        } else if (value instanceof JsonArray array) {
            for (JsonValue item : array) {
                if (item instanceof JsonString string) {
                    values.add(string.getString());
                }
            }
        }
        return values;
    }
}
