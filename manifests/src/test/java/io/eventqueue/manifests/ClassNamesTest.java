package io.eventqueue.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One name per concept: no two Java classes of the repository, main or test, share a simple name. */
class ClassNamesTest {

    @Test
    void noTwoClassesShareASimpleName() throws IOException {
        Map<String, List<Path>> byName;
        try (Stream<Path> files = Files.walk(Project.root())) {
            byName = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> f.toString().contains("/src/"))
                    .filter(f -> !f.toString().contains("/target/") && !f.toString().contains("/node_modules/"))
                    .map(Project.root()::relativize)
                    .collect(Collectors.groupingBy(f -> f.getFileName().toString(), TreeMap::new, Collectors.toList()));
        }
        assertThat(byName).as("Java sources found").hasSizeGreaterThan(100);
        assertThat(byName.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getValue).toList())
                .as("classes sharing a simple name").isEmpty();
    }
}
