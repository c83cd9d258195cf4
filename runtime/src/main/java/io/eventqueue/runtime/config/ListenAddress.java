package io.eventqueue.runtime.config;

/** Where a socket listens; {@code tls} when the address was given as {@code https://}. */
public record ListenAddress(boolean tls, String host, int port) {
    @Override
    public String toString() {
        return (tls ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
