package io.eventqueue.runtime.observe;

import java.util.logging.LogManager;

/**
 * A JUL LogManager that keeps its handlers during JVM shutdown. The default one resets itself in its own shutdown hook,
 * racing our drain hook and swallowing the drain's log lines. Selected with
 * {@code -Djava.util.logging.manager=io.eventqueue.runtime.observe.RuntimeLogManager} (Main sets it first thing).
 */
public final class RuntimeLogManager extends LogManager {
    @Override
    public void reset() {
        // Deliberately empty: see the class comment. finish() is the real reset.
    }

    /** Flushes and closes the handlers; the last thing the runtime does. */
    public void finish() {
        super.reset();
    }
}
