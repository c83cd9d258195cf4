package io.eventqueue.runtime.http;

import static io.eventqueue.runtime.tls.TestCertificates.client;
import static io.eventqueue.runtime.tls.TestCertificates.dns;
import static io.eventqueue.runtime.tls.TestCertificates.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventqueue.runtime.testing.TestRuntime;
import io.eventqueue.runtime.tls.TestCertificates;
import io.eventqueue.runtime.tls.TestCertificates.Issued;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mTLS ({@code server.tls.client-ca}) with client certificates as real PKIs issue them. The client connects from
 * 127.0.0.1, which none of the accepted certificates names: they are verified against the CA, never against the
 * peer's address.
 */
class MutualTlsHttpTest {
    private static final Issued ROOT = TestCertificates.selfSignedCa("Cluster Root CA");
    private static final Issued OTHER_ROOT = TestCertificates.selfSignedCa("Someone Else's CA");

    @TempDir
    static Path dir;

    private static TestRuntime runtime;

    @BeforeAll
    static void start() throws IOException {
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        TestCertificates.leaf("eventqueue", TestCertificates.ec(), ROOT).write(cert, key);
        Path ca = Files.writeString(dir.resolve("ca.crt"), ROOT.certificatePem());
        runtime = TestRuntime.start(dir, "--listen-addr=https://127.0.0.1:0", "--cert=" + cert, "--cert-key=" + key,
                "--server.tls.client-ca=" + ca, "--durability=memory");
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void aClientCertificateWithOnlyACommonNameIsAccepted() throws Exception {
        assertThat(stats(issue(client("billing-producer"), ROOT))).isEqualTo(200);
    }

    @Test
    void aClientCertificateForAServiceDnsNameIsAccepted() throws Exception {
        Issued certificate = issue(client("producer").withSans(dns("producer.shop.svc"),
                dns("producer.shop.svc.cluster.local")), ROOT);
        assertThat(stats(certificate)).isEqualTo(200);
    }

    @Test
    void aSpiffeIdentityIsAccepted() throws Exception {
        Issued svid = issue(client("producer").withSans(uri("spiffe://cluster.local/ns/shop/sa/producer"))
                .withUsage(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth), ROOT);
        assertThat(stats(svid)).isEqualTo(200);
    }

    @Test
    void aCertificateIssuedByAnIntermediateUnderTheTrustedRootIsAccepted() throws Exception {
        Issued intermediate = TestCertificates.intermediateCa("Issuing CA 1", ROOT);
        Issued certificate = issue(client("producer"), intermediate);
        assertThat(certificate.intermediates()).containsExactly(intermediate.certificate());
        assertThat(stats(certificate)).isEqualTo(200);
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() {
        Issued stranger = issue(client("producer"), OTHER_ROOT);
        assertThatThrownBy(() -> stats(stranger)).isInstanceOf(IOException.class);
    }

    @Test
    void anExpiredCertificateIsRefused() {
        Instant now = Instant.now();
        Issued expired = issue(client("producer").valid(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))),
                ROOT);
        assertThatThrownBy(() -> stats(expired)).isInstanceOf(IOException.class);
    }

    @Test
    void aCertificateForServersOnlyIsRefused() {
        Issued serverOnly = issue(client("producer").withUsage(KeyPurposeId.id_kp_serverAuth), ROOT);
        assertThatThrownBy(() -> stats(serverOnly)).isInstanceOf(IOException.class);
    }

    @Test
    void noClientCertificateIsRefused() {
        assertThatThrownBy(() -> send(HttpClient.newBuilder().sslContext(TestCertificates.clientContext(ROOT, null))
                .connectTimeout(Duration.ofSeconds(5)).build())).isInstanceOf(IOException.class);
    }

    private static Issued issue(TestCertificates.LeafSpec spec, Issued issuer) {
        return TestCertificates.leaf(spec, TestCertificates.ec(), issuer);
    }

    /** {@code GET /v1/stats} over a new connection presenting {@code certificate}; the status code. */
    private static int stats(Issued certificate) throws Exception {
        HttpClient https = HttpClient.newBuilder().sslContext(TestCertificates.clientContext(ROOT, certificate))
                .connectTimeout(Duration.ofSeconds(5)).build();
        return send(https);
    }

    private static int send(HttpClient https) throws IOException, InterruptedException {
        try (https) {
            return https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + runtime.runtime.port() + "/v1/stats"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        }
    }
}
