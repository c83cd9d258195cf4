package io.eventqueue.runtime.http;

import io.eventqueue.runtime.testing.TestRuntime;

import static io.eventqueue.runtime.http.BadInputHttpTest.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventqueue.runtime.config.Roles;
import io.eventqueue.runtime.auth.SigningKey;
import io.eventqueue.runtime.auth.TestTokens;
import io.eventqueue.runtime.auth.TokenIssuer;
import io.eventqueue.runtime.config.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens of an external OIDC issuer (JWKS file), next to the runtime's own, through real HTTP. */
class ExternalIssuerHttpTest {
    private static final String LOG = "{\"event\":{\"event_type\":\"log\",\"level\":\"info\",\"message\":\"hello\"}}";
    private static final String ISS = "https://idp.example.com/realms/eq";
    private static final KeyPair RSA = TestTokens.rsa();

    @TempDir
    static Path dir;
    static TestRuntime server;

    @BeforeAll
    static void start() throws IOException {
        Path jwks = Files.writeString(dir.resolve("jwks.json"),
                TestTokens.jwks(TestTokens.rsaJwk("idp-1", (RSAPublicKey) RSA.getPublic())));
        server = TestRuntime.start(dir, "--auth.external.jwks-file=" + jwks, "--auth.external.issuer=" + ISS,
                "--auth.external.audience=eventqueue-prod", "--auth.external.roles-claim=realm_access.roles",
                "--auth.external.role-mapping=eq-producer=writer,eq-viewer=reader");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String claims(String roles) {
        long now = Instant.now().getEpochSecond();
        return "{\"iss\":\"" + ISS + "\",\"aud\":\"eventqueue-prod\",\"sub\":\"svc-billing\",\"iat\":" + now
                + ",\"exp\":" + (now + 300) + ",\"realm_access\":{\"roles\":" + roles + "}}";
    }

    @Test
    void anIssuerTokenWithAMappedRoleMayPostEvents() {
        String token = TestTokens.rs256(RSA.getPrivate(), "{\"alg\":\"RS256\",\"kid\":\"idp-1\"}",
                claims("[\"eq-producer\"]"));
        assertThat(server.postEvent(token, LOG).statusCode()).isEqualTo(202);
        assertThat(server.postEvent(server.token(), LOG).statusCode()).as("own tokens still work").isEqualTo(202);
    }

    @Test
    void anIssuerTokenWithoutTheWriterRoleIsForbidden() {
        String viewer = TestTokens.rs256(RSA.getPrivate(), "{\"alg\":\"RS256\",\"kid\":\"idp-1\"}",
                claims("[\"eq-viewer\"]"));
        problem(server.postEvent(viewer, LOG), 403, "forbidden");
        String unmapped = TestTokens.rs256(RSA.getPrivate(), "{\"alg\":\"RS256\",\"kid\":\"idp-1\"}",
                claims("[\"offline_access\"]"));
        problem(server.postEvent(unmapped, LOG), 403, "forbidden");
    }

    @Test
    void rejectionsComeFromTheVerifierThatHandlesTheTokensAlgorithm() {
        TokenIssuer past = new TokenIssuer(SigningKey.of(Secret.of(TestRuntime.JWT_KEY)), "eventqueue",
                "eventqueue", Clock.fixed(Instant.now().minus(Duration.ofHours(3)), ZoneOffset.UTC));
        problem(server.postEvent(past.issue("admin", Roles.ALL, Duration.ofHours(1)).token(), LOG), 401,
                "token-expired");
        long longAgo = Instant.now().minus(Duration.ofHours(3)).getEpochSecond();
        String expiredIssuerToken = TestTokens.rs256(RSA.getPrivate(), "{\"alg\":\"RS256\",\"kid\":\"idp-1\"}",
                claims("[\"eq-producer\"]").replaceFirst("\"exp\":[0-9]+", "\"exp\":" + longAgo));
        problem(server.postEvent(expiredIssuerToken, LOG), 401, "token-expired");
    }

    @Test
    void algorithmConfusionAndAlgNoneAreRefused() {
        byte[] publicKey = RSA.getPublic().getEncoded();
        String confused = TestTokens.hs256(publicKey, "{\"alg\":\"HS256\",\"kid\":\"idp-1\"}",
                claims("[\"eq-producer\"]"));
        problem(server.postEvent(confused, LOG), 401, "invalid-token");
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(publicKey)
                + "\n-----END PUBLIC KEY-----\n";
        problem(server.postEvent(TestTokens.hs256(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                "{\"alg\":\"HS256\"}", claims("[\"eq-producer\"]")), LOG), 401, "invalid-token");
        problem(server.postEvent(TestTokens.unsigned("{\"alg\":\"none\"}", claims("[\"eq-producer\"]")), LOG),
                401, "invalid-token");
        String wrongAudience = TestTokens.rs256(RSA.getPrivate(), "{\"alg\":\"RS256\",\"kid\":\"idp-1\"}",
                claims("[\"eq-producer\"]").replace("eventqueue-prod", "other-api"));
        problem(server.postEvent(wrongAudience, LOG), 401, "invalid-token");
    }
}
