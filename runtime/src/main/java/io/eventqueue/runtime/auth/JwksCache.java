package io.eventqueue.runtime.auth;

import io.helidon.security.jwt.jwk.JwkKeys;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The issuer's keys, fetched on first use and again after {@code refresh}. A token signed with a key id the cache
 * does not know triggers an early fetch (the issuer may have rotated), at most once per {@code minRefetch} so
 * tokens with made-up key ids cannot turn the runtime into a JWKS flooder. A failed fetch keeps the last good keys.
 */
public final class JwksCache {
    private static final Logger LOG = Logger.getLogger(JwksCache.class.getName());

    private final JwksLoader loader;
    private final long refreshNanos;
    private final long minRefetchNanos;
    private final LongSupplier nanoClock;
    private final ReentrantLock fetching = new ReentrantLock();
    private volatile JwkKeys keys;
    private volatile long fetchedAt;
    private volatile long attemptedAt;
    private volatile boolean attempted;

    public JwksCache(JwksLoader loader, Duration refresh, Duration minRefetch, LongSupplier nanoClock) {
        this.loader = loader;
        this.refreshNanos = refresh.toNanos();
        this.minRefetchNanos = minRefetch.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Current keys, fetched when missing or older than the refresh interval; null when none could ever be read. */
    public JwkKeys keys() {
        JwkKeys current = keys;
        if (current == null || nanoClock.getAsLong() - fetchedAt >= refreshNanos) {
            fetch(current == null);
        }
        return keys;
    }

    /** Fetches again because a token named an unknown key, unless that was done too recently. */
    public JwkKeys refetchForUnknownKey() {
        fetch(false);
        return keys;
    }

    private void fetch(boolean waitForOtherFetch) {
        if (waitForOtherFetch) {
            fetching.lock();
        } else if (!fetching.tryLock()) {
            return;
        }
        try {
            long now = nanoClock.getAsLong();
            if (attempted && now - attemptedAt < minRefetchNanos) {
                return;
            }
            attempted = true;
            attemptedAt = now;
            try {
                keys = parse(loader.load());
                fetchedAt = now;
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "cannot read the external issuer's JWKS, keeping the previous keys: {0}",
                        e.getMessage());
            }
        } finally {
            fetching.unlock();
        }
    }

    private static JwkKeys parse(String document) {
        try (JsonReader reader = Json.createReader(new StringReader(document))) {
            JsonObject json = reader.readObject();
            return JwkKeys.create(json);
        }
    }
}
