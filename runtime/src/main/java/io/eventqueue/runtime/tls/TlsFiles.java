package io.eventqueue.runtime.tls;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The PEM files behind the API listener's TLS ({@code server.tls.*}).
 *
 * @param certificate certificate chain, leaf first ({@code server.tls.cert}, {@code --cert})
 * @param privateKey  the leaf's private key ({@code server.tls.key}, {@code --cert-key})
 * @param clientCa    CA bundle for client certificates; present means mTLS is required ({@code server.tls.client-ca})
 */
public record TlsFiles(Path certificate, Path privateKey, Optional<Path> clientCa) {
}
