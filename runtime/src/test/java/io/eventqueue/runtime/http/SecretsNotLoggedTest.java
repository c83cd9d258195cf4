package io.eventqueue.runtime.http;

import io.eventqueue.runtime.testing.TestRuntime;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventqueue.runtime.config.RuntimeConfig;
import io.eventqueue.runtime.observe.StructuredLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Captures everything the runtime logs (every logger, every level, exceptions with their stack traces) while
 * secrets go through it, and checks that no password, token, signing key or token fragment shows up.
 */
class SecretsNotLoggedTest {
    private static final String LOG = "{\"event\":{\"event_type\":\"log\",\"level\":\"info\",\"message\":\"hello\"}}";
    private static final String WRONG_PASSWORD = "wrong-password-do-not-log-7f3a";

    @TempDir
    Path dir;

    /** Collects every record, formatted with its parameters and stack trace. */
    static final class Capture extends Handler {
        private final StringBuilder text = new StringBuilder();

        @Override
        public synchronized void publish(LogRecord record) {
            text.append(record.getLevel()).append(' ').append(record.getLoggerName()).append(' ')
                    .append(record.getMessage()).append('\n');
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    text.append("  param: ").append(parameter).append('\n');
                }
            }
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                text.append(trace);
            }
        }

        synchronized String text() {
            return text.toString();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void passwordsTokensAndKeysNeverReachTheLogs() {
        Logger root = Logger.getLogger("");
        Capture capture = new Capture();
        capture.setLevel(Level.ALL);
        Level previous = root.getLevel();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        String token;
        String tampered;
        try (TestRuntime server = TestRuntime.start(dir, "--log.access=true", "--log.level=trace",
                "--enable-rate-limit=true", "--per-client-rate-limit=1", "--global-request-rate-limit=100")) {
            StructuredLog.configure(new RuntimeConfig.Log(RuntimeConfig.LogLevel.TRACE, RuntimeConfig.LogFormat.JSON,
                    true), new PrintStream(stdout, true, StandardCharsets.UTF_8));
            root.addHandler(capture);
            root.setLevel(Level.ALL);
            token = server.token();
            String[] parts = token.split("\\.");
            tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();

            server.post("/v1/tokens", "", "Authorization", TestRuntime.basic("admin", WRONG_PASSWORD));
            server.post("/v1/tokens", "", "Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(("admin" + WRONG_PASSWORD).getBytes(StandardCharsets.UTF_8)));
            server.post("/v1/tokens", "{\"subject\":\"" + WRONG_PASSWORD + "\",\"ttl\":\"99h\"}", "Authorization",
                    TestRuntime.basic("admin", TestRuntime.ADMIN_PASSWORD), "Content-Type", "application/json");
            server.postEvent(token, LOG);
            server.postEvent(token, LOG);
            server.postEvent(tampered, LOG);
            server.post("/v1/events?access_token=" + token, LOG, "Content-Type", "application/json");
            server.post("/v1/events/batch", "[" + LOG + "]", "Authorization", "Bearer " + token + "x",
                    "Content-Type", "application/json");
        } finally {
            StructuredLog.configure(new RuntimeConfig.Log(RuntimeConfig.LogLevel.INFO, RuntimeConfig.LogFormat.TEXT,
                    false), System.out);
            root.removeHandler(capture);
            root.setLevel(previous == null ? Level.INFO : previous);
        }
        String logged = capture.text() + stdout.toString(StandardCharsets.UTF_8);
        assertThat(logged).as("the capture saw the requests").contains("access");
        assertThat(logged).doesNotContain(TestRuntime.ADMIN_PASSWORD, WRONG_PASSWORD, TestRuntime.JWT_KEY,
                Base64.getEncoder().encodeToString(TestRuntime.JWT_KEY.getBytes(StandardCharsets.UTF_8)),
                Base64.getUrlEncoder().withoutPadding().encodeToString(TestRuntime.JWT_KEY.getBytes(StandardCharsets.UTF_8)),
                token, tampered, token.split("\\.")[2], token.split("\\.")[1]);
    }
}
