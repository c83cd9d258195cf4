package io.eventqueue.runtime.http;

import io.eventqueue.runtime.config.ConfigException;
import io.eventqueue.runtime.config.RuntimeConfig;
import io.eventqueue.runtime.tls.TlsConfigException;
import io.eventqueue.runtime.tls.TlsFactory;
import io.eventqueue.runtime.tls.TlsFiles;
import io.helidon.common.tls.Tls;

/** The API socket's TLS from PEM files ({@code server.tls.*}); mTLS when a client CA is configured. */
public final class ServerTls {
    private ServerTls() {
    }

    public static TlsFiles files(RuntimeConfig.Server server) {
        return new TlsFiles(server.tlsCert().orElseThrow(), server.tlsKey().orElseThrow(), server.tlsClientCa());
    }

    public static Tls from(RuntimeConfig.Server server) {
        try {
            return TlsFactory.create(files(server));
        } catch (TlsConfigException e) {
            String message = e.getMessage();
            String key = message.startsWith(server.tlsCert().orElseThrow().toString()) ? "server.tls.cert"
                    : server.tlsClientCa().filter(ca -> message.startsWith(ca.toString())).isPresent()
                    ? "server.tls.client-ca" : "server.tls.key";
            throw new ConfigException(key, message);
        }
    }
}
