package io.eventqueue.runtime.http;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Helidon's HTTP/1 wire loggers print raw request headers and bodies at FINE and FINEST: Basic credentials, bearer
 * tokens and the tokens {@code POST /v1/tokens} answers with. They are held at INFO whatever {@code log.level} says,
 * so debug and trace logging stay safe to turn on in production.
 */
public final class WireLogging {
    // JUL keeps loggers weakly: without these references a collected logger would come back without its level.
    // Plain calls, not a Logger::getLogger method reference: binding that caller-sensitive method spins a hidden
    // invoker class at start-up (~10% of the main thread's start-up CPU with AppCDS).
    private static final List<Logger> PINNED = List.of(
            Logger.getLogger("io.helidon.webserver.http1"),
            Logger.getLogger("io.helidon.http"),
            Logger.getLogger("io.helidon.webclient.http1"));

    private WireLogging() {
    }

    public static void neverLogSecrets() {
        PINNED.forEach(logger -> logger.setLevel(Level.INFO));
    }
}
