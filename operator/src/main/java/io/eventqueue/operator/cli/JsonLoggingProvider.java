package io.eventqueue.operator.cli;

import io.helidon.logging.common.spi.LoggingProvider;

/**
 * Tells Helidon that logging is taken care of: {@link OperatorMain} installs the JSON formatter before the management server
 * starts. Without a provider Helidon prints a plain-text notice to stderr, breaking the one-JSON-object-per-line log.
 */
public final class JsonLoggingProvider implements LoggingProvider {

    @Override
    public void initialization() {
        // Configured by OperatorLogging.installJson, which needs the log level from the command line.
    }

    @Override
    public void runTime() {
        // Nothing differs between build time and run time here.
    }
}
