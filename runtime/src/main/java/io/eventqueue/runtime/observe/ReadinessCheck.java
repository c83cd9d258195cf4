package io.eventqueue.runtime.observe;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Ready means able to serve: started, not draining, and the event log reachable. Load never makes a pod unready by
 * default: a full queue answers 503 with Retry-After, whereas if every saturated pod left the Service, clients
 * would get connection errors instead. {@code queue.unready-above-high-water} opts into also turning unready above
 * the high-water mark, for setups where other pods are known to have room.
 */
public final class ReadinessCheck implements HealthCheck {
    private final Lifecycle lifecycle;
    private final IntSupplier queueDepth;
    private final int highWater;
    private final boolean unreadyAboveHighWater;
    private final BooleanSupplier eventLogReachable;

    public ReadinessCheck(Lifecycle lifecycle, IntSupplier queueDepth, int queueCapacity, double highWaterMark,
                          boolean unreadyAboveHighWater, BooleanSupplier eventLogReachable) {
        this.lifecycle = lifecycle;
        this.queueDepth = queueDepth;
        this.highWater = (int) Math.ceil(queueCapacity * highWaterMark);
        this.unreadyAboveHighWater = unreadyAboveHighWater;
        this.eventLogReachable = eventLogReachable;
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return "eventqueue";
    }

    /** What {@code /health/ready} answers now (also the {@code eventqueue_ready} gauge). */
    public boolean ready() {
        return ready(lifecycle.state(), eventLogReachable.getAsBoolean(), queueDepth.getAsInt());
    }

    private boolean ready(Lifecycle.State state, boolean logReachable, int depth) {
        return state == Lifecycle.State.RUNNING && logReachable && !(unreadyAboveHighWater && depth >= highWater);
    }

    @Override
    public HealthCheckResponse call() {
        int depth = queueDepth.getAsInt();
        Lifecycle.State state = lifecycle.state();
        boolean logReachable = eventLogReachable.getAsBoolean();
        HealthCheckResponse.Builder response = HealthCheckResponse.builder()
                .status(ready(state, logReachable, depth))
                .detail("state", state.name().toLowerCase(Locale.ROOT))
                .detail("event_log", logReachable ? "reachable" : "unreachable")
                .detail("queue_depth", depth);
        if (unreadyAboveHighWater) {
            response.detail("queue_high_water", highWater);
        }
        return response.build();
    }
}
