package io.eventqueue.runtime.log.kafka;

import org.apache.kafka.clients.admin.Admin;

import java.time.Duration;

/**
 * Readiness of the Kafka log: the cluster answers metadata for the topic. With hysteresis: unreachable only after
 * {@link #FAILURES_TO_FLIP} failed probes in a row, reachable again after one success, so one slow metadata call does
 * not turn every pod unready at once.
 */
final class ClusterProbe implements AutoCloseable {
    static final int FAILURES_TO_FLIP = 2;
    private static final Duration INTERVAL = Duration.ofMillis(500);
    private static final long TIMEOUT_MILLIS = 1000;

    private final Admin admin;
    private final String topic;
    private volatile boolean reachable = true;
    private volatile boolean running = true;
    private Thread thread;
    private int failures;

    ClusterProbe(Admin admin, String topic) {
        this.admin = admin;
        this.topic = topic;
    }

    void start() {
        thread = Thread.ofPlatform().name("kafka-probe").daemon().start(this::loop);
    }

    boolean reachable() {
        return reachable;
    }

    private void loop() {
        while (running) {
            boolean ok;
            try {
                ok = Topics.describe(admin, topic, TIMEOUT_MILLIS) != null;
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                ok = false;
            }
            failures = ok ? 0 : failures + 1;
            if (ok) {
                reachable = true;
            } else if (failures >= FAILURES_TO_FLIP) {
                reachable = false;
            }
            try {
                Thread.sleep(INTERVAL);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
