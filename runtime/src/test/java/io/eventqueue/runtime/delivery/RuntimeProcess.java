package io.eventqueue.runtime.delivery;

import io.eventqueue.runtime.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = STARTED.matcher(Files.exists(output) ? Files.readString(output) : "");
            if (m.find()) {
                return new RuntimeProcess(process, output, m.group(1), m.group(2));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("runtime exited with " + process.exitValue() + ":\n" + Files.readString(output));
            }
            Thread.sleep(20);
        }
        process.destroyForcibly();
        throw new IllegalStateException("runtime did not start:\n" + Files.readString(output));
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

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
