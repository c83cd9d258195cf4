package io.eventqueue.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventqueue.runtime.testing.TestRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server.idle-timeout} closes a keep-alive connection left idle, however it is set: the key as a flag, its
 * environment variable, and the Go server's {@code --srv-idle-timeout} alias. The client waits at most 10 s, far
 * less than the 60 s default, so a setting that is ignored leaves the connection open and fails the test.
 */
class IdleTimeoutHttpTest {
    private static final int CLIENT_WAIT_MILLIS = 10_000;

    @TempDir
    Path dir;

    @Test
    void theFlagClosesAnIdleKeepAliveConnection() throws Exception {
        assertThat(idleConnectionClosed(List.of("--server.idle-timeout=1s"), Map.of())).isTrue();
    }

    @Test
    void theEnvironmentVariableClosesAnIdleKeepAliveConnection() throws Exception {
        assertThat(idleConnectionClosed(List.of(), Map.of("EVENTQUEUE_SERVER_IDLE_TIMEOUT", "1s"))).isTrue();
    }

    @Test
    void theGoServersAliasClosesAnIdleKeepAliveConnection() throws Exception {
        assertThat(idleConnectionClosed(List.of("--srv-idle-timeout=1s"), Map.of())).isTrue();
    }

    /** One keep-alive request, then silence: true when the server closed the connection within the client's wait. */
    private boolean idleConnectionClosed(List<String> extra, Map<String, String> env) throws IOException {
        List<String> args = new ArrayList<>(List.of("--durability=memory"));
        args.addAll(extra);
        try (TestRuntime runtime = TestRuntime.start(dir, env, args.toArray(String[]::new));
             Socket socket = new Socket("127.0.0.1", runtime.runtime.port())) {
            socket.setSoTimeout(CLIENT_WAIT_MILLIS);
            socket.getOutputStream().write("GET /v1/stats HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200");
            int length = Integer.parseInt(head.replaceAll("(?is).*content-length:\\s*(\\d+).*", "$1"));
            in.readNBytes(length);
            try {
                return in.read() == -1;
            } catch (SocketTimeoutException stillOpen) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
