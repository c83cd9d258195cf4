package io.eventqueue.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's packages stay layered: admission → log → delivery, with reads beside them, and none of them is
 * part of a package cycle (read from the compiled classes with the JDK's own {@code jdeps}).
 */
class PipelinePackagesTest {
    private static final String ROOT = "io.eventqueue.runtime.";
    private static final List<String> PIPELINE = List.of("admission", "log", "log.journal", "delivery", "reads");

    @Test
    void noPipelinePackageIsInACycle() {
        Map<String, Set<String>> deps = packageDependencies();
        assertThat(deps.keySet()).as("packages found by jdeps").containsAll(PIPELINE);
        for (String pkg : PIPELINE) {
            for (String dep : deps.getOrDefault(pkg, Set.of())) {
                assertThat(reaches(deps, dep, pkg)).as("%s → %s leads back to %s", pkg, dep, pkg).isFalse();
            }
        }
    }

    @Test
    void theLowerLayersNeverReachUp() {
        Map<String, Set<String>> deps = packageDependencies();
        assertThat(reaches(deps, "log", "admission")).as("log → admission").isFalse();
        assertThat(reaches(deps, "log", "delivery")).as("log → delivery").isFalse();
        assertThat(reaches(deps, "admission", "delivery")).as("admission → delivery").isFalse();
        assertThat(reaches(deps, "reads", "admission")).as("reads → admission").isFalse();
        assertThat(reaches(deps, "reads", "delivery")).as("reads → delivery").isFalse();
        assertThat(reaches(deps, "log", "log.journal")).as("the log interface knows no implementation").isFalse();
    }

    private static boolean reaches(Map<String, Set<String>> deps, String from, String to) {
        Deque<String> todo = new ArrayDeque<>(List.of(from));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String p = todo.pop();
            if (p.equals(to)) {
                return true;
            }
            if (seen.add(p)) {
                todo.addAll(deps.getOrDefault(p, Set.of()));
            }
        }
        return false;
    }

    /** Package → packages it uses, relative to {@value #ROOT}, from {@code jdeps -verbose:package}. */
    private static Map<String, Set<String>> packageDependencies() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = jdeps.run(new PrintStream(out, true, StandardCharsets.UTF_8), System.err,
                "-verbose:package", "-e", "io\\.eventqueue\\..*", Path.of("target", "classes").toString());
        assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isZero();
        Map<String, Set<String>> deps = new HashMap<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 3 && parts[0].startsWith(ROOT) && parts[1].equals("->") && parts[2].startsWith(ROOT)) {
                String from = parts[0].substring(ROOT.length());
                String to = parts[2].substring(ROOT.length());
                if (!from.equals(to)) {
                    deps.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
                }
                deps.computeIfAbsent(to, k -> new TreeSet<>());
            }
        }
        return new TreeMap<>(deps);
    }
}
