package io.eventqueue.operator.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion within a bounded time, capturing what it printed. */
final class Processes {
    private Processes() {
    }

    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        Result require() {
            if (exitCode != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + exitCode + "\n" + stderr + stdout);
            }
            return this;
        }

        String output() {
            return stdout + stderr;
        }
    }

    static Result run(Duration timeout, String stdin, String... command) {
        try {
            Path out = Files.createTempFile("eq-cmd", ".out");
            Path err = Files.createTempFile("eq-cmd", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .start();
                try (var in = process.getOutputStream()) {
                    if (stdin != null) {
                        in.write(stdin.getBytes(StandardCharsets.UTF_8));
                    }
                }
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout
                            + "\n" + Files.readString(err) + Files.readString(out));
                }
                return new Result(List.of(command), process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
