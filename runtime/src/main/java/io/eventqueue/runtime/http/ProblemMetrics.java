package io.eventqueue.runtime.http;

import java.util.function.Consumer;

import io.eventqueue.runtime.observe.EventQueueMetrics;
import io.eventqueue.runtime.observe.EventQueueMetrics.AuthFailure;
import io.eventqueue.runtime.observe.EventQueueMetrics.RateLimitScope;

/**
 * Counts the problems that are refusals of a caller: authentication and authorization failures
 * ({@code eventqueue_auth_failures_total{reason}}) and rate limiting ({@code eventqueue_rate_limited_total{scope}}).
 * A rate-limit problem names its bucket in the {@value #SCOPE} member ({@code global} or {@code client}).
 */
public final class ProblemMetrics implements Consumer<ProblemException> {
    /** Problem member of a {@link ProblemType#RATE_LIMITED} answer naming the bucket that refused. */
    public static final String SCOPE = "scope";

    private final EventQueueMetrics metrics;

    public ProblemMetrics(EventQueueMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void accept(ProblemException problem) {
        switch (problem.type()) {
            case AUTHENTICATION_REQUIRED -> metrics.authFailure(AuthFailure.MISSING_CREDENTIALS);
            case INVALID_CREDENTIALS -> metrics.authFailure(AuthFailure.BAD_CREDENTIALS);
            case INVALID_TOKEN -> metrics.authFailure(AuthFailure.INVALID_TOKEN);
            case TOKEN_EXPIRED -> metrics.authFailure(AuthFailure.EXPIRED_TOKEN);
            case FORBIDDEN -> metrics.authFailure(AuthFailure.INSUFFICIENT_ROLE);
            case RATE_LIMITED -> metrics.rateLimited(
                    RateLimitScope.CLIENT.label().equals(problem.extensions().get(SCOPE))
                            ? RateLimitScope.CLIENT : RateLimitScope.GLOBAL);
            default -> {
            }
        }
    }
}
