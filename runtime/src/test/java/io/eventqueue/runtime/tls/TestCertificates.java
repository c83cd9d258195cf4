package io.eventqueue.runtime.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** X.509 certificates built in memory (no openssl, no keytool), so TLS tests need nothing but the JDK. */
public final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(1000);
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");

    /** A key pair and its certificate. */
    public record Issued(KeyPair keys, X509Certificate certificate) {
        public String certificatePem() {
            return pem("CERTIFICATE", encoded(certificate));
        }

        public String pkcs8Pem() {
            return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
        }

        /** PKCS#1 (RSA) as cert-manager writes by default: the key inside the PKCS#8 wrapper. */
        public String pkcs1Pem() {
            byte[] pkcs8 = keys.getPrivate().getEncoded();
            var children = Der.read(pkcs8, 0).children();
            return pem("RSA PRIVATE KEY", children.get(2).content());
        }

        /** SEC1 (EC) with the curve in its parameters, as openssl ecparam writes it. */
        public String sec1Pem() {
            byte[] s = ((ECPrivateKey) keys.getPrivate()).getS().toByteArray();
            byte[] fixed = new byte[32];
            System.arraycopy(s, Math.max(0, s.length - 32), fixed, Math.max(0, 32 - s.length), Math.min(32, s.length));
            byte[] sec1 = Der.sequence(Der.integer(1), Der.octetString(fixed),
                    Der.tlv(0xa0, Der.oid("1.2.840.10045.3.1.7")));
            return pem("EC PARAMETERS", Der.oid("1.2.840.10045.3.1.7")) + pem("EC PRIVATE KEY", sec1);
        }

        public void write(Path certificateFile, Path keyFile) throws IOException {
            Files.writeString(certificateFile, certificatePem());
            Files.writeString(keyFile, pkcs8Pem());
        }
    }

    private TestCertificates() {
    }

    public static KeyPair rsa() {
        return generate("RSA", null);
    }

    public static KeyPair ec() {
        return generate("EC", new ECGenParameterSpec("secp256r1"));
    }

    public static Issued selfSignedCa(String name) {
        KeyPair keys = rsa();
        return new Issued(keys, certificate(name, keys.getPublic(), name, keys.getPrivate(), true));
    }

    /** A leaf for localhost and 127.0.0.1 (server or client), signed by {@code ca}. */
    public static Issued leaf(String name, KeyPair keys, Issued ca) {
        return new Issued(keys, certificate(name, keys.getPublic(), caName(ca), ca.keys().getPrivate(), false));
    }

    /** Trusts {@code ca}; presents {@code client} when not null. */
    public static SSLContext clientContext(Issued ca, Issued client) throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        if (client != null) {
            identity.setKeyEntry("client", client.keys().getPrivate(), new char[0],
                    new java.security.cert.Certificate[] {client.certificate()});
        }
        kmf.init(identity, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String caName(Issued ca) {
        return ca.certificate().getSubjectX500Principal().getName().replaceFirst("^CN=", "");
    }

    private static KeyPair generate(String algorithm, ECGenParameterSpec spec) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (spec != null) {
                generator.initialize(spec);
            } else {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(String subject, PublicKey key, String issuer, PrivateKey issuerKey,
                                               boolean ca) {
        boolean rsaIssuer = "RSA".equals(issuerKey.getAlgorithm());
        byte[] signatureAlgorithm = rsaIssuer
                ? Der.sequence(Der.oid("1.2.840.113549.1.1.11"), Der.nullValue())
                : Der.sequence(Der.oid("1.2.840.10045.4.3.2"));
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        byte[] validity = Der.sequence(
                Der.tlv(0x17, now.minusHours(1).format(UTC_TIME).getBytes(StandardCharsets.US_ASCII)),
                Der.tlv(0x17, now.plusDays(1).format(UTC_TIME).getBytes(StandardCharsets.US_ASCII)));
        byte[] basicConstraints = Der.sequence(Der.oid("2.5.29.19"), new byte[] {0x01, 0x01, (byte) 0xff},
                Der.octetString(ca ? Der.sequence(new byte[] {0x01, 0x01, (byte) 0xff}) : Der.sequence()));
        byte[] subjectAltNames = Der.sequence(Der.oid("2.5.29.17"), Der.octetString(Der.sequence(
                Der.tlv(0x82, "localhost".getBytes(StandardCharsets.US_ASCII)),
                Der.tlv(0x87, new byte[] {127, 0, 0, 1}))));
        byte[] extensions = ca ? Der.sequence(basicConstraints) : Der.sequence(basicConstraints, subjectAltNames);
        byte[] tbs = Der.sequence(
                Der.tlv(0xa0, Der.integer(2)),
                Der.integer(BigInteger.valueOf(SERIAL.incrementAndGet())),
                signatureAlgorithm,
                name(issuer),
                validity,
                name(subject),
                key.getEncoded(),
                Der.tlv(0xa3, extensions));
        try {
            Signature signer = Signature.getInstance(rsaIssuer ? "SHA256withRSA" : "SHA256withECDSA");
            signer.initSign(issuerKey);
            signer.update(tbs);
            byte[] der = Der.sequence(tbs, signatureAlgorithm, Der.bitString(signer.sign()));
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] name(String commonName) {
        return Der.sequence(Der.tlv(0x31, Der.sequence(Der.oid("2.5.4.3"),
                Der.tlv(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
    }
}
