package io.eventqueue.runtime.limit;

/**
 * Rate limits from the {@code rate-limit.*} keys. Rates are events per second; a burst is the bucket size.
 *
 * @param maxClients hard bound on remembered per-client buckets ({@code rate-limit.max-clients})
 */
public record RateLimitSettings(boolean enabled, double globalRate, long globalBurst, double perClientRate,
                                long perClientBurst, int maxClients) {
    public RateLimitSettings {
        if (enabled) {
            requirePositive("rate-limit.global-rate", globalRate);
            requirePositive("rate-limit.per-client-rate", perClientRate);
            if (globalBurst < 1) {
                throw new IllegalArgumentException("rate-limit.global-burst: must be at least 1");
            }
            if (perClientBurst < 1) {
                throw new IllegalArgumentException("rate-limit.per-client-burst: must be at least 1");
            }
            if (maxClients < 1) {
                throw new IllegalArgumentException("rate-limit.max-clients: must be at least 1");
            }
        }
    }

    public static RateLimitSettings disabled() {
        return new RateLimitSettings(false, 1, 1, 1, 1, 1);
    }

    private static void requirePositive(String key, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(key + ": must be a positive number");
        }
    }
}
