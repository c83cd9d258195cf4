package io.eventqueue.bench;

import java.nio.charset.StandardCharsets;

import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;

/**
 * The ceiling of this HTTP stack on this machine: the same Helidon SE webserver the runtime uses, one route that
 * reads the request body and answers 202 with a fixed tiny JSON, nothing else (no auth, parsing, queue or sink).
 *
 * <p>Usage: {@code java -jar eventqueue-bench.jar [--host=127.0.0.1] [--port=8180]}. Any POST path is served, so
 * the same load scripts can target the runtime and the baseline.
 */
public final class BaselineServer {
    private static final byte[] ACCEPTED = "{\"result\":{\"id\":\"baseline\",\"status\":\"queued\"}}"
            .getBytes(StandardCharsets.UTF_8);

    private BaselineServer() {
    }

    public static void main(String[] args) {
        String host = "127.0.0.1";
        int port = 8180;
        for (String arg : args) {
            if (arg.startsWith("--host=")) {
                host = arg.substring("--host=".length());
            } else if (arg.startsWith("--port=")) {
                port = Integer.parseInt(arg.substring("--port=".length()));
            } else {
                System.err.println("baseline: unknown argument " + arg + " (expected --host=ADDR --port=N)");
                System.exit(2);
            }
        }
        WebServer server = WebServer.builder()
                .host(host)
                .port(port)
                .routing(routing -> routing.post((req, res) -> {
                    req.content().as(byte[].class);
                    res.status(Status.ACCEPTED_202)
                            .header(HeaderValues.CONTENT_TYPE_JSON)
                            .send(ACCEPTED);
                }))
                .build()
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "baseline-shutdown"));
        System.out.println("{\"msg\":\"baseline listening\",\"address\":\"http://" + host + ":" + server.port() + "\"}");
    }
}
