package io.eventqueue.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README.md and docs/: every relative link resolves (file and heading), and every document is reachable from the README. */
class DocsLinksTest {
    private static final Path ROOT = Project.root();
    private static final MarkdownLinks LINKS = new MarkdownLinks(ROOT);

    @Test
    void everyRelativeLinkInTheReadmeAndDocsResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path doc : documents()) {
            for (MarkdownLinks.Link link : LINKS.links(doc)) {
                checked++;
                String problem = LINKS.problem(link);
                if (!problem.isEmpty()) {
                    broken.add(ROOT.relativize(doc) + ":" + link.line() + ": (" + link.target() + ") " + problem);
                }
            }
        }

        assertThat(checked).as("links found").isGreaterThan(50);
        assertThat(broken).isEmpty();
    }

    @Test
    void everyDocIsReachableFromTheReadme() throws IOException {
        Set<Path> reachable = LINKS.reachableFrom(ROOT.resolve("README.md"));

        assertThat(documents()).hasSizeGreaterThanOrEqualTo(8).allSatisfy(doc -> assertThat(reachable).contains(doc));
    }

    @Test
    void theReadmeFitsOnAScreenAndLinksEveryDocDirectly() throws IOException {
        Path readme = ROOT.resolve("README.md");
        Set<Path> linked = new HashSet<>();
        for (MarkdownLinks.Link link : LINKS.links(readme)) {
            String file = link.target().split("#", 2)[0];
            if (!file.isEmpty() && !file.contains(":")) {
                linked.add(ROOT.resolve(file).normalize());
            }
        }

        assertThat(Files.readAllLines(readme)).hasSizeLessThanOrEqualTo(250);
        assertThat(documents().subList(1, documents().size())).allSatisfy(doc -> assertThat(linked).contains(doc));
    }

    @Test
    void anchorsAreGitHubHeadingSlugs() {
        assertThat(MarkdownLinks.slug("The operator–runtime contract")).isEqualTo("the-operatorruntime-contract");
        assertThat(MarkdownLinks.slug("Try it on kind or minikube: `make deploy`"))
                .isEqualTo("try-it-on-kind-or-minikube-make-deploy");
        assertThat(MarkdownLinks.slug("The EventQueue resource (`eventqueue.io/v1alpha1`, short name `eq`)"))
                .isEqualTo("the-eventqueue-resource-eventqueueiov1alpha1-short-name-eq");
        assertThat(MarkdownLinks.slug("A five-minute tour: token → event → stats → metrics"))
                .isEqualTo("a-five-minute-tour-token--event--stats--metrics");
        assertThat(MarkdownLinks.slug("See [the API](api.md) and `dedup_*` keys")).isEqualTo("see-the-api-and-dedup_-keys");
    }

    @Test
    void aMissingFileAMissingHeadingAndAnUnreachableDocAreFound(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("README.md"), """
                # Top
                [api](docs/api.md#calls), [gone](docs/gone.md), [bad anchor](docs/api.md#nowhere),
                [self](#top), [again](#usage-1), [web](https://example.com/x.md), ![logo](docs/logo.png)
                ## Usage
                ## Usage
                ```
                [in a fence](docs/fenced.md)
                ```
                `[in a code span](docs/span.md)` and [outside](../outside.md)
                """);
        Files.writeString(dir.resolve("docs/api.md"), "# API\n\n## Calls\n\nBack to the [README](../README.md#top).\n");
        Files.writeString(dir.resolve("docs/orphan.md"), "# Orphan\n");
        MarkdownLinks links = new MarkdownLinks(dir);

        List<String> problems = links.links(dir.resolve("README.md")).stream()
                .map(l -> l.target() + " → " + links.problem(l))
                .toList();

        assertThat(problems).containsExactly(
                "docs/api.md#calls → ",
                "docs/gone.md → no file docs/gone.md",
                "docs/api.md#nowhere → no heading #nowhere in docs/api.md (headings: [api, calls])",
                "#top → ",
                "#usage-1 → ",
                "https://example.com/x.md → ",
                "docs/logo.png → no file docs/logo.png",
                "../outside.md → leaves the repository");
        assertThat(links.reachableFrom(dir.resolve("README.md")))
                .contains(dir.resolve("docs/api.md"))
                .doesNotContain(dir.resolve("docs/orphan.md"));
    }

    /** README.md and every Markdown file under docs/. */
    private static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> files = Files.walk(ROOT.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }
}
