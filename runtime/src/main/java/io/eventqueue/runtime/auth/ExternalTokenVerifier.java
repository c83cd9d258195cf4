package io.eventqueue.runtime.auth;

import io.eventqueue.runtime.auth.TokenRejectedException.Reason;
import io.eventqueue.runtime.config.Roles;
import io.eventqueue.runtime.config.RuntimeConfig;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies tokens of an external OpenID Connect issuer. Only RS256 and ES256 are accepted, and only with a key of
 * the matching type: the algorithm named in the token header never chooses how the key is used, which rules out
 * {@code alg: none} and algorithm confusion (an HS256 token "signed" with the issuer's public key).
 */
public final class ExternalTokenVerifier implements TokenVerifier {
    /** Tokens longer than this are refused unparsed. */
    public static final int MAX_TOKEN_CHARS = 8192;

    private static final Set<String> ALGORITHMS = Set.of("RS256", "ES256");
    private static final int MAX_CANDIDATE_KEYS = 8;

    /** A JWKS naming an unknown key id is fetched again at most this often. */
    private static final Duration MIN_REFETCH = Duration.ofSeconds(10);

    private final RuntimeConfig.ExternalIssuer settings;
    private final Duration clockSkew;
    private final JwksCache jwks;
    private final Clock clock;

    public ExternalTokenVerifier(RuntimeConfig.ExternalIssuer settings, Duration clockSkew, JwksCache jwks,
                                 Clock clock) {
        this.settings = settings;
        this.clockSkew = clockSkew;
        this.jwks = jwks;
        this.clock = clock;
    }

    /** The verifier for {@code settings}, fetching keys from its URL or reading its file. */
    public static ExternalTokenVerifier create(RuntimeConfig.ExternalIssuer settings, Duration clockSkew, Clock clock) {
        JwksLoader loader = settings.jwksUrl()
                .map(url -> JwksLoader.fromUrl(url, settings.jwksTimeout()))
                .orElseGet(() -> JwksLoader.fromFile(settings.jwksFile().orElseThrow()));
        JwksCache cache = new JwksCache(loader, settings.jwksRefresh(), MIN_REFETCH, System::nanoTime);
        // Fetched in the background at start, so the first request does not wait for the issuer.
        Thread.ofVirtual().name("jwks-prefetch").start(cache::keys);
        return new ExternalTokenVerifier(settings, clockSkew, cache, clock);
    }

    @Override
    public Principal verify(String token) throws TokenRejectedException {
        SignedJwt signed = parse(token);
        Jwt jwt = signed.getJwt();
        String algorithm = jwt.algorithm().orElse("");
        if (!ALGORITHMS.contains(algorithm)) {
            throw new TokenRejectedException(Reason.ALGORITHM_NOT_ALLOWED,
                    "token algorithm is not accepted (RS256 or ES256 required)");
        }
        Jwk key = verifySignature(signed, algorithm, jwt.keyId());
        Instant expires = checkClaims(jwt);
        return new Principal(subject(jwt), roles(jwt), expires, tokenId(jwt), key.keyId() == null || key.keyId().isEmpty()
                ? Optional.empty() : Optional.of(key.keyId()));
    }

    /** False once the key that verified the token has left the issuer's key set (after the next JWKS refresh). */
    @Override
    public boolean stillTrusted(Principal principal) {
        if (principal.signingKey().isEmpty()) {
            return true;
        }
        JwkKeys keys = jwks.keys();
        return keys != null && keys.forKeyId(principal.signingKey().get()).isPresent();
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

    private Jwk verifySignature(SignedJwt signed, String algorithm, Optional<String> keyId)
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
                    return key;
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

    /** Checks time, issuer and audience; returns the expiry. */
    private Instant checkClaims(Jwt jwt) throws TokenRejectedException {
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
        if (!now.isBefore(expires.plus(clockSkew))) {
            throw new TokenRejectedException(Reason.EXPIRED, "token has expired");
        }
        Instant latestAcceptable = now.plus(clockSkew);
        if (notBefore.filter(latestAcceptable::isBefore).isPresent()
                || issuedAt.filter(latestAcceptable::isBefore).isPresent()) {
            throw new TokenRejectedException(Reason.INVALID_CLAIMS, "token is not valid yet");
        }
        if (!jwt.issuer().filter(settings.issuer()::equals).isPresent()) {
            throw new TokenRejectedException(Reason.INVALID_CLAIMS, "token issuer is not accepted");
        }
        List<String> audience;
        try {
            audience = jwt.audience().orElse(List.of());
        } catch (RuntimeException e) {
            throw new TokenRejectedException(Reason.MALFORMED, "token aud claim is malformed");
        }
        if (!audience.contains(settings.audience())) {
            throw new TokenRejectedException(Reason.INVALID_CLAIMS, "token audience is not accepted");
        }
        return expires;
    }

    private static String subject(Jwt jwt) throws TokenRejectedException {
        return jwt.subject().filter(sub -> !sub.isBlank() && sub.length() <= 256).orElseThrow(
                () -> new TokenRejectedException(Reason.MALFORMED, "token has no usable sub claim"));
    }

    private static String tokenId(Jwt jwt) {
        try {
            return jwt.jwtId().orElse("");
        } catch (RuntimeException e) {
            return "";
        }
    }

    /**
     * The runtime roles the token grants; roles the issuer names but the mapping does not know are ignored, and a
     * token left with none is authenticated but forbidden everything (403).
     */
    private Set<String> roles(Jwt jwt) {
        Set<String> roles = new HashSet<>();
        for (String name : claimValues(jwt.payloadJson(), settings.rolesClaim())) {
            String role = settings.roleMapping().isEmpty() ? name : settings.roleMapping().get(name);
            if (role != null && Roles.KNOWN.contains(role)) {
                roles.add(role);
            }
        }
        return Set.copyOf(roles);
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
