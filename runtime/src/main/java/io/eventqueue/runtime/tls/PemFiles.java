package io.eventqueue.runtime.tls;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads PEM certificates and private keys as cert-manager, openssl and Kubernetes TLS Secrets write them:
 * PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}), parsed by
 * BouncyCastle's PEM parser. Keys and certificates come out as the JDK's own types (default providers), so JSSE
 * uses them as any other. Error messages name the file, never its content.
 */
public final class PemFiles {
    private static final int MAX_FILE_BYTES = 1 << 20;

    private PemFiles() {
    }

    public static List<X509Certificate> certificates(Path file) throws TlsConfigException {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(read(file)))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (block instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new TlsConfigException(file + ": not a valid PEM certificate");
        }
        if (certificates.isEmpty()) {
            throw new TlsConfigException(file + ": no PEM CERTIFICATE block found");
        }
        return certificates;
    }

    public static PrivateKey privateKey(Path file) throws TlsConfigException {
        try (PEMParser parser = new PEMParser(new StringReader(read(file)))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                switch (block) {
                    case PrivateKeyInfo pkcs8 -> {
                        return jdkKey(pkcs8, file);
                    }
                    case PEMKeyPair pkcs1OrSec1 -> {
                        return jdkKey(pkcs1OrSec1.getPrivateKeyInfo(), file);
                    }
                    case PKCS8EncryptedPrivateKeyInfo encrypted ->
                            throw new TlsConfigException(file + ": encrypted private keys are not supported");
                    case PEMEncryptedKeyPair encrypted ->
                            throw new TlsConfigException(file + ": encrypted private keys are not supported");
                    default -> {
                        // Other blocks (certificates, EC PARAMETERS written by openssl) are skipped.
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new TlsConfigException(file + ": unsupported or malformed private key");
        }
        throw new TlsConfigException(file + ": no PEM private key block found");
    }

    /**
     * The key from the JDK's own providers (BouncyCastle's converter would ask for "ECDSA", which only its own
     * provider offers), chosen by the algorithm the key names.
     */
    private static PrivateKey jdkKey(PrivateKeyInfo info, Path file) throws IOException, TlsConfigException {
        ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
        String algorithm = oid.equals(PKCSObjectIdentifiers.rsaEncryption) ? "RSA"
                : oid.equals(X9ObjectIdentifiers.id_ecPublicKey) ? "EC"
                : oid.equals(EdECObjectIdentifiers.id_Ed25519) ? "Ed25519" : null;
        if (algorithm == null) {
            throw new TlsConfigException(file + ": unsupported private key algorithm " + oid);
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException(file + ": unsupported or malformed private key");
        }
    }

    private static String read(Path file) throws TlsConfigException {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new TlsConfigException(file + ": larger than " + MAX_FILE_BYTES + " bytes");
            }
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new TlsConfigException(file + ": cannot read (" + e.getClass().getSimpleName() + ")");
        }
    }
}
