package io.eventqueue.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Clients switch on problem types, so every type the runtime can answer with is in the user documentation. */
class ProblemTypesDocumentedTest {
    @Test
    void everyProblemTypeIsDocumentedWithItsStatus() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        StringBuilder docs = new StringBuilder(Files.readString(root.resolve("README.md")));
        try (var files = Files.list(root.resolve("docs"))) {
            for (Path doc : files.filter(f -> f.toString().endsWith(".md")).toList()) {
                docs.append(Files.readString(doc));
            }
        }
        String text = docs.toString().replaceAll("\\s+", " ");
        List<String> missing = new ArrayList<>();
        for (ProblemType type : ProblemType.values()) {
            String slug = type.uri().substring(ProblemType.BASE_URI.length());
            if (!text.contains("`" + slug + "`")) {
                missing.add(slug);
            }
        }
        assertThat(missing).as("problem types missing from README.md and docs/").isEmpty();
    }
}
