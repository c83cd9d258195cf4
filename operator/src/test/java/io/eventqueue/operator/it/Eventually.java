package io.eventqueue.operator.it;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a condition until it holds or the timeout passes. */
public final class Eventually {
    private Eventually() {
    }

    public static <T> T until(String what, Duration timeout, Supplier<T> value) {
        long deadline = System.nanoTime() + timeout.toNanos();
        AssertionError last = null;
        while (System.nanoTime() < deadline) {
            try {
                T result = value.get();
                if (result != null && !Boolean.FALSE.equals(result)) {
                    return result;
                }
            } catch (AssertionError e) {
                last = e;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        AssertionError timedOut = new AssertionError("timed out after " + timeout + " waiting for " + what);
        if (last != null) {
            timedOut.initCause(last);
        }
        throw timedOut;
    }

    /** Polls assertions until they pass. */
    public static void untilAsserted(String what, Duration timeout, Runnable assertions) {
        until(what, timeout, () -> {
            assertions.run();
            return true;
        });
    }
}
