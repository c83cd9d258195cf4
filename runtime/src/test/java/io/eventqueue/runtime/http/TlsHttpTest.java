package io.eventqueue.runtime.http;

import io.eventqueue.runtime.testing.TestRuntime;

import io.eventqueue.runtime.EventQueueRuntime;
import io.eventqueue.runtime.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code https://} listen address with the Go Event Queue API's {@code --cert} / {@code --cert-key} PEM files. */
class TlsHttpTest {
    @TempDir
    Path dir;

    /** A self-signed certificate for 127.0.0.1 made with the JDK's keytool, written out as PEM files. */
    private KeyStore selfSigned(Path cert, Path key) throws Exception {
        Path p12 = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, "changeit".toCharArray());
        }
        Certificate certificate = ks.getCertificate("server");
        Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", ks.getKey("server", "changeit".toCharArray()).getEncoded()));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", certificate);
        return trust;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    @Test
    void servesTheApiOverTls() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        KeyStore trust = selfSigned(cert, key);
        try (TestRuntime server = TestRuntime.start(dir, "--listen-addr=https://127.0.0.1:0", "--cert=" + cert,
                "--cert-key=" + key)) {
            EventQueueRuntime runtime = server.runtime;
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(ssl).build();
            HttpResponse<String> token = https.send(HttpRequest.newBuilder(
                            URI.create("https://127.0.0.1:" + runtime.port() + "/v1/tokens"))
                    .header("Authorization", TestRuntime.basic("admin", TestRuntime.ADMIN_PASSWORD))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(token.statusCode()).isEqualTo(200);
            assertThat(token.body()).contains("\"token\"");
        }
    }

    @Test
    void aKeyFileWithoutAKeyIsAConfigError() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        selfSigned(cert, key);
        Path notAKey = Files.writeString(dir.resolve("not-a-key.pem"), Files.readString(cert));
        assertThatThrownBy(() -> TestRuntime.start(dir, "--listen-addr=https://127.0.0.1:0", "--cert=" + cert,
                "--cert-key=" + notAKey))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config: server.tls.key: ");
    }
}
