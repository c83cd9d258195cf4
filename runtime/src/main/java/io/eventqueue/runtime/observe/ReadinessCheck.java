package io.eventqueue.runtime.observe;

import io.eventqueue.runtime.queue.BoundedEventQueue;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * Ready when running and the queue is below its high-water mark: a load balancer then stops sending to a pod that is
 * starting, draining, or already saturated.
 */
public final class ReadinessCheck implements HealthCheck {
    private final Lifecycle lifecycle;
    private final BoundedEventQueue queue;
    private final int highWater;

    public ReadinessCheck(Lifecycle lifecycle, BoundedEventQueue queue, double highWaterMark) {
        this.lifecycle = lifecycle;
        this.queue = queue;
        this.highWater = (int) Math.ceil(queue.capacity() * highWaterMark);
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return "eventqueue";
    }

    @Override
    public HealthCheckResponse call() {
        int depth = queue.depth();
        Lifecycle.State state = lifecycle.state();
        boolean ready = state == Lifecycle.State.RUNNING && depth < highWater;
        return HealthCheckResponse.builder()
                .status(ready)
                .detail("state", state.name().toLowerCase(java.util.Locale.ROOT))
                .detail("queue_depth", depth)
                .detail("queue_high_water", highWater)
                .build();
    }
}
