package io.eventqueue.runtime.observe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Parses Prometheus text exposition with the reference Python client's parser
 * ({@code prometheus_client.parser}, Debian's {@code python3-prometheus-client}) and checks it with
 * {@code promtool check metrics} (Debian's {@code prometheus}). `make test-tools` installs both; a test
 * that needs a missing one is skipped with the reason, never passed silently.
 */
public final class PrometheusText {
    /** Debian's interpreter, which sees Debian's python3-* packages whatever python3 is first on PATH. */
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private static final String PARSER = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            out = []
            for f in text_string_to_metric_families(sys.stdin.read()):
                out.append({"name": f.name, "type": f.type, "help": f.documentation,
                            "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in f.samples]})
            json.dump(out, sys.stdout)
            """;

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    /** One metric family (# TYPE block). */
    public record Family(String name, String type, String help, List<Sample> samples) {
    }

    private PrometheusText() {
    }

    /** Parses {@code text}; a syntax error fails the calling test with the parser's message. */
    public static List<Family> parse(String text) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PYTHON) && run(List.of(PYTHON.toString(), "-c", "import prometheus_client"), "").exit() == 0,
                   "python3-prometheus-client is not installed (make test-tools installs it)");
        Result r = run(List.of(PYTHON.toString(), "-c", PARSER), text);
        if (r.exit() != 0) {
            throw new AssertionError("Prometheus text parser rejected the exposition: " + r.stderr());
        }
        return new ObjectMapper().readValue(r.stdout(), new TypeReference<List<Family>>() { });
    }

    /** {@code promtool check metrics} output (lint problems), or empty when promtool is not installed. */
    public static Optional<String> promtoolCheck(String text) throws IOException, InterruptedException {
        Optional<Path> promtool = promtool();
        if (promtool.isEmpty()) {
            return Optional.empty();
        }
        Result r = run(List.of(promtool.get().toString(), "check", "metrics"), text);
        return Optional.of((r.stdout() + r.stderr()).strip() + (r.exit() == 0 ? "" : " (exit " + r.exit() + ")"));
    }

    static Optional<Path> promtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "promtool");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The sample of {@code family} with exactly {@code labels} (others ignored when absent from the map). */
    public static Optional<Sample> sample(List<Family> families, String sampleName, Map<String, String> labels) {
        List<Sample> found = new ArrayList<>();
        for (Family f : families) {
            for (Sample s : f.samples()) {
                if (s.name().equals(sampleName) && s.labels().entrySet().containsAll(labels.entrySet())) {
                    found.add(s);
                }
            }
        }
        if (found.size() > 1) {
            throw new AssertionError("more than one sample " + sampleName + labels + ": " + found);
        }
        return found.stream().findFirst();
    }

    record Result(int exit, String stdout, String stderr) {
    }

    static Result run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        // both pipes are small here (one scrape); read stderr after stdout is drained
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(p.exitValue(), out, err);
    }
}
