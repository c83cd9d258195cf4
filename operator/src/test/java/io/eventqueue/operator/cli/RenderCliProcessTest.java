package io.eventqueue.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code render} as a person runs it (a real JVM): every error is one line on stderr with status 2; --help is usage. */
class RenderCliProcessTest {
    private static final String CR = "apiVersion: eventqueue.io/v1alpha1\nkind: EventQueue\nmetadata: {name: x}\n";

    @TempDir
    Path dir;

    record Result(int exit, String stdout, String stderr) {
    }

    private Result render(String stdin, String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                OperatorMain.class.getName(), "render"));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "-f missing.yaml|render: missing.yaml: no such file",
        "--credentials=bogus -f -|render: --credentials must be generate or omit, got 'bogus'",
        "-f|render: -f needs a value",
        "--frobnicate|render: unexpected argument --frobnicate",
        "''|render: -f is required",
    })
    void aUsageOrFileErrorIsOneLineAndStatusTwo(String args, String message) throws Exception {
        Result r = render(CR, args.isEmpty() ? new String[0] : args.split(" "));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr().lines().toList()).singleElement().asString().startsWith(message);
        assertThat(r.stdout()).isEmpty();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "spec: {replicas: 0}|spec.replicas must be between 1 and 100, got 0",
        "spec: {replicas: many}|not a valid EventQueue",
        "spec: [unclosed|not a Kubernetes resource in YAML",
    })
    void anInputErrorIsOneLineAndStatusTwo(String spec, String message) throws Exception {
        Result r = render(CR + spec + "\n", "-f", "-");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr().lines().toList()).singleElement().asString().startsWith("render: -: ").contains(message);
    }

    @Test
    void helpPrintsTheUsageAndSucceeds() throws Exception {
        Result r = render("", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).startsWith(RenderCommand.USAGE).contains("--credentials=generate|omit");
        assertThat(r.stderr()).isEmpty();
    }
}
