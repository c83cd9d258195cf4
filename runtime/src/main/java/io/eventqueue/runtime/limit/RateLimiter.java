package io.eventqueue.runtime.limit;

import io.eventqueue.runtime.config.RuntimeConfig;
import java.util.function.LongSupplier;

/**
 * The global bucket and the per-client buckets. A request takes one token per event (a batch takes as many as
 * it carries, anything else takes one) from its client's bucket, then from the global bucket; when the global
 * bucket refuses, the client's tokens are given back so one busy neighbour does not drain everyone's allowance.
 */
public final class RateLimiter {
    private final boolean enabled;
    private final TokenBucket global;
    private final ClientBuckets clients;

    /** Bursts are whole events: a fractional configured burst is rounded down (at least 1). */
    public RateLimiter(RuntimeConfig.RateLimit settings, LongSupplier nanoClock) {
        this.enabled = settings.enabled();
        if (enabled) {
            this.global = new TokenBucket(settings.globalRate(), wholeBurst(settings.globalBurst()), nanoClock);
            this.clients = new ClientBuckets(settings.perClientRate(), wholeBurst(settings.perClientBurst()),
                    settings.maxClients(), nanoClock);
        } else {
            this.global = null;
            this.clients = null;
        }
    }

    private static long wholeBurst(double burst) {
        return Math.max(1, (long) Math.floor(burst));
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * Takes {@code events} tokens for {@code clientKey}. When both buckets allow, the returned decision is the more
     * restrictive of the two, which is what the client's headers should describe.
     */
    public RateLimitDecision acquire(String clientKey, long events) {
        if (!enabled) {
            return RateLimitDecision.UNLIMITED;
        }
        TokenBucket client = clients.bucketFor(clientKey);
        RateLimitDecision perClient = client.tryAcquire(events);
        if (!perClient.allowed()) {
            return perClient;
        }
        RateLimitDecision overall = global.tryAcquire(events).byGlobalBucket();
        if (!overall.allowed()) {
            client.refund(events);
            return overall;
        }
        return overall.remaining() < perClient.remaining() ? overall : perClient;
    }

    /** Remembered per-client buckets (0 when disabled); exposed for tests and metrics. */
    public int trackedClients() {
        return enabled ? clients.size() : 0;
    }
}
