package io.eventqueue.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventqueue.runtime.auth.TokenRejectedException.Reason;
import io.eventqueue.runtime.config.Roles;
import io.eventqueue.runtime.config.RuntimeConfig;
import java.net.URI;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The verified-token cache and an external issuer that withdraws a key. */
class CachingTokenVerifierTest {
    private static final KeyPair RSA = TestTokens.rsa();
    private static final KeyPair NEXT_RSA = TestTokens.rsa();
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final String ISS = "https://idp.example.com/realms/eq";
    private static final Duration REFRESH = Duration.ofMinutes(5);

    private final AtomicReference<String> jwks = new AtomicReference<>(TestTokens.jwks(
            TestTokens.rsaJwk("rsa-1", (RSAPublicKey) RSA.getPublic())));
    private final AtomicLong nanos = new AtomicLong();
    private final CachingTokenVerifier verifier = new CachingTokenVerifier(TokenVerifier.firstOf(List.of(
            new ExternalTokenVerifier(new RuntimeConfig.ExternalIssuer(Optional.of(URI.create("https://idp.example.com")),
                    Optional.empty(), ISS, "eventqueue", "roles", Map.of(), REFRESH, Duration.ofSeconds(2)),
                    Duration.ofSeconds(30), new JwksCache(jwks::get, REFRESH, Duration.ofSeconds(10), nanos::get),
                    Clock.fixed(NOW, ZoneOffset.UTC)))), 100, Duration.ofSeconds(30), Clock.fixed(NOW, ZoneOffset.UTC));

    private static String token() {
        return TestTokens.rs256(RSA.getPrivate(), "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"rsa-1\"}",
                "{\"iss\":\"" + ISS + "\",\"aud\":\"eventqueue\",\"sub\":\"billing\",\"iat\":" + NOW.getEpochSecond()
                        + ",\"exp\":" + (NOW.getEpochSecond() + 3600) + ",\"roles\":[\"writer\"]}");
    }

    @Test
    void aCachedTokenIsRefusedOnceItsKeyLeftTheKeySetAndTheKeySetWasRefreshed() throws Exception {
        String token = token();
        assertThat(verifier.verify(token).signingKey()).contains("rsa-1");

        // The issuer rotates: rsa-1 is withdrawn, rsa-2 signs from now on.
        jwks.set(TestTokens.jwks(TestTokens.rsaJwk("rsa-2", (RSAPublicKey) NEXT_RSA.getPublic())));
        assertThat(verifier.verify(token).subject()).as("until the next refresh the old key set is in use").isEqualTo("billing");

        nanos.addAndGet(REFRESH.toNanos());
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(TokenRejectedException.class)
                .satisfies(e -> assertThat(((TokenRejectedException) e).reason()).isEqualTo(Reason.UNKNOWN_KEY));
    }

    @Test
    void aCachedTokenStaysValidWhileItsKeyIsStillPublished() throws Exception {
        String token = token();
        verifier.verify(token);
        jwks.set(TestTokens.jwks(TestTokens.rsaJwk("rsa-1", (RSAPublicKey) RSA.getPublic()),
                TestTokens.rsaJwk("rsa-2", (RSAPublicKey) NEXT_RSA.getPublic())));
        nanos.addAndGet(REFRESH.toNanos());
        assertThat(verifier.verify(token).roles()).containsExactly(Roles.WRITER);
    }
}
