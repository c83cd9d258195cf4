package io.eventqueue.operator.cli;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/** Sends every log line (operator, java-operator-sdk and fabric8 via SLF4J, Helidon) to stderr as JSON. */
final class OperatorLogging {
    private OperatorLogging() {
    }

    static void installJson(String level) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Handler handler = new ConsoleHandler();
        handler.setFormatter(new OperatorLogFormatter());
        Level julLevel = switch (level) {
            case "trace" -> Level.FINEST;
            case "debug" -> Level.FINE;
            case "info" -> Level.INFO;
            case "warn" -> Level.WARNING;
            case "error" -> Level.SEVERE;
            default -> throw new IllegalArgumentException("operator: log-level: expected trace, debug, info, warn or"
                    + " error, got " + level);
        };
        handler.setLevel(julLevel);
        root.setLevel(julLevel);
        root.addHandler(handler);
    }
}
