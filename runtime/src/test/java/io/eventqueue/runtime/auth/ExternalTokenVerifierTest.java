package io.eventqueue.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventqueue.runtime.auth.TokenRejectedException.Reason;
import io.eventqueue.runtime.config.Roles;
import io.eventqueue.runtime.config.RuntimeConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ExternalTokenVerifierTest {
    private static final KeyPair RSA = TestTokens.rsa();
    private static final KeyPair OTHER_RSA = TestTokens.rsa();
    private static final KeyPair EC = TestTokens.ec();
    private static final String JWKS = TestTokens.jwks(
            TestTokens.rsaJwk("rsa-1", (RSAPublicKey) RSA.getPublic()),
            TestTokens.ecJwk("ec-1", (ECPublicKey) EC.getPublic()));
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final String ISS = "https://idp.example.com/realms/eq";

    private final ExternalTokenVerifier verifier = verifier("roles", Map.of());

    private static ExternalTokenVerifier verifier(String rolesClaim, Map<String, String> mapping) {
        RuntimeConfig.ExternalIssuer settings = new RuntimeConfig.ExternalIssuer(
                Optional.of(URI.create("https://idp.example.com")), Optional.empty(), ISS, "eventqueue", rolesClaim,
                mapping, Duration.ofMinutes(5), Duration.ofSeconds(2));
        JwksCache cache = new JwksCache(() -> JWKS, Duration.ofMinutes(5), Duration.ofSeconds(10), System::nanoTime);
        return new ExternalTokenVerifier(settings, Duration.ofSeconds(30), cache, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static String claims(String extra) {
        return "{\"iss\":\"" + ISS + "\",\"aud\":[\"eventqueue\",\"other\"],\"sub\":\"billing\",\"iat\":"
                + NOW.getEpochSecond() + ",\"exp\":" + (NOW.getEpochSecond() + 300) + ",\"roles\":[\"writer\"]"
                + extra + "}";
    }

    private static String rsHeader() {
        return "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"rsa-1\"}";
    }

    private void assertRejected(String token, Reason reason) {
        ThrowingCallable verify = () -> verifier.verify(token);
        assertThatThrownBy(verify).isInstanceOf(TokenRejectedException.class)
                .satisfies(e -> assertThat(((TokenRejectedException) e).reason()).isEqualTo(reason));
    }

    @Test
    void acceptsAnRs256TokenAndReadsSubjectAndRoles() throws Exception {
        Principal principal = verifier.verify(TestTokens.rs256(RSA.getPrivate(), rsHeader(), claims("")));
        assertThat(principal.subject()).isEqualTo("billing");
        assertThat(principal.roles()).containsExactly(Roles.WRITER);
        assertThat(principal.expiresAt()).isEqualTo(NOW.plusSeconds(300));
    }

    @Test
    void acceptsAnEs256Token() throws Exception {
        String token = TestTokens.es256(EC.getPrivate(), "{\"alg\":\"ES256\",\"kid\":\"ec-1\"}", claims(""));
        assertThat(verifier.verify(token).subject()).isEqualTo("billing");
    }

    @Test
    void acceptsATokenWithoutKeyIdWhenAKeyOfItsTypeVerifiesIt() throws Exception {
        String token = TestTokens.es256(EC.getPrivate(), "{\"alg\":\"ES256\"}", claims(""));
        assertThat(verifier.verify(token).roles()).containsExactly(Roles.WRITER);
    }

    @Test
    void acceptsASingleStringAudience() throws Exception {
        String payload = claims("").replace("[\"eventqueue\",\"other\"]", "\"eventqueue\"");
        assertThat(verifier.verify(TestTokens.rs256(RSA.getPrivate(), rsHeader(), payload)).subject())
                .isEqualTo("billing");
    }

    @Test
    void rejectsAlgNone() {
        assertRejected(TestTokens.unsigned("{\"alg\":\"none\",\"kid\":\"rsa-1\"}", claims("")),
                Reason.ALGORITHM_NOT_ALLOWED);
        assertRejected(TestTokens.unsigned("{\"alg\":\"None\"}", claims("")), Reason.ALGORITHM_NOT_ALLOWED);
        assertRejected(TestTokens.unsigned("{\"typ\":\"JWT\"}", claims("")), Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void rejectsAnHs256TokenSignedWithTheIssuersPublicKey() {
        byte[] der = RSA.getPublic().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n";
        String header = "{\"alg\":\"HS256\",\"kid\":\"rsa-1\"}";
        assertRejected(TestTokens.hs256(der, header, claims("")), Reason.ALGORITHM_NOT_ALLOWED);
        assertRejected(TestTokens.hs256(pem.getBytes(StandardCharsets.US_ASCII), header, claims("")),
                Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void rejectsAnEs256HeaderOnAnRsaKey() {
        String token = TestTokens.es256(EC.getPrivate(), "{\"alg\":\"ES256\",\"kid\":\"rsa-1\"}", claims(""));
        assertRejected(token, Reason.UNKNOWN_KEY);
    }

    @Test
    void rejectsASignatureByAnotherKey() {
        assertRejected(TestTokens.rs256(OTHER_RSA.getPrivate(), rsHeader(), claims("")), Reason.BAD_SIGNATURE);
    }

    @Test
    void rejectsATamperedPayload() {
        String token = TestTokens.rs256(RSA.getPrivate(), rsHeader(), claims(""));
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + TestTokens.encode(claims("").replace("writer", "admin")) + "." + parts[2];
        assertRejected(forged, Reason.BAD_SIGNATURE);
    }

    @Test
    void rejectsAnUnknownKeyId() {
        String header = "{\"alg\":\"RS256\",\"kid\":\"rotated-away\"}";
        assertRejected(TestTokens.rs256(RSA.getPrivate(), header, claims("")), Reason.UNKNOWN_KEY);
    }

    @Test
    void rejectsAnExpiredTokenBeyondTheClockSkew() throws Exception {
        String withinSkew = claims("").replace("\"exp\":" + (NOW.getEpochSecond() + 300),
                "\"exp\":" + (NOW.getEpochSecond() - 29));
        assertThat(verifier.verify(TestTokens.rs256(RSA.getPrivate(), rsHeader(), withinSkew))).isNotNull();
        String expired = claims("").replace("\"exp\":" + (NOW.getEpochSecond() + 300),
                "\"exp\":" + (NOW.getEpochSecond() - 30));
        assertRejected(TestTokens.rs256(RSA.getPrivate(), rsHeader(), expired), Reason.EXPIRED);
    }

    @Test
    void rejectsATokenWithoutExpiry() {
        String payload = claims("").replace(",\"exp\":" + (NOW.getEpochSecond() + 300), "");
        assertRejected(TestTokens.rs256(RSA.getPrivate(), rsHeader(), payload), Reason.MALFORMED);
    }

    @Test
    void rejectsANotYetValidTokenBeyondTheClockSkew() throws Exception {
        String withinSkew = claims(",\"nbf\":" + (NOW.getEpochSecond() + 30));
        assertThat(verifier.verify(TestTokens.rs256(RSA.getPrivate(), rsHeader(), withinSkew))).isNotNull();
        String early = claims(",\"nbf\":" + (NOW.getEpochSecond() + 31));
        assertRejected(TestTokens.rs256(RSA.getPrivate(), rsHeader(), early), Reason.INVALID_CLAIMS);
        String issuedInFuture = claims("").replace("\"iat\":" + NOW.getEpochSecond(),
                "\"iat\":" + (NOW.getEpochSecond() + 3600));
        assertRejected(TestTokens.rs256(RSA.getPrivate(), rsHeader(), issuedInFuture), Reason.INVALID_CLAIMS);
    }

    @Test
    void rejectsAWrongIssuer() {
        String payload = claims("").replace(ISS, "https://evil.example.com/realms/eq");
        assertRejected(TestTokens.rs256(RSA.getPrivate(), rsHeader(), payload), Reason.INVALID_CLAIMS);
    }

    @Test
    void rejectsAWrongAudience() {
        String payload = claims("").replace("[\"eventqueue\",\"other\"]", "[\"other\"]");
        assertRejected(TestTokens.rs256(RSA.getPrivate(), rsHeader(), payload), Reason.INVALID_CLAIMS);
        String none = claims("").replace("\"aud\":[\"eventqueue\",\"other\"],", "");
        assertRejected(TestTokens.rs256(RSA.getPrivate(), rsHeader(), none), Reason.INVALID_CLAIMS);
    }

    @Test
    void aTokenWithoutAnyKnownRoleAuthenticatesWithNoRoles() throws Exception {
        String payload = claims("").replace("[\"writer\"]", "[\"superuser\"]");
        assertThat(verifier.verify(TestTokens.rs256(RSA.getPrivate(), rsHeader(), payload)).roles()).isEmpty();
        String noClaim = claims("").replace(",\"roles\":[\"writer\"]", "");
        assertThat(verifier.verify(TestTokens.rs256(RSA.getPrivate(), rsHeader(), noClaim)).roles()).isEmpty();
    }

    @Test
    void rejectsGarbage() {
        assertRejected("", Reason.MALFORMED);
        assertRejected("not-a-jwt", Reason.MALFORMED);
        assertRejected("a.b.c", Reason.MALFORMED);
        assertRejected("x".repeat(9000), Reason.MALFORMED);
        assertRejected(TestTokens.encode("{\"alg\":\"RS256\"}") + "." + "%%%" + ".sig", Reason.MALFORMED);
    }

    @Test
    void mapsIssuerRolesFromANestedClaim() throws Exception {
        ExternalTokenVerifier mapped = verifier("realm_access.roles",
                Map.of("eq-producer", Roles.WRITER, "eq-ops", Roles.ADMIN));
        String payload = claims(",\"realm_access\":{\"roles\":[\"eq-producer\",\"offline_access\"]}");
        assertThat(mapped.verify(TestTokens.rs256(RSA.getPrivate(), rsHeader(), payload)).roles())
                .containsExactly(Roles.WRITER);
    }

    @Test
    void readsRolesFromASpaceSeparatedScope() throws Exception {
        ExternalTokenVerifier scoped = verifier("scope", Map.of("events:write", Roles.WRITER, "events:read", Roles.READER));
        String payload = claims(",\"scope\":\"openid events:write events:read\"");
        assertThat(scoped.verify(TestTokens.rs256(RSA.getPrivate(), rsHeader(), payload)).roles())
                .containsExactlyInAnyOrder(Roles.WRITER, Roles.READER);
    }

}
