package io.eventqueue.runtime.tls;

import io.helidon.common.tls.Tls;
import io.helidon.common.tls.TlsClientAuth;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Builds the API listener's TLS from PEM files: TLS 1.3 and 1.2 only, client certificates required with a CA.
 *
 * <p>A client certificate is verified against the CA bundle by the JDK's PKIX trust manager: the chain up to a
 * trusted CA (intermediates sent by the client), validity dates, key usage and an extended key usage that allows
 * {@code clientAuth}. It is never matched against the peer's address: clients connect from pod IPs no certificate
 * names, and a certificate names a workload (CN, a service's DNS name, a SPIFFE ID), not a host.
 */
public final class TlsFactory {
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private TlsFactory() {
    }

    public static Tls create(TlsFiles files) throws TlsConfigException {
        List<X509Certificate> chain = PemFiles.certificates(files.certificate());
        PrivateKey key = PemFiles.privateKey(files.privateKey());
        requireMatch(key, chain.getFirst(), files);
        var builder = Tls.builder()
                .privateKey(key)
                .privateKeyCertChain(chain)
                .enabledProtocols(PROTOCOLS)
                // Helidon's default (HTTPS) would apply a client's hostname check to the client's certificate.
                .endpointIdentificationAlgorithm(Tls.ENDPOINT_IDENTIFICATION_NONE);
        if (files.clientCa().isPresent()) {
            builder.trust(PemFiles.certificates(files.clientCa().get()))
                    .clientAuth(TlsClientAuth.REQUIRED);
        } else {
            // Never consulted (no client certificates are requested), but Helidon 4.1 can only reload a listener
            // whose TLS was created with a trust manager.
            builder.trust(chain).clientAuth(TlsClientAuth.NONE);
        }
        return builder.build();
    }

    /** Fails start-up (or a reload) when a rotation left a key that does not belong to the certificate. */
    private static void requireMatch(PrivateKey key, X509Certificate leaf, TlsFiles files) throws TlsConfigException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        byte[] probe = "eventqueue tls key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // Falls through to the mismatch below: a key the certificate's algorithm cannot use does not match it.
        }
        throw new TlsConfigException(files.privateKey() + ": private key does not match the certificate in "
                + files.certificate());
    }
}
