package io.eventqueue.runtime.http;

import io.eventqueue.runtime.testing.TestRuntime;
import io.eventqueue.runtime.testing.Await;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventqueue.runtime.tls.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime with {@code --listen-addr https://…}, {@code --cert}, {@code --cert-key}: TLS, mTLS, rotation. */
class TlsRotationHttpTest {
    private static final TestCertificates.Issued CA = TestCertificates.selfSignedCa("EventQueue Test CA");
    private static final String LOG = "{\"event\":{\"event_type\":\"log\",\"level\":\"info\",\"message\":\"over tls\"}}";

    @TempDir
    Path dir;

    private TestRuntime start(String... extra) throws IOException {
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        TestCertificates.leaf("first", TestCertificates.ec(), CA).write(cert, key);
        String[] args = new String[extra.length + 3];
        args[0] = "--listen-addr=https://127.0.0.1:0";
        args[1] = "--cert=" + cert;
        args[2] = "--cert-key=" + key;
        System.arraycopy(extra, 0, args, 3, extra.length);
        return TestRuntime.start(dir, args);
    }

    private static HttpResponse<String> post(SSLContext tls, int port, String path, String body, String... headers)
            throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body));
            if (headers.length > 0) {
                request.headers(headers);
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String tokenOver(SSLContext tls, int port) throws IOException, InterruptedException {
        HttpResponse<String> r = post(tls, port, "/v1/tokens", "", "Authorization",
                TestRuntime.basic("admin", TestRuntime.ADMIN_PASSWORD));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body().replaceFirst("(?s).*\"token\":\"([^\"]+)\".*", "$1");
    }

    private static X509Certificate presented(SSLContext tls, int port) {
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theGoEventQueueApiFlowWorksOverTlsAndARotatedCertificateIsServedWithoutRestart() throws Exception {
        try (TestRuntime server = start("--server.tls.reload-interval=100ms")) {
            SSLContext client = TestCertificates.clientContext(CA, null);
            int port = server.runtime.port();
            String token = tokenOver(client, port);
            HttpResponse<String> accepted = post(client, port, "/v1/events", LOG, "Authorization", "Bearer " + token,
                    "Content-Type", "application/json");
            assertThat(accepted.statusCode()).isEqualTo(202);

            TestCertificates.Issued second = TestCertificates.leaf("second", TestCertificates.ec(), CA);
            second.write(dir.resolve("tls.crt"), dir.resolve("tls.key"));
            Await.until(Duration.ofSeconds(10), "the rotated certificate",
                    () -> presented(client, port).equals(second.certificate()));
            assertThat(post(client, port, "/v1/events", LOG, "Authorization", "Bearer " + token,
                    "Content-Type", "application/json").statusCode()).isEqualTo(202);
        }
    }

    @Test
    void plainHttpOnTheTlsPortGetsNoEvents() throws Exception {
        try (TestRuntime server = start()) {
            assertThatThrownBy(() -> server.send(HttpRequest.newBuilder(server.api("/v1/stats"))
                    .timeout(Duration.ofSeconds(5)).GET().build())).isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void withAClientCaOnlyClientsWithACertificateFromItGetIn() throws Exception {
        Path ca = dir.resolve("client-ca.crt");
        java.nio.file.Files.writeString(ca, CA.certificatePem());
        try (TestRuntime server = start("--server.tls.client-ca=" + ca)) {
            int port = server.runtime.port();
            TestCertificates.Issued workload = TestCertificates.leaf("workload", TestCertificates.ec(), CA);
            SSLContext withCertificate = TestCertificates.clientContext(CA, workload);
            String token = tokenOver(withCertificate, port);
            assertThat(post(withCertificate, port, "/v1/events", LOG, "Authorization", "Bearer " + token,
                    "Content-Type", "application/json").statusCode()).isEqualTo(202);

            SSLContext anonymous = TestCertificates.clientContext(CA, null);
            assertThatThrownBy(() -> post(anonymous, port, "/v1/tokens", "")).isInstanceOf(IOException.class);
        }
    }
}
