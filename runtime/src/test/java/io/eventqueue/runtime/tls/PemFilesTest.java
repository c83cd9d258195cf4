package io.eventqueue.runtime.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {
    private static final TestCertificates.Issued CA = TestCertificates.selfSignedCa("Test CA");
    private static final TestCertificates.Issued RSA_LEAF = TestCertificates.leaf("server", TestCertificates.rsa(), CA);
    private static final TestCertificates.Issued EC_LEAF = TestCertificates.leaf("server", TestCertificates.ec(), CA);

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void readsAChainLeafFirst() throws Exception {
        Path chain = file("chain.pem", RSA_LEAF.certificatePem() + CA.certificatePem());
        assertThat(PemFiles.certificates(chain)).containsExactly(RSA_LEAF.certificate(), CA.certificate());
    }

    @Test
    void readsPkcs8Pkcs1AndSec1Keys() throws Exception {
        assertThat(PemFiles.privateKey(file("a.key", RSA_LEAF.pkcs8Pem())))
                .isEqualTo(RSA_LEAF.keys().getPrivate());
        assertThat(PemFiles.privateKey(file("b.key", RSA_LEAF.pkcs1Pem())).getEncoded())
                .isEqualTo(RSA_LEAF.keys().getPrivate().getEncoded());
        assertThat(PemFiles.privateKey(file("c.key", EC_LEAF.pkcs8Pem()))).isEqualTo(EC_LEAF.keys().getPrivate());
        assertThat(PemFiles.privateKey(file("d.key", EC_LEAF.sec1Pem())).getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void everyKeyFormatBuildsAWorkingTlsConfiguration() throws Exception {
        Path certificate = file("tls.crt", EC_LEAF.certificatePem());
        Path key = file("tls.key", EC_LEAF.sec1Pem());
        assertThat(TlsFactory.create(new TlsFiles(certificate, key, Optional.empty())).enabled()).isTrue();
        Path rsaCertificate = file("rsa.crt", RSA_LEAF.certificatePem());
        Path rsaKey = file("rsa.key", RSA_LEAF.pkcs1Pem());
        assertThat(TlsFactory.create(new TlsFiles(rsaCertificate, rsaKey, Optional.empty())).enabled()).isTrue();
    }

    @Test
    void refusesAKeyThatDoesNotMatchTheCertificate() throws Exception {
        Path certificate = file("tls.crt", RSA_LEAF.certificatePem());
        Path key = file("tls.key", TestCertificates.pem("PRIVATE KEY", TestCertificates.rsa().getPrivate().getEncoded()));
        assertThatThrownBy(() -> TlsFactory.create(new TlsFiles(certificate, key, Optional.empty())))
                .isInstanceOf(TlsConfigException.class).hasMessageContaining("does not match the certificate");
    }

    @Test
    void errorsNameTheFileButNeverItsContent() throws Exception {
        String secret = RSA_LEAF.pkcs8Pem();
        Path encrypted = file("enc.key", RSA_LEAF.encryptedPkcs8Pem());
        assertThatThrownBy(() -> PemFiles.privateKey(encrypted)).hasMessageContaining("enc.key")
                .hasMessageContaining("encrypted");
        Path broken = file("broken.key", secret.replace("A", "*"));
        assertThatThrownBy(() -> PemFiles.privateKey(broken))
                .satisfies(e -> assertThat(e.getMessage()).contains("broken.key").doesNotContain("MII"));
        Path garbage = file("garbage.key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemFiles.privateKey(garbage)).hasMessageContaining("unsupported or malformed");
        assertThatThrownBy(() -> PemFiles.certificates(file("empty.crt", ""))).hasMessageContaining("no PEM");
        assertThatThrownBy(() -> PemFiles.certificates(dir.resolve("missing.crt"))).hasMessageContaining("cannot read");
    }
}
