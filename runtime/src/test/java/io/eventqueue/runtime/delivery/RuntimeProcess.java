package io.eventqueue.runtime.delivery;

import io.eventqueue.runtime.testing.TestRuntime;

import io.eventqueue.runtime.Main;
import io.eventqueue.runtime.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The runtime as a separate JVM (so it can be killed), on random ports, output in a file. */
final class RuntimeProcess implements AutoCloseable {
    private static final Pattern STARTED = Pattern.compile("EventQueue runtime started api=(\\S+) management=(\\S+)");

    final Process process;
    final Path output;
    final String api;
    final String management;

    private RuntimeProcess(Process process, Path output, String api, String management) {
        this.process = process;
        this.output = output;
        this.api = api;
        this.management = management;
    }

    static RuntimeProcess start(Path workDir, String name, List<String> args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--listen-addr=http://127.0.0.1:0", "--management-addr=http://127.0.0.1:0",
                "--log.format=text", "--sinks.log.enabled=false",
                "--auth.admin-password=" + TestRuntime.ADMIN_PASSWORD, "--auth.jwt-key=" + TestRuntime.JWT_KEY));
        cmd.addAll(args);
        Path output = workDir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("EVENTQUEUE_"));
        Process process = pb.start();
        try {
            return Await.value(Duration.ofSeconds(60), "the start-up line", () -> {
                String log = read(output);
                Matcher m = STARTED.matcher(log);
                if (m.find()) {
                    return Optional.of(new RuntimeProcess(process, output, m.group(1), m.group(2)));
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("runtime exited with " + process.exitValue() + ":\n" + log);
                }
                return Optional.empty();
            });
        } catch (AssertionError timedOut) {
            String diagnosis = diagnose(process, workDir.resolve(name + ".threads"));
            process.destroyForcibly();
            throw new IllegalStateException("runtime did not start within 60s (" + diagnosis + "); its output:\n"
                    + read(output), timedOut);
        }
    }

    /**
     * What a hung child was doing: alive or not, CPU time used (near zero means starved or blocked, high means
     * busy) and its threads, so a start-up timeout explains itself instead of showing an empty log.
     */
    private static String diagnose(Process process, Path threadsFile) throws InterruptedException {
        ProcessHandle.Info info = process.info();
        String state = "pid " + process.pid() + (process.isAlive() ? ", alive" : ", exited " + process.exitValue())
                + ", cpu " + info.totalCpuDuration().map(Duration::toMillis).map(ms -> ms + "ms").orElse("unknown");
        if (!process.isAlive()) {
            return state;
        }
        Path jstack = Path.of(System.getProperty("java.home"), "bin", "jstack");
        try {
            Process dump = new ProcessBuilder(jstack.toString(), "-l", Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(threadsFile.toFile()).start();
            dump.getOutputStream().close();
            if (!dump.waitFor(20, TimeUnit.SECONDS)) {
                dump.destroyForcibly();
                return state + ", jstack timed out";
            }
            return state + ", threads:\n" + Files.readString(threadsFile);
        } catch (IOException e) {
            return state + ", no thread dump: " + e.getMessage();
        }
    }

    /** SIGKILL: no shutdown hook, no flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM; returns the exit status. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("runtime did not exit within " + timeout);
        }
        return process.exitValue();
    }

    String log() throws IOException {
        return Files.readString(output);
    }

    private static String read(Path output) {
        try {
            return Files.exists(output) ? Files.readString(output) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
