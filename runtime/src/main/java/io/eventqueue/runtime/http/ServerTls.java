package io.eventqueue.runtime.http;

import io.eventqueue.runtime.config.ConfigException;
import io.eventqueue.runtime.config.RuntimeConfig;
import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;
import io.helidon.common.tls.Tls;
import io.helidon.common.tls.TlsClientAuth;

import java.nio.file.Path;

/** The API socket's TLS from PEM files ({@code server.tls.*}); mTLS when a client CA is configured. */
public final class ServerTls {
    private ServerTls() {
    }

    public static Tls from(RuntimeConfig.Server server) {
        Path cert = server.tlsCert().orElseThrow();
        Path key = server.tlsKey().orElseThrow();
        Keys keys;
        try {
            keys = Keys.builder().pem(pem -> pem.key(Resource.create(key)).certChain(Resource.create(cert))).build();
            if (keys.privateKey().isEmpty()) {
                throw new ConfigException("server.tls.key", "no private key found in " + key);
            }
            if (keys.certChain().isEmpty()) {
                throw new ConfigException("server.tls.cert", "no certificate found in " + cert);
            }
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigException("server.tls.key", "cannot load PEM key/certificate: " + e.getMessage());
        }
        var tls = Tls.builder().privateKey(keys).privateKeyCertChain(keys);
        server.tlsClientCa().ifPresent(ca -> {
            try {
                tls.trust(t -> t.pem(pem -> pem.certificates(Resource.create(ca)))).clientAuth(TlsClientAuth.REQUIRED);
            } catch (RuntimeException e) {
                throw new ConfigException("server.tls.client-ca", "cannot load PEM certificates: " + e.getMessage());
            }
        });
        return tls.build();
    }
}
