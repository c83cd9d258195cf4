package io.eventqueue.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relative links of Markdown files as GitHub renders them: which ones point at a file that does not exist or at
 * a heading the target does not have, and which documents can be reached from a starting one.
 */
final class MarkdownLinks {
    /** {@code [text](target)} or {@code ![alt](target "title")}; text may hold one level of brackets. */
    private static final Pattern LINK = Pattern.compile("!?\\[(?:[^\\[\\]]|\\[[^\\[\\]]*])*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    /** A link found in a document, with the 1-based line it is on. */
    record Link(Path from, int line, String target) {
    }

    private final Path root;
    private final Map<Path, Set<String>> anchors = new HashMap<>();

    /** @param root links may not leave this directory */
    MarkdownLinks(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Every link of {@code doc} outside code blocks and code spans. */
    List<Link> links(Path doc) {
        List<Link> links = new ArrayList<>();
        List<String> lines = prose(read(doc));
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = LINK.matcher(withoutCodeSpans(lines.get(i)));
            while (m.find()) {
                links.add(new Link(doc, i + 1, m.group(1)));
            }
        }
        return links;
    }

    /** Why {@code link} does not resolve, or an empty string when it does (absolute URLs are not followed). */
    String problem(Link link) {
        if (SCHEME.matcher(link.target()).find()) {
            return "";
        }
        int hash = link.target().indexOf('#');
        String file = URLDecoder.decode(hash < 0 ? link.target() : link.target().substring(0, hash), StandardCharsets.UTF_8);
        String anchor = hash < 0 ? null : link.target().substring(hash + 1);
        Path target = file.isEmpty() ? link.from() : link.from().toAbsolutePath().getParent().resolve(file).normalize();
        if (!target.startsWith(root)) {
            return "leaves the repository";
        }
        if (!Files.exists(target)) {
            return "no file " + root.relativize(target);
        }
        if (anchor == null) {
            return "";
        }
        if (!target.toString().endsWith(".md")) {
            return "an anchor into a file that is not Markdown";
        }
        String wanted = URLDecoder.decode(anchor, StandardCharsets.UTF_8);
        if (!anchorsOf(target).contains(wanted)) {
            return "no heading #" + wanted + " in " + root.relativize(target) + " (headings: " + anchorsOf(target) + ")";
        }
        return "";
    }

    /** The Markdown documents reachable from {@code start} through relative links, {@code start} included. */
    Set<Path> reachableFrom(Path start) {
        Set<Path> seen = new LinkedHashSet<>();
        ArrayDeque<Path> todo = new ArrayDeque<>();
        todo.add(start.toAbsolutePath().normalize());
        while (!todo.isEmpty()) {
            Path doc = todo.poll();
            if (!seen.add(doc)) {
                continue;
            }
            for (Link link : links(doc)) {
                String target = link.target();
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                if (SCHEME.matcher(target).find() || !file.endsWith(".md")) {
                    continue;
                }
                Path next = doc.getParent().resolve(URLDecoder.decode(file, StandardCharsets.UTF_8)).normalize();
                if (Files.isRegularFile(next)) {
                    todo.add(next);
                }
            }
        }
        return seen;
    }

    /** The anchors GitHub gives the headings of {@code doc}, repeated headings numbered {@code -1}, {@code -2}, … */
    Set<String> anchorsOf(Path doc) {
        return anchors.computeIfAbsent(doc.toAbsolutePath().normalize(), d -> {
            Set<String> found = new LinkedHashSet<>();
            Map<String, Integer> repeats = new HashMap<>();
            for (String line : prose(read(d))) {
                Matcher m = HEADING.matcher(line);
                if (m.matches()) {
                    String slug = slug(m.group(2));
                    int n = repeats.merge(slug, 1, Integer::sum) - 1;
                    found.add(n == 0 ? slug : slug + "-" + n);
                }
            }
            return found;
        });
    }

    /**
     * GitHub's heading anchor: the heading's text (links reduced to their text, code spans to their content), lower
     * case, without punctuation, spaces turned into hyphens.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)]\\([^)]*\\)", "$1").replace("`", "");
        StringBuilder slug = new StringBuilder();
        text.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }

    /** The lines of a document with fenced code blocks blanked (kept as empty lines so line numbers stay right). */
    private static List<String> prose(List<String> lines) {
        List<String> out = new ArrayList<>(lines.size());
        String fence = null;
        for (String line : lines) {
            Matcher m = FENCE.matcher(line);
            if (fence == null && m.find()) {
                fence = m.group(1);
                out.add("");
            } else if (fence != null) {
                String stripped = line.strip();
                char mark = fence.charAt(0);
                if (stripped.startsWith(fence) && stripped.chars().allMatch(c -> c == mark)) {
                    fence = null;
                }
                out.add("");
            } else {
                out.add(line);
            }
        }
        return out;
    }

    private static String withoutCodeSpans(String line) {
        return line.replaceAll("(`+)(?:(?!\\1).)+?\\1", "``");
    }

    private static List<String> read(Path doc) {
        try {
            return Files.readAllLines(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
