package io.eventqueue.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * The runtime's and the operator's packages form no cycle, and the runtime's pipeline stays layered
 * (admission → log → delivery, with reads beside them). Read from the compiled classes with the JDK's own
 * {@code jdeps}, so the check sees what the compiler linked, imports or not. Lives here, after both modules in
 * the reactor, so one check covers both.
 */
class PackageCyclesTest {

    @Test
    void noRuntimePackageIsInACycle() {
        assertThat(cycles(packageDependencies("runtime", "io.eventqueue.runtime"))).as("package cycles in the runtime").isEmpty();
    }

    @Test
    void noOperatorPackageIsInACycle() {
        assertThat(cycles(packageDependencies("operator", "io.eventqueue.operator"))).as("package cycles in the operator").isEmpty();
    }

    @Test
    void thePipelinesLowerLayersNeverReachUp() {
        Map<String, Set<String>> deps = packageDependencies("runtime", "io.eventqueue.runtime");
        assertThat(deps.keySet()).as("packages found by jdeps").contains("admission", "log", "log.journal", "delivery", "reads");
        assertThat(reaches(deps, "log", "admission")).as("log → admission").isFalse();
        assertThat(reaches(deps, "log", "delivery")).as("log → delivery").isFalse();
        assertThat(reaches(deps, "admission", "delivery")).as("admission → delivery").isFalse();
        assertThat(reaches(deps, "reads", "admission")).as("reads → admission").isFalse();
        assertThat(reaches(deps, "reads", "delivery")).as("reads → delivery").isFalse();
        assertThat(reaches(deps, "log", "log.journal")).as("the log interface knows no implementation").isFalse();
        assertThat(reaches(deps, "config", "http")).as("config → http").isFalse();
    }

    @Test
    void aCycleIsFound() {
        Map<String, Set<String>> deps = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        assertThat(cycles(deps)).containsExactly(List.of("a", "b", "c"));
    }

    /** Every set of two or more packages that reach each other (the strongly connected components), sorted. */
    static List<List<String>> cycles(Map<String, Set<String>> deps) {
        List<List<String>> found = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (String pkg : new TreeSet<>(deps.keySet())) {
            if (placed.contains(pkg)) {
                continue;
            }
            List<String> component = new ArrayList<>();
            for (String other : new TreeSet<>(deps.keySet())) {
                if (!other.equals(pkg) && reaches(deps, pkg, other) && reaches(deps, other, pkg)) {
                    component.add(other);
                }
            }
            if (!component.isEmpty()) {
                component.add(pkg);
                component.sort(null);
                placed.addAll(component);
                found.add(component);
            }
        }
        return found;
    }

    /** Whether a path of one or more dependencies leads from {@code from} to {@code to}. */
    private static boolean reaches(Map<String, Set<String>> deps, String from, String to) {
        Deque<String> todo = new ArrayDeque<>(deps.getOrDefault(from, Set.of()));
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

    /** Package → packages it uses, relative to {@code root} ({@code ""} for the root package itself). */
    private static Map<String, Set<String>> packageDependencies(String module, String root) {
        Path classes = Project.root().resolve(module).resolve("target/classes");
        assertThat(Files.isDirectory(classes)).as("%s is built", classes).isTrue();
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = jdeps.run(new PrintStream(out, true, StandardCharsets.UTF_8), System.err,
                "-verbose:package", "-e", "io\\.eventqueue\\..*", classes.toString());
        assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isZero();
        Map<String, Set<String>> deps = new HashMap<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 3 && parts[1].equals("->") && inside(parts[0], root) && inside(parts[2], root)) {
                String from = relative(parts[0], root);
                String to = relative(parts[2], root);
                deps.computeIfAbsent(from, k -> new TreeSet<>());
                deps.computeIfAbsent(to, k -> new TreeSet<>());
                if (!from.equals(to)) {
                    deps.get(from).add(to);
                }
            }
        }
        return new TreeMap<>(deps);
    }

    private static boolean inside(String pkg, String root) {
        return pkg.equals(root) || pkg.startsWith(root + ".");
    }

    private static String relative(String pkg, String root) {
        return pkg.equals(root) ? "" : pkg.substring(root.length() + 1);
    }
}
