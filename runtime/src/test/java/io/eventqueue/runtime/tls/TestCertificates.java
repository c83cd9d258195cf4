package io.eventqueue.runtime.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * X.509 certificates issued in memory with BouncyCastle's certificate builder, shaped as real PKIs issue them
 * (cert-manager, SPIRE, an enterprise CA with an intermediate), so TLS tests need no openssl, keytool or files
 * committed with an expiry date.
 */
public final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(1000);

    /** A key pair, its certificate, and the intermediates between it and the root (leaf first, root excluded). */
    public record Issued(KeyPair keys, X509Certificate certificate, List<X509Certificate> intermediates) {
        public Issued(KeyPair keys, X509Certificate certificate) {
            this(keys, certificate, List.of());
        }

        public String certificatePem() {
            return pem(certificate);
        }

        public String pkcs8Pem() {
            try {
                return pem(new JcaPKCS8Generator(keys.getPrivate(), null).generate());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Encrypted PKCS#8 ({@code ENCRYPTED PRIVATE KEY}), as {@code openssl pkcs8 -topk8} writes it with a passphrase. */
        public String encryptedPkcs8Pem() {
            try {
                var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                        .setProvider(new BouncyCastleProvider())
                        .setPassword("passphrase".toCharArray()).build();
                return pem(new JcaPKCS8Generator(keys.getPrivate(), encryptor).generate());
            } catch (IOException | OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }

        /** PKCS#1 ({@code RSA PRIVATE KEY}), as cert-manager writes RSA keys by default. */
        public String pkcs1Pem() {
            try {
                var pkcs1 = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded()).parsePrivateKey();
                return pem(new PemObject("RSA PRIVATE KEY", pkcs1.toASN1Primitive().getEncoded()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * SEC1 ({@code EC PRIVATE KEY}) with the curve and public key inside, after an {@code EC PARAMETERS} block, as
         * {@code openssl ecparam -genkey} writes it.
         */
        public String sec1Pem() {
            if (!(keys.getPrivate() instanceof ECPrivateKey ec)) {
                throw new IllegalStateException("not an EC key");
            }
            try {
                var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, ec.getS(),
                        SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData(),
                        SECObjectIdentifiers.secp256r1);
                return pem(new PemObject("EC PARAMETERS", SECObjectIdentifiers.secp256r1.getEncoded()))
                        + pem(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public void write(Path certificateFile, Path keyFile) throws IOException {
            Files.writeString(certificateFile, certificatePem());
            Files.writeString(keyFile, pkcs8Pem());
        }
    }

    /** What a leaf certificate says about itself; {@link #leaf} starts from the defaults. */
    public record LeafSpec(String commonName, List<GeneralName> subjectAltNames, List<KeyPurposeId> extendedKeyUsage,
                           Instant notBefore, Instant notAfter) {
        public LeafSpec withSans(GeneralName... names) {
            return new LeafSpec(commonName, List.of(names), extendedKeyUsage, notBefore, notAfter);
        }

        public LeafSpec withUsage(KeyPurposeId... purposes) {
            return new LeafSpec(commonName, subjectAltNames, List.of(purposes), notBefore, notAfter);
        }

        public LeafSpec valid(Instant from, Instant until) {
            return new LeafSpec(commonName, subjectAltNames, extendedKeyUsage, from, until);
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

    /** A client certificate with a CN, no SAN and the {@code clientAuth} usage, valid now for a day. */
    public static LeafSpec client(String commonName) {
        Instant now = Instant.now();
        return new LeafSpec(commonName, List.of(), List.of(KeyPurposeId.id_kp_clientAuth), now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(1)));
    }

    public static GeneralName dns(String name) {
        return new GeneralName(GeneralName.dNSName, name);
    }

    public static GeneralName uri(String uri) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, uri);
    }

    public static Issued selfSignedCa(String name) {
        KeyPair keys = rsa();
        return new Issued(keys, ca(name, keys, name, keys.getPrivate(), null));
    }

    /** An intermediate CA under {@code parent}. */
    public static Issued intermediateCa(String name, Issued parent) {
        KeyPair keys = ec();
        return new Issued(keys, ca(name, keys, subjectName(parent), parent.keys().getPrivate(), parent.certificate()));
    }

    /** A leaf for localhost and 127.0.0.1 (usable as server or client, no extended key usage), signed by {@code ca}. */
    public static Issued leaf(String name, KeyPair keys, Issued ca) {
        Instant now = Instant.now();
        LeafSpec spec = new LeafSpec(name, List.of(dns("localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")),
                List.of(), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
        return leaf(spec, keys, ca);
    }

    /** A leaf as {@code spec} describes, signed by {@code issuer}; its chain carries the issuer when it is an intermediate. */
    public static Issued leaf(LeafSpec spec, KeyPair keys, Issued issuer) {
        try {
            X509v3CertificateBuilder builder = builder(subjectName(issuer), spec.commonName(), keys, spec.notBefore(),
                    spec.notAfter(), issuer.certificate());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            if (!spec.subjectAltNames().isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(spec.subjectAltNames().toArray(GeneralName[]::new)));
            }
            if (!spec.extendedKeyUsage().isEmpty()) {
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(spec.extendedKeyUsage().toArray(KeyPurposeId[]::new)));
            }
            X509Certificate certificate = sign(builder, issuer.keys().getPrivate());
            boolean issuerIsRoot = issuer.certificate().getSubjectX500Principal().equals(issuer.certificate().getIssuerX500Principal());
            return new Issued(keys, certificate, issuerIsRoot ? List.of() : List.of(issuer.certificate()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Trusts {@code ca}; presents {@code client} (with its intermediates) when not null. */
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
            List<Certificate> chain = new ArrayList<>(List.of(client.certificate()));
            chain.addAll(client.intermediates());
            identity.setKeyEntry("client", client.keys().getPrivate(), new char[0], chain.toArray(Certificate[]::new));
        }
        kmf.init(identity, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    /** A PEM block of {@code type} around {@code der}, for tests that need a hand-made (e.g. broken) file. */
    public static String pem(String type, byte[] der) {
        return pem(new PemObject(type, der));
    }

    private static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    private static String subjectName(Issued ca) {
        return ca.certificate().getSubjectX500Principal().getName().replaceFirst("^CN=", "");
    }

    private static X509Certificate ca(String name, KeyPair keys, String issuerName, PrivateKey issuerKey,
                                      X509Certificate issuer) {
        try {
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = builder(issuerName, name, keys, now.minus(Duration.ofHours(1)),
                    now.plus(Duration.ofDays(2)), issuer);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return sign(builder, issuerKey);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509v3CertificateBuilder builder(String issuerName, String subject, KeyPair keys, Instant notBefore,
                                                    Instant notAfter, X509Certificate issuer)
            throws IOException, GeneralSecurityException {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuerName),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
                new X500Name("CN=" + subject), keys.getPublic());
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
        if (issuer != null) {
            builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuer));
        }
        return builder;
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws GeneralSecurityException {
        String algorithm = "RSA".equals(issuerKey.getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder(algorithm).build(issuerKey)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
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
}
