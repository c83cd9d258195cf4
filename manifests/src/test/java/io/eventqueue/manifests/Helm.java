package io.eventqueue.manifests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the helm binary that `make tools` installs into bin/, with its cache and config kept in the build. */
final class Helm {
    static final String RELEASE = "eventqueue-operator";
    static final String NAMESPACE = "eventqueue-system";

    /** Output of a helm run: exit status, stdout and stderr. */
    record Result(int exitCode, String stdout, String stderr) {
        String orFail() {
            if (exitCode != 0) {
                throw new AssertionError("helm failed (" + exitCode + "): " + stderr);
            }
            return stdout;
        }
    }

    private Helm() {
    }

    /** `helm template` of the chart in the release namespace with extra arguments (-f FILE, --set K=V). */
    static Result template(String... args) {
        List<String> command = new ArrayList<>(List.of("template", RELEASE, Project.chart().toString(),
                "--namespace", NAMESPACE));
        command.addAll(List.of(args));
        return run(command);
    }

    static Result run(List<String> args) {
        Path helm = Project.root().resolve("bin/helm");
        if (!Files.isExecutable(helm)) {
            throw new IllegalStateException(helm + " is missing: run `make tools` (make test does it)");
        }
        Path home = Project.root().resolve(".cache/helm");
        List<String> command = new ArrayList<>();
        command.add(helm.toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("HELM_CACHE_HOME", home.resolve("cache").toString());
        builder.environment().put("HELM_CONFIG_HOME", home.resolve("config").toString());
        builder.environment().put("HELM_DATA_HOME", home.resolve("data").toString());
        try {
            Path stdout = Files.createTempFile("helm", ".out");
            Path stderr = Files.createTempFile("helm", ".err");
            try {
                Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("helm did not finish within 60 s: " + command);
                }
                return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                        Files.readString(stderr, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(stdout);
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
