package io.eventqueue.runtime;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The process contract of {@link Main}: exit codes and what it prints. */
class MainTest {
    private record Result(int exit, String stdout, String stderr) {
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("EVENTQUEUE_"));
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("Main did not exit");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void badValueExitsWithStatus2AndOneLineNamingTheKey() throws Exception {
        Result r = run("--event-queue-size=lots");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr()).isEqualTo("config: queue.capacity: must be a whole number, got 'lots'" + System.lineSeparator());
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void helpExitsZeroWithUsage() throws Exception {
        Result r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).contains("usage: eventqueue-runtime");
    }
}
