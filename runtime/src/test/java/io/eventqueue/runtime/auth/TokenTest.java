package io.eventqueue.runtime.auth;

import io.eventqueue.runtime.config.Roles;
import io.eventqueue.runtime.config.Secret;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private final SigningKey key = SigningKey.of(Secret.of("0123456789abcdef0123456789abcdef"));
    private final TokenIssuer issuer = new TokenIssuer(key, "eventqueue", "eventqueue", CLOCK);
    private final HmacTokenVerifier verifier = new HmacTokenVerifier(key, "eventqueue", "eventqueue", Duration.ofSeconds(30), CLOCK);

    private static TokenRejectedException.Reason reasonOf(TokenVerifier v, String token) {
        try {
            v.verify(token);
        } catch (TokenRejectedException e) {
            return e.reason();
        }
        throw new AssertionError("token accepted");
    }

    @Test
    void issuedTokenVerifiesWithSubjectRolesAndExpiry() throws Exception {
        TokenIssuer.IssuedToken t = issuer.issue("admin", Roles.ALL, Duration.ofHours(1));
        Principal p = verifier.verify(t.token());
        assertThat(p.subject()).isEqualTo("admin");
        assertThat(p.roles()).containsExactlyInAnyOrder("admin", "writer", "reader");
        assertThat(p.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(t.expiresAt()).isEqualTo(p.expiresAt());
        String payload = new String(Base64.getUrlDecoder().decode(t.token().split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(payload).contains("\"sub\":\"admin\"", "\"iss\":\"eventqueue\"", "\"aud\"", "\"jti\"", "\"iat\"",
                "\"exp\"", "\"roles\":[\"admin\",\"writer\",\"reader\"]");
    }

    @Test
    void expiredTokenIsRejectedAsExpired() {
        TokenIssuer past = new TokenIssuer(key, "eventqueue", "eventqueue", Clock.fixed(NOW.minus(Duration.ofHours(2)), ZoneOffset.UTC));
        assertThat(reasonOf(verifier, past.issue("admin", Roles.ALL, Duration.ofHours(1)).token()))
                .isEqualTo(TokenRejectedException.Reason.EXPIRED);
    }

    @Test
    void tokenWithinClockSkewIsStillAccepted() throws Exception {
        TokenIssuer past = new TokenIssuer(key, "eventqueue", "eventqueue", Clock.fixed(NOW.minusSeconds(70), ZoneOffset.UTC));
        assertThat(verifier.verify(past.issue("admin", Roles.ALL, Duration.ofMinutes(1)).token()).subject()).isEqualTo("admin");
    }

    @Test
    void tokenSignedWithAnotherKeyIsRejected() {
        TokenIssuer other = new TokenIssuer(SigningKey.of(Secret.of("another-key-another-key-another-key")), "eventqueue",
                "eventqueue", CLOCK);
        assertThat(reasonOf(verifier, other.issue("admin", Roles.ALL, Duration.ofHours(1)).token()))
                .isEqualTo(TokenRejectedException.Reason.BAD_SIGNATURE);
    }

    @Test
    void tamperedPayloadIsRejected() {
        String[] parts = issuer.issue("reader-only", List.of(Roles.READER), Duration.ofHours(1)).token().split("\\.");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("[\"reader\"]", "[\"admin\"]").getBytes(StandardCharsets.UTF_8));
        assertThat(reasonOf(verifier, parts[0] + "." + forged + "." + parts[2]))
                .isEqualTo(TokenRejectedException.Reason.BAD_SIGNATURE);
    }

    @Test
    void unsignedAlgNoneTokenIsRejected() {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = b64("{\"sub\":\"admin\",\"iss\":\"eventqueue\",\"aud\":\"eventqueue\",\"exp\":"
                + NOW.plusSeconds(3600).getEpochSecond() + ",\"roles\":[\"admin\"]}");
        assertThat(reasonOf(verifier, header + "." + payload + "."))
                .isEqualTo(TokenRejectedException.Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void garbageIsMalformed() {
        assertThat(reasonOf(verifier, "not-a-jwt")).isEqualTo(TokenRejectedException.Reason.MALFORMED);
        assertThat(reasonOf(verifier, "a.b.c")).isEqualTo(TokenRejectedException.Reason.MALFORMED);
        assertThat(reasonOf(verifier, "x".repeat(9000))).isEqualTo(TokenRejectedException.Reason.MALFORMED);
    }

    @Test
    void wrongAudienceOrIssuerIsRejected() {
        TokenIssuer foreign = new TokenIssuer(key, "someone-else", "other-service", CLOCK);
        assertThat(reasonOf(verifier, foreign.issue("admin", Roles.ALL, Duration.ofHours(1)).token()))
                .isEqualTo(TokenRejectedException.Reason.INVALID_CLAIMS);
    }

    @Test
    void cachedTokenStillExpires() throws Exception {
        Instant[] now = {NOW};
        Clock moving = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        TokenVerifier cached = new CachingTokenVerifier(
                new HmacTokenVerifier(key, "eventqueue", "eventqueue", Duration.ZERO, moving), 10, Duration.ZERO, moving);
        String token = issuer.issue("admin", Roles.ALL, Duration.ofMinutes(5)).token();
        assertThat(cached.verify(token).subject()).isEqualTo("admin");
        now[0] = NOW.plus(Duration.ofMinutes(6));
        assertThat(reasonOf(cached, token)).isEqualTo(TokenRejectedException.Reason.EXPIRED);
    }

    @Test
    void adminCredentialsCompareBothParts() {
        AdminCredentials c = AdminCredentials.of("admin", Secret.of("password1"));
        assertThat(c.matches("admin", "password1".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(c.matches("admin", "password2".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(c.matches("root", "password1".getBytes(StandardCharsets.UTF_8))).isFalse();
        AdminCredentials.GeneratedPassword g = AdminCredentials.generate("admin");
        assertThat(g.password().length()).isGreaterThanOrEqualTo(20);
        assertThat(g.credentials().matches("admin", g.password().bytes())).isTrue();
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void malformedTokensNeverThrowAnythingElse() {
        assertThatThrownBy(() -> verifier.verify(b64("{") + "." + b64("{") + ".x"))
                .isInstanceOf(TokenRejectedException.class);
    }
}
