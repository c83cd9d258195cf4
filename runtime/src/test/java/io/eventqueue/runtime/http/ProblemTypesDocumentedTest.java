package io.eventqueue.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/api.md's table of problem types is the one clients switch on: exactly the runtime's types, each with its status. */
class ProblemTypesDocumentedTest {
    private static final Path API_DOC = Path.of("..", "docs", "api.md");
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z-]+)` \\| (\\d{3}|4xx) \\|");

    @Test
    void everyProblemTypeIsDocumentedWithItsStatus() throws IOException {
        String doc = Files.readString(API_DOC);
        String errors = doc.substring(doc.indexOf("\n## Errors"), doc.indexOf("\n## ", doc.indexOf("\n## Errors") + 1));
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher row = ROW.matcher(errors);
        while (row.find()) {
            documented.put(row.group(1), row.group(2));
        }

        Map<String, String> actual = Arrays.stream(ProblemType.values()).collect(Collectors.toMap(
                t -> t.uri().substring(ProblemType.BASE_URI.length()),
                t -> t == ProblemType.HTTP_ERROR ? "4xx" : String.valueOf(t.status().code()),
                (a, b) -> a, LinkedHashMap::new));
        assertThat(documented).containsExactlyInAnyOrderEntriesOf(actual);
    }
}
