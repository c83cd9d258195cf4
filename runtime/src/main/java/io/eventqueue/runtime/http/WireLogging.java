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
    private static final List<String> WIRE_LOGGERS = List.of(
            "io.helidon.webserver.http1", "io.helidon.http", "io.helidon.webclient.http1");
    // JUL keeps loggers weakly: without these references a collected logger would come back without its level.
    private static final List<Logger> PINNED = WIRE_LOGGERS.stream().map(Logger::getLogger).toList();

    private WireLogging() {
    }

    public static void neverLogSecrets() {
        PINNED.forEach(logger -> logger.setLevel(Level.INFO));
    }
}
