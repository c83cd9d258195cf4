package io.eventqueue.runtime.http;

import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the time a request body may take to arrive ({@code server.read-timeout}), against clients that trickle a
 * body byte by byte to hold a connection (slowloris). Helidon 4.1 applies no read timeout to server sockets, so the
 * reading (virtual) thread is interrupted at the deadline; the JDK then closes the connection and the read fails.
 */
public record BodyReadDeadline(Duration timeout) {
    private static final ScheduledExecutorService TIMER = timer();

    /** A read of the body. */
    @FunctionalInterface
    interface BodyRead {
        byte[] read() throws IOException;
    }

    /** Attaches the deadline to the request, for {@link RequestBodies}. */
    void attach(ServerRequest req) {
        req.context().register(this);
    }

    /** Runs {@code read} under the deadline attached to {@code req}, if any. */
    static byte[] run(ServerRequest req, BodyRead read) throws IOException {
        BodyReadDeadline deadline = req.context().get(BodyReadDeadline.class).orElse(null);
        if (deadline == null) {
            return read.read();
        }
        Thread reader = Thread.currentThread();
        Object lock = new Object();
        boolean[] state = new boolean[2];
        ScheduledFuture<?> timer = TIMER.schedule(() -> {
            synchronized (lock) {
                if (!state[0]) {
                    state[1] = true;
                    reader.interrupt();
                }
            }
        }, deadline.timeout().toNanos(), TimeUnit.NANOSECONDS);
        try {
            return read.read();
        } finally {
            synchronized (lock) {
                state[0] = true;
            }
            timer.cancel(false);
            if (state[1]) {
                // The interrupt was for the read; it must not leak into whatever the thread does next.
                Thread.interrupted();
            }
        }
    }

    /** Deadlines of body reads in progress (cancelled ones are removed at once). */
    static int pendingDeadlines() {
        return ((ScheduledThreadPoolExecutor) TIMER).getQueue().size();
    }

    /**
     * One daemon timer thread. Cancelled deadlines leave its queue at once: almost every read finishes in time, and
     * keeping each cancelled task until its deadline retained one object graph per request for seconds (promoted
     * into the old generation under load, then collected by full GCs).
     */
    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "body-read-deadline");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
