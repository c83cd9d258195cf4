package io.eventqueue.runtime.observe;

import io.eventqueue.runtime.admission.BoundedEventQueue;
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

    /** What {@code /health/ready} answers now (also the {@code eventqueue_ready} gauge). */
    public boolean ready() {
        return ready(lifecycle.state(), queue.depth());
    }

    private boolean ready(Lifecycle.State state, int depth) {
        return state == Lifecycle.State.RUNNING && depth < highWater;
    }

    @Override
    public HealthCheckResponse call() {
        int depth = queue.depth();
        Lifecycle.State state = lifecycle.state();
        boolean ready = ready(state, depth);
        return HealthCheckResponse.builder()
                .status(ready)
                .detail("state", state.name().toLowerCase(java.util.Locale.ROOT))
                .detail("queue_depth", depth)
                .detail("queue_high_water", highWater)
                .build();
    }
}
