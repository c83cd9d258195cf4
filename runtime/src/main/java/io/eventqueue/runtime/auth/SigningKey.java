package io.eventqueue.runtime.auth;

import io.eventqueue.runtime.config.Secret;
import io.helidon.common.LazyValue;
import io.helidon.security.jwt.jwk.Jwk;
import io.helidon.security.jwt.jwk.JwkKeys;
import io.helidon.security.jwt.jwk.JwkOctet;
import jakarta.json.Json;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The HS256 key tokens are signed and verified with, as a Helidon JWK. The JWK is built when the first token is
 * issued or verified, so Helidon's JWK and JWT utility classes (~20) load then, not at start-up.
 */
public final class SigningKey {
    public static final String KEY_ID = "eventqueue-hs256";

    private final LazyValue<Jwks> jwks;
    private final boolean generated;

    private record Jwks(JwkOctet jwk, JwkKeys keys) {
    }

    private SigningKey(byte[] secret, boolean generated) {
        this.jwks = LazyValue.create(() -> {
            JwkOctet jwk = JwkOctet.create(Json.createObjectBuilder()
                    .add("kty", "oct")
                    .add("kid", KEY_ID)
                    .add("alg", JwkOctet.ALG_HS256)
                    .add("use", Jwk.USE_SIGNATURE)
                    .add("k", Base64.getUrlEncoder().withoutPadding().encodeToString(secret))
                    .build());
            return new Jwks(jwk, JwkKeys.builder().addKey(jwk).build());
        });
        this.generated = generated;
    }

    public static SigningKey of(Secret secret) {
        return new SigningKey(secret.bytes(), false);
    }

    /** A random 256-bit key: tokens then stop working when the process ends. */
    public static SigningKey generate() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new SigningKey(key, true);
    }

    public boolean generated() {
        return generated;
    }

    Jwk jwk() {
        return jwks.get().jwk();
    }

    JwkKeys keys() {
        return jwks.get().keys();
    }
}
