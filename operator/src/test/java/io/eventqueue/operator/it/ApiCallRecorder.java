package io.eventqueue.operator.it;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Every API request the operator sent to the mock server, told apart from the test's own requests by the operator
 * client's User-Agent.
 */
final class ApiCallRecorder {
    static final String OPERATOR_AGENT = "eventqueue-operator-under-test";
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final KubernetesMockServer server;
    private final Set<String> all = new TreeSet<>();
    private final List<String> sinceMark = new ArrayList<>();

    ApiCallRecorder(KubernetesMockServer server) {
        this.server = server;
    }

    /** Moves the requests the server recorded so far into this recorder. */
    synchronized void drain() {
        try {
            RecordedRequest request;
            while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
                String agent = request.getHeader("User-Agent");
                if (agent != null && agent.startsWith(OPERATOR_AGENT)) {
                    String line = request.getMethod() + " " + normalize(request.getPath());
                    all.add(line);
                    sinceMark.add(line);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Forgets what was sent so far, for {@link #writesSinceMark()}. */
    synchronized void mark() {
        drain();
        sinceMark.clear();
    }

    /** Writes the operator sent since {@link #mark()}, leader-election Lease renewals excepted. */
    synchronized List<String> writesSinceMark() {
        drain();
        return sinceMark.stream()
                .filter(line -> WRITES.contains(line.substring(0, line.indexOf(' '))))
                .filter(line -> !line.contains("/leases"))
                .toList();
    }

    /**
     * One line per distinct call: {@code METHOD /path}, keeping only {@code ?watch=true} of the query (what tells a
     * watch from a list).
     */
    synchronized void writeTo(Path file) throws IOException {
        drain();
        Files.createDirectories(file.getParent());
        List<String> lines = new ArrayList<>();
        lines.add("# API calls the operator made in EventQueueOperatorTest against the mock API server.");
        lines.add("# One distinct call per line: HTTP method and request path (query reduced to watch=true).");
        lines.addAll(all);
        Files.write(file, lines);
    }

    private static String normalize(String path) {
        int query = path.indexOf('?');
        if (query < 0) {
            return path;
        }
        boolean watch = List.of(path.substring(query + 1).split("&")).contains("watch=true");
        return path.substring(0, query) + (watch ? "?watch=true" : "");
    }
}
