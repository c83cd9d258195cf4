package io.eventqueue.runtime.tls;

/** TLS files that cannot be used; the message names the file and never includes key material. */
public final class TlsConfigException extends Exception {
    public TlsConfigException(String message) {
        super(message, null, false, false);
    }
}
