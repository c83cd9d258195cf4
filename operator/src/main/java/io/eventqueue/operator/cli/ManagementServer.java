package io.eventqueue.operator.cli;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.BooleanSupplier;

/**
 * The operator's own management port: Prometheus {@code /metrics} (reconciles, errors, durations from
 * java-operator-sdk, plus JVM metrics), {@code /health/live} and {@code /health/ready}.
 */
final class ManagementServer {
    private final WebServer server;

    ManagementServer(int port, PrometheusMeterRegistry registry, BooleanSupplier live, BooleanSupplier ready) {
        this.server = WebServer.builder()
                .host("0.0.0.0")
                .port(port)
                .routing(routing -> routing
                        .get("/metrics", (req, res) -> res
                                .header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                                .send(registry.scrape()))
                        .get("/health/live", (req, res) -> health(res, live.getAsBoolean()))
                        .get("/health/ready", (req, res) -> health(res, ready.getAsBoolean())))
                .build();
    }

    private static void health(io.helidon.webserver.http.ServerResponse res, boolean up) {
        res.status(up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .send(up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
    }

    ManagementServer start() {
        server.start();
        return this;
    }

    int port() {
        return server.port();
    }

    void stop() {
        server.stop();
    }
}
