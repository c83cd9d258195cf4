package io.eventqueue.runtime.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsReloadTest {
    private static final TestCertificates.Issued CA = TestCertificates.selfSignedCa("Test CA");

    @TempDir
    Path dir;
    private WebServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private TlsFiles files(boolean mtls) throws IOException {
        Path ca = dir.resolve("ca.crt");
        Files.writeString(ca, CA.certificatePem());
        return new TlsFiles(dir.resolve("tls.crt"), dir.resolve("tls.key"), mtls ? Optional.of(ca) : Optional.empty());
    }

    private void start(TlsFiles files) throws TlsConfigException {
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .tls(TlsFactory.create(files))
                .routing(routing -> routing.get("/", (req, res) -> res.send("ok")))
                .build()
                .start();
    }

    /** The certificate the server presents on a new connection, after a full request. */
    private X509Certificate serverCertificate(SSLContext client) throws IOException {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    @Test
    void servesTheNewCertificateAfterTheFilesChangeWithoutRestart() throws Exception {
        TlsFiles files = files(false);
        TestCertificates.Issued first = TestCertificates.leaf("first", TestCertificates.ec(), CA);
        first.write(files.certificate(), files.privateKey());
        start(files);
        SSLContext client = TestCertificates.clientContext(CA, null);
        assertThat(serverCertificate(client)).isEqualTo(first.certificate());

        try (TlsReloader reloader = new TlsReloader(files, server::reloadTls)) {
            assertThat(reloader.checkNow()).isFalse();
            TestCertificates.Issued second = TestCertificates.leaf("second", TestCertificates.ec(), CA);
            second.write(files.certificate(), files.privateKey());
            assertThat(reloader.checkNow()).isTrue();
            assertThat(serverCertificate(client)).isEqualTo(second.certificate());
        }
    }

    @Test
    void aHalfWrittenRotationKeepsTheCurrentCertificate() throws Exception {
        TlsFiles files = files(false);
        TestCertificates.Issued first = TestCertificates.leaf("first", TestCertificates.ec(), CA);
        first.write(files.certificate(), files.privateKey());
        start(files);
        SSLContext client = TestCertificates.clientContext(CA, null);
        try (TlsReloader reloader = new TlsReloader(files, server::reloadTls)) {
            TestCertificates.Issued second = TestCertificates.leaf("second", TestCertificates.ec(), CA);
            Files.writeString(files.certificate(), second.certificatePem());
            assertThat(reloader.checkNow()).isFalse();
            assertThat(serverCertificate(client)).isEqualTo(first.certificate());

            Files.writeString(files.privateKey(), second.pkcs8Pem());
            assertThat(reloader.checkNow()).isTrue();
            assertThat(serverCertificate(client)).isEqualTo(second.certificate());
        }
    }

    @Test
    void mutualTlsRequiresAClientCertificateFromTheConfiguredCa() throws Exception {
        TlsFiles files = files(true);
        TestCertificates.leaf("server", TestCertificates.ec(), CA).write(files.certificate(), files.privateKey());
        start(files);

        TestCertificates.Issued client = TestCertificates.leaf("client", TestCertificates.ec(), CA);
        assertThat(serverCertificate(TestCertificates.clientContext(CA, client))).isNotNull();

        assertThatThrownBy(() -> serverCertificate(TestCertificates.clientContext(CA, null)))
                .isInstanceOf(IOException.class);
        TestCertificates.Issued otherCa = TestCertificates.selfSignedCa("Other CA");
        TestCertificates.Issued stranger = TestCertificates.leaf("stranger", TestCertificates.ec(), otherCa);
        assertThatThrownBy(() -> serverCertificate(TestCertificates.clientContext(CA, stranger)))
                .isInstanceOf(IOException.class);
    }
}
