package io.eventqueue.runtime.http;

import java.util.function.Consumer;

import io.eventqueue.runtime.observe.EventQueueMetrics;
import io.eventqueue.runtime.observe.EventQueueMetrics.AuthFailure;

/** Counts the API's authentication and authorization refusals ({@code eventqueue_auth_failures_total{reason}}). */
public final class AuthFailureMetrics implements Consumer<ProblemType> {
    private final EventQueueMetrics metrics;

    public AuthFailureMetrics(EventQueueMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void accept(ProblemType type) {
        AuthFailure reason = switch (type) {
            case AUTHENTICATION_REQUIRED -> AuthFailure.MISSING_CREDENTIALS;
            case INVALID_CREDENTIALS -> AuthFailure.BAD_CREDENTIALS;
            case INVALID_TOKEN -> AuthFailure.INVALID_TOKEN;
            case TOKEN_EXPIRED -> AuthFailure.EXPIRED_TOKEN;
            case FORBIDDEN -> AuthFailure.INSUFFICIENT_ROLE;
            default -> null;
        };
        if (reason != null) {
            metrics.authFailure(reason);
        }
    }
}
