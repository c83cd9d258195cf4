package io.eventqueue.runtime.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM certificates and private keys as cert-manager, openssl and Kubernetes TLS Secrets write them:
 * PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}). Error
 * messages name the file, never its content.
 */
public final class PemFiles {
    private static final int MAX_FILE_BYTES = 1 << 20;
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
    private static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";

    private PemFiles() {
    }

    public static List<X509Certificate> certificates(Path file) throws TlsConfigException {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            Matcher matcher = BLOCK.matcher(read(file));
            while (matcher.find()) {
                if ("CERTIFICATE".equals(matcher.group(1))) {
                    byte[] der = decode(matcher.group(2), file);
                    certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
                }
            }
        } catch (CertificateException e) {
            throw new TlsConfigException(file + ": not a valid PEM certificate");
        }
        if (certificates.isEmpty()) {
            throw new TlsConfigException(file + ": no PEM CERTIFICATE block found");
        }
        return certificates;
    }

    public static PrivateKey privateKey(Path file) throws TlsConfigException {
        Matcher matcher = BLOCK.matcher(read(file));
        while (matcher.find()) {
            String type = matcher.group(1);
            switch (type) {
                case "PRIVATE KEY" -> {
                    return pkcs8(decode(matcher.group(2), file), file);
                }
                case "RSA PRIVATE KEY" -> {
                    byte[] der = decode(matcher.group(2), file);
                    return pkcs8(wrap(Der.sequence(Der.oid(RSA_ENCRYPTION), Der.nullValue()), der), file);
                }
                case "EC PRIVATE KEY" -> {
                    byte[] der = decode(matcher.group(2), file);
                    return pkcs8(wrap(Der.sequence(Der.oid(EC_PUBLIC_KEY), curveOf(der, file)), der), file);
                }
                case "ENCRYPTED PRIVATE KEY" ->
                        throw new TlsConfigException(file + ": encrypted private keys are not supported");
                default -> {
                    // Other blocks (e.g. EC PARAMETERS written by openssl) are skipped.
                }
            }
        }
        throw new TlsConfigException(file + ": no PEM private key block found");
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

    private static byte[] decode(String base64, Path file) throws TlsConfigException {
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new TlsConfigException(file + ": invalid base64 in PEM block");
        }
    }

    private static byte[] wrap(byte[] algorithm, byte[] key) {
        return Der.sequence(Der.integer(0), algorithm, Der.octetString(key));
    }

    /** The named curve inside a SEC1 key ({@code [0]} parameters), needed for the PKCS#8 algorithm identifier. */
    private static byte[] curveOf(byte[] sec1, Path file) throws TlsConfigException {
        try {
            for (Der.Element element : Der.read(sec1, 0).children()) {
                if (element.tag() == 0xa0) {
                    Der.Element curve = Der.read(sec1, element.contentStart());
                    return Der.tlv(curve.tag(), curve.content());
                }
            }
        } catch (IllegalArgumentException e) {
            throw new TlsConfigException(file + ": malformed EC private key");
        }
        throw new TlsConfigException(file + ": EC private key does not name its curve");
    }

    private static PrivateKey pkcs8(byte[] der, Path file) throws TlsConfigException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // Try the next algorithm: PKCS#8 names it, but KeyFactory has to be asked one by one.
            }
        }
        throw new TlsConfigException(file + ": unsupported or malformed private key");
    }
}
